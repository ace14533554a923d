import { dirname, basename, isAbsolute, join, resolve } from 'node:path';
import { isKeypair, publicKeyOf } from '@bigchaindb-ts/core';
import type { Config } from './config.js';
import { ConfigError } from './config-error.js';
import { parseConfigFile } from './parse-config-file.js';
import { envVarName, settings, type Setting, type SettingName, type SettingValues } from './settings.js';
import { Invalid } from './value-kinds.js';

export interface ConfigInputs {
  /** The process environment (or a test's stand-in). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The resolved config file path, whether or not a file exists there. */
  readonly configPath: string;
  /** The config file's text, or null when there is no file. */
  readonly fileText: string | null;
  /** Directory that a relative `BIGCHAINDB_DATABASE_PATH` is resolved against. */
  readonly cwd: string;
}

export interface BuiltConfig {
  readonly config: Config;
  /** Problems worth telling the user that do not stop the node (unknown keys in the file). */
  readonly warnings: readonly string[];
}

/**
 * Computes the configuration from its three layers: for each setting, a non-empty environment
 * variable wins, then the config file, then the default. Pure: no file system, no process globals,
 * so every rule is unit-testable. Throws ConfigError (one line, naming the setting and the value's
 * source) for anything malformed.
 */
export function buildConfig(inputs: ConfigInputs): BuiltConfig {
  const file = inputs.fileText === null ? null : parseConfigFile(inputs.fileText, inputs.configPath);
  const values = {} as Record<SettingName, unknown>;
  const sources = {} as Record<SettingName, string>;
  for (const name of Object.keys(settings) as SettingName[]) {
    const chosen = pick<unknown>(settings[name], inputs.env, file?.values, inputs.configPath);
    values[name] = chosen.value;
    sources[name] = chosen.source;
  }
  const v = values as SettingValues;
  const config = assemble(v, {
    databasePath: sqlitePath(v, sources.databasePath, inputs),
    keypairPublic: checkKeypair(v, sources),
    apiEndpoint: sources.apiEndpoint === defaultSource ? endpointOf(v.serverBind) : v.apiEndpoint,
  });
  checkKeyring(config, sources);
  checkLimits(config);
  return { config: deepFreeze(config), warnings: file?.warnings ?? [] };
}

const defaultSource = 'the default';

function pick<T>(
  s: Setting<T>,
  env: ConfigInputs['env'],
  fileValues: ReadonlyMap<string, unknown> | undefined,
  configPath: string,
): { value: T; source: string } {
  const variable = envVarName(s.key);
  const fromEnv = env[variable];
  // An empty variable counts as unset, as container tooling often exports empty ones.
  if (fromEnv !== undefined && fromEnv !== '') {
    return {
      value: accept(s, s.kind.fromEnv(fromEnv), shorten(JSON.stringify(fromEnv)), variable),
      source: variable,
    };
  }
  if (fileValues?.has(s.key)) {
    const raw = fileValues.get(s.key);
    return {
      value: accept(s, s.kind.fromJson(raw), shorten(JSON.stringify(raw)), configPath),
      source: configPath,
    };
  }
  return { value: s.default, source: defaultSource };
}

function accept<T>(s: Setting<T>, parsed: T | Invalid, shown: string, source: string): T {
  if (!(parsed instanceof Invalid)) return parsed;
  // A secret is never echoed: the message may end up in logs or a bug report.
  const got = s.secret ? 'got something else (not shown: it is secret)' : `got ${parsed.detail ?? shown}`;
  throw new ConfigError(`${s.key} must be ${s.kind.expected}, ${got} (from ${source})`);
}

function shorten(shown: string): string {
  return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
}

/**
 * The SQLite file: an explicit path (relative to the config file's directory when it came from the
 * file, to the working directory when it came from the environment), else `<name>.sqlite` in a data
 * directory beside the config file (`~/.bigchaindb` → `~/.bigchaindb-data/bigchain.sqlite`).
 */
