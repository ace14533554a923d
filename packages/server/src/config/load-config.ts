import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { buildConfig, type BuiltConfig } from './build-config.js';
import { ConfigError } from './config-error.js';
import { resolveConfigPath, type ConfigPathChoice } from './config-path.js';

export interface LoadConfigOptions {
  /** The `-c` option, if given. */
  readonly cliPath?: string | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly homeDir?: string;
}

export interface LoadedConfig extends BuiltConfig {
  /** The config file that was (or would have been) read. */
  readonly file: ConfigPathChoice & { readonly found: boolean };
}

/**
 * The I/O around `buildConfig`: finds and reads the config file, then builds the configuration.
 * A missing file is fine at the default location (defaults and environment apply), but a file named
 * by `-c` or `BIGCHAINDB_CONFIG_PATH` must exist, so that a typo in the path is not silently ignored.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const choice = resolveConfigPath({
    cliPath: options.cliPath,
    env,
    homeDir: options.homeDir ?? homedir(),
    cwd,
  });
  const fileText = await readConfigText(choice);
  const built = buildConfig({ env, configPath: choice.path, fileText, cwd });
  return { ...built, file: { ...choice, found: fileText !== null } };
}

/** The file's text, or null when it does not exist at the default location. */
export async function readConfigText(choice: ConfigPathChoice): Promise<string | null> {
  try {
    return await readFile(choice.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (choice.source === 'default') return null;
      throw new ConfigError(
        `config file ${choice.path} (from ${choice.source}) does not exist; create it with \`bigchaindb -c ${choice.path} configure\``,
      );
    }
    throw new ConfigError(`cannot read config file ${choice.path}: ${code ?? String(error)}`);
  }
}
