import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { generateKeypair } from '@bigchaindb-ts/core';
import {
  buildConfig,
  envVarName,
  formatConfigFile,
  Invalid,
  resolveConfigPath,
  settings,
  type Config,
  type DatabaseBackend,
  type Setting,
} from '../config/index.js';
import { CliError } from './cli-error.js';
import { createPrompter, type Prompter } from './prompter.js';
import { writeConfigFile } from './write-config-file.js';

type Env = Record<string, string | undefined>;

export interface ConfigureOptions {
  /** The `-c` option, if given. */
  readonly cliPath: string | undefined;
  /** `-y`: take every default without asking. */
  readonly yes: boolean;
  /** `--force`: replace an existing file without asking. */
  readonly force: boolean;
  /** `--backend`: the database backend to write (and to offer as the default when asking). */
  readonly backend: DatabaseBackend | undefined;
  readonly env?: Readonly<Env>;
  readonly cwd?: string;
}

/** One question `configure` asks; the answer is read exactly like the setting's environment variable. */
interface Question {
  readonly setting: Setting<unknown>;
  readonly text: string;
  readonly current: (config: Config) => string;
  readonly when?: (config: Config) => boolean;
}

const sqlite = (config: Config): boolean => config.database.backend === 'sqlite';
const postgresql = (config: Config): boolean => config.database.backend === 'postgresql';

const questions: readonly Question[] = [
  {
    setting: settings.databaseBackend,
    text: 'Database backend (sqlite or postgresql)',
    current: (c) => c.database.backend,
  },
  { setting: settings.databasePath, text: 'SQLite file', current: (c) => c.database.path, when: sqlite },
  {
    setting: settings.databaseHost,
    text: 'PostgreSQL host',
    current: (c) => c.database.host,
    when: postgresql,
  },
  {
    setting: settings.databasePort,
    text: 'PostgreSQL port',
    current: (c) => String(c.database.port),
    when: postgresql,
  },
  {
    setting: settings.databaseName,
    text: 'Database name',
    current: (c) => c.database.name,
    when: postgresql,
  },
  {
    setting: settings.databaseUser,
    text: 'PostgreSQL user (Enter for postgres)',
    current: (c) => c.database.user ?? '',
    when: postgresql,
  },
  {
    setting: settings.serverBind,
    text: 'API server bind address (host:port)',
    current: (c) => c.server.bind,
  },
  { setting: settings.apiEndpoint, text: 'API endpoint for clients', current: (c) => c.apiEndpoint },
  {
    setting: settings.keyring,
    text: "Other nodes' public keys, colon-separated (Enter for none)",
    current: (c) => c.keyring.join(':'),
  },
];

/**
 * `bigchaindb configure`: writes a config file with a fresh keypair and the defaults, or the
 * answers to a few questions. Values already set in the environment are the starting point, as
 * they would be when the node runs. Returns the path written, or undefined when the user declined
 * to replace an existing file.
 */
export async function runConfigure(options: ConfigureOptions): Promise<string | undefined> {
  const cwd = options.cwd ?? process.cwd();
  const env: Env = { ...(options.env ?? process.env) };
  const { path } = resolveConfigPath({ cliPath: options.cliPath, env, homeDir: homedir(), cwd });
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (exists && options.yes && !options.force) {
    throw new CliError(`${path} already exists; not replacing it (add --force to replace it)`);
  }
  const prompter = options.yes ? undefined : createPrompter();
  try {
    if (exists && !options.force && !(await prompter?.confirm(`${path} already exists. Replace it?`))) {
      process.stderr.write(`Left ${path} as it was.\n`);
      return undefined;
    }
    addKeypair(env);
    if (options.backend !== undefined) env[envVarName(settings.databaseBackend.key)] = options.backend;
    const build = (): Config => buildConfig({ env, configPath: path, fileText: null, cwd }).config;
    let config = build();
    if (prompter !== undefined) {
      process.stderr.write('Generated a new keypair. Press Enter to keep the value in brackets.\n');
      for (const question of questions) {
        if (question.when !== undefined && !question.when(config)) continue;
        const answer = await askValid(prompter, question, question.current(config));
        if (answer !== question.current(config)) {
          env[envVarName(question.setting.key)] = answer;
          config = build();
        }
      }
    }
    await writeConfigFile(path, formatConfigFile(config));
    return path;
  } finally {
    prompter?.close();
  }
}

/**
 * A keypair for the file: the one in the environment if there is one, else a fresh one. A public key
 * alone in the environment cannot be completed, and silently replacing it would be a surprise.
 */
function addKeypair(env: Env): void {
  const publicVar = envVarName(settings.keypairPublic.key);
  const privateVar = envVarName(settings.keypairPrivate.key);
  if (env[privateVar]) return;
  if (env[publicVar]) {
    throw new CliError(
      `${publicVar} is set but ${privateVar} is not; set both to use that keypair, or neither to generate one`,
    );
  }
  const keypair = generateKeypair();
  env[publicVar] = keypair.publicKey;
  env[privateVar] = keypair.privateKey;
}

async function askValid(prompter: Prompter, question: Question, current: string): Promise<string> {
  for (;;) {
    const answer = await prompter.ask(question.text, current);
    if (answer === current || !(question.setting.kind.fromEnv(answer) instanceof Invalid)) return answer;
    process.stderr.write(`  ${question.setting.key} must be ${question.setting.kind.expected}; try again\n`);
  }
}
