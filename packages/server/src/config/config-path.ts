import { join, resolve } from 'node:path';
import { configPathEnvVar } from './settings.js';

/** Where the config file path came from, in order of precedence. */
export type ConfigPathSource = '-c' | typeof configPathEnvVar | 'default';

export interface ConfigPathChoice {
  /** Absolute path of the config file (which need not exist). */
  readonly path: string;
  readonly source: ConfigPathSource;
}

/**
 * Chooses the config file: the `-c` option wins over `BIGCHAINDB_CONFIG_PATH`, which wins over
 * `$HOME/.bigchaindb`. Relative paths are taken from the working directory, as a shell user expects.
 */
export function resolveConfigPath(inputs: {
  readonly cliPath: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly cwd: string;
}): ConfigPathChoice {
  if (inputs.cliPath !== undefined && inputs.cliPath !== '') {
    return { path: resolve(inputs.cwd, inputs.cliPath), source: '-c' };
  }
  const fromEnv = inputs.env[configPathEnvVar];
  if (fromEnv !== undefined && fromEnv !== '') {
    return { path: resolve(inputs.cwd, fromEnv), source: configPathEnvVar };
  }
  return { path: join(inputs.homeDir, '.bigchaindb'), source: 'default' };
}