function sqlitePath(v: SettingValues, source: string, inputs: ConfigInputs): string {
  const explicit = v.databasePath;
  if (explicit === null) {
    const dataDir = `${basename(inputs.configPath).replace(/\.json$/, '')}-data`;
    return join(dirname(inputs.configPath), dataDir, `${v.databaseName}.sqlite`);
  }
  if (isAbsolute(explicit)) return explicit;
  const base = source === inputs.configPath ? dirname(inputs.configPath) : inputs.cwd;
  return resolve(base, explicit);
}

/**
 * Unless set, the API endpoint follows `server.bind`, so that moving the server to another port
 * does not leave clients pointed at the old one. A wildcard bind address is reached via localhost.
 */
function endpointOf(bind: string): string {
  const colon = bind.lastIndexOf(':');
  const host = bind.slice(0, colon);
  const reachable = host === '0.0.0.0' || host === '[::]' ? 'localhost' : host;
  return `http://${reachable}:${bind.slice(colon + 1)}/api/v1`;
}

/**
 * The keypair must be consistent: a private key must derive the public key. A private key alone is
 * enough (the public key follows from it); a public key alone is allowed so that `export-my-pubkey`
 * works, but the node will not start without the private key.
 */
function checkKeypair(v: SettingValues, sources: Record<SettingName, string>): string | null {
  const { keypairPublic: pub, keypairPrivate: priv } = v;
  if (priv === null) return pub;
  if (pub === null) return publicKeyOf(priv);
  if (!isKeypair({ publicKey: pub, privateKey: priv })) {
    throw new ConfigError(
      `keypair.private does not belong to keypair.public ${pub} (private key from ${sources.keypairPrivate}, public key from ${sources.keypairPublic})`,
    );
  }
  return pub;
}

function checkKeyring(config: Config, sources: Record<SettingName, string>): void {
  const own = config.keypair.public;
  if (own !== null && config.keyring.includes(own)) {
    throw new ConfigError(
      `keyring must list the other nodes' public keys, not this node's own key ${own} (from ${sources.keyring})`,
    );
  }
}

function checkLimits(config: Config): void {
  const { txSizeBytesMax, bodySizeBytesMax } = config.limits;
  if (bodySizeBytesMax < txSizeBytesMax) {
    throw new ConfigError(
      `limits.body_size_bytes_max (${bodySizeBytesMax}) must be at least limits.tx_size_bytes_max (${txSizeBytesMax})`,
    );
  }
}

function assemble(
  v: SettingValues,
  derived: { databasePath: string; keypairPublic: string | null; apiEndpoint: string },
): Config {
  return {
    keypair: { public: derived.keypairPublic, private: v.keypairPrivate },
    keyring: [...v.keyring],
    database: {
      backend: v.databaseBackend,
      host: v.databaseHost,
      port: v.databasePort,
      name: v.databaseName,
      path: derived.databasePath,
      user: v.databaseUser,
      password: v.databasePassword,
    },
    server: { bind: v.serverBind, workers: v.serverWorkers, threads: v.serverThreads },
    apiEndpoint: derived.apiEndpoint,
    consensusPlugin: v.consensusPlugin,
    statsd: { host: v.statsdHost, port: v.statsdPort, rate: v.statsdRate },
    backlogReassignDelay: v.backlogReassignDelay,
    watchdogInterval: v.watchdogInterval,
    block: { txCountMax: v.blockTxCountMax, flushIntervalMs: v.blockFlushIntervalMs },
    voteQuorum: v.voteQuorum,
    consensusMode: v.consensusMode,
    peers: {
      addresses: [...v.peers],
      max: v.peersMax,
      gossipIntervalMs: v.peersGossipIntervalMs,
      syncIntervalMs: v.peersSyncIntervalMs,
      timeoutMs: v.peersTimeoutMs,
    },
    pow: {
      network: v.powNetwork,
      difficulty: v.powDifficulty,
      confirmations: v.powConfirmations,
      blockIntervalMs: v.powBlockIntervalMs,
      backlogMax: v.powBacklogMax,
    },
    limits: { txSizeBytesMax: v.limitsTxSizeBytesMax, bodySizeBytesMax: v.limitsBodySizeBytesMax },
    explorer: { enabled: v.explorerEnabled },
    spool: { registrars: [...v.spoolRegistrars] },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
