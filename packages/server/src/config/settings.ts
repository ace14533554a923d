import { defaultLimits } from '@bigchaindb-ts/core';
import {
  addressList,
  boolean,
  decimal,
  hostPort,
  httpUrl,
  integer,
  nullable,
  oneOf,
  privateKey,
  publicKey,
  publicKeyList,
  text,
  type ValueKind,
} from './value-kinds.js';

/** One configuration setting: its config file key (the seed's name), what it may be, its default. */
export interface Setting<T> {
  /** Dotted snake_case key in the config file, e.g. `database.port`. */
  readonly key: string;
  readonly kind: ValueKind<T>;
  readonly default: T;
  /** Secret values are never echoed in error messages and are masked by `show-config`. */
  readonly secret: boolean;
}

function setting<T>(key: string, kind: ValueKind<T>, defaultValue: T, secret = false): Setting<T> {
  return { key, kind, default: defaultValue, secret };
}

const databaseName = text(
  'a name of letters, digits and underscores, at most 63 long, not starting with a digit',
  (s) => /^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(s),
);
const port = integer(1, 65535);

/**
 * Every setting, in the order the config file lists them. The environment variable of a setting is
 * derived from its key (see `envVarName`), so the seed's names (`BIGCHAINDB_DATABASE_PORT`, ...)
 * hold for every setting, including the ones the seed did not have yet.
 */
export const settings = {
  keypairPublic: setting('keypair.public', nullable(publicKey), null),
  keypairPrivate: setting('keypair.private', nullable(privateKey), null, true),
  keyring: setting<readonly string[]>('keyring', publicKeyList, []),
  databaseBackend: setting('database.backend', oneOf(['sqlite', 'postgresql']), 'sqlite'),
  databaseHost: setting('database.host', text(), 'localhost'),
  databasePort: setting('database.port', port, 5432),
  databaseName: setting('database.name', databaseName, 'bigchain'),
  // Null means "next to the config file"; the loader turns it into a concrete path.
  databasePath: setting('database.path', nullable(text('a file path')), null),
  databaseUser: setting('database.user', nullable(text()), null),
  databasePassword: setting('database.password', nullable(text('a string')), null, true),
  serverBind: setting('server.bind', hostPort, 'localhost:9984'),
  serverWorkers: setting('server.workers', nullable(integer(1, 1024)), null),
  serverThreads: setting('server.threads', nullable(integer(1, 1024)), null),
  // When unset, the loader derives it from server.bind; with the default bind this is the value.
  apiEndpoint: setting('api_endpoint', httpUrl, 'http://localhost:9984/api/v1'),
  consensusPlugin: setting('consensus_plugin', text(), 'default'),
  // Empty switches the StatsD push off (docs/operations.md).
  statsdHost: setting(
    'statsd.host',
    text('a host name, or "" for no StatsD push', () => true),
    'localhost',
  ),
  statsdPort: setting('statsd.port', port, 8125),
  statsdRate: setting('statsd.rate', decimal(0, 1, { expected: 'a number 0..1' }), 0.01),
  backlogReassignDelay: setting(
    'backlog_reassign_delay',
    decimal(0, Number.MAX_SAFE_INTEGER, { aboveMin: true, expected: 'a number of seconds > 0' }),
    30,
  ),
  // How often each node's watchdog re-checks the stored chain (it also checks at start, and at once
  // when PostgreSQL announces an edit of the append-only tables).
  watchdogInterval: setting(
    'watchdog_interval',
    decimal(0, Number.MAX_SAFE_INTEGER, { aboveMin: true, expected: 'a number of seconds > 0' }),
    60,
  ),
  blockTxCountMax: setting('block.tx_count_max', integer(1), 1000),
  blockFlushIntervalMs: setting('block.flush_interval_ms', integer(0), 10),
  voteQuorum: setting('vote_quorum', oneOf(['majority', 'two_thirds']), 'majority'),
  limitsTxSizeBytesMax: setting('limits.tx_size_bytes_max', integer(1), defaultLimits.txSizeBytesMax),
  // Fastify's own default body limit; one request carries one transaction plus a little framing.
  limitsBodySizeBytesMax: setting('limits.body_size_bytes_max', integer(1), 1024 * 1024),
  // The explorer's pages at /explorer/ on the API port (docs/explorer.md).
  explorerEnabled: setting('explorer.enabled', boolean, true),
  // Proof-of-work mode (docs/proof-of-work.md). Flat `peers_*` keys so the environment names are
  // BIGCHAINDB_PEERS, BIGCHAINDB_PEERS_MAX, ... as the issue names them.
  consensusMode: setting('consensus.mode', oneOf(['federation', 'proof-of-work']), 'federation'),
  peers: setting<readonly string[]>('peers', addressList, []),
  peersMax: setting('peers_max', integer(1, 1000), 3),
  peersGossipIntervalMs: setting('peers_gossip_interval_ms', integer(1), 20_000),
  peersSyncIntervalMs: setting('peers_sync_interval_ms', integer(1), 10_000),
  peersTimeoutMs: setting('peers_timeout_ms', integer(1), 5_000),
  powNetwork: setting('pow.network', text('a network name'), 'bigchaindb-pow'),
  powDifficulty: setting('pow.difficulty', integer(1, 12), 5),
  powConfirmations: setting('pow.confirmations', integer(1), 3),
  powBlockIntervalMs: setting('pow.block_interval_ms', integer(0), 1000),
  powBacklogMax: setting('pow.backlog_max', integer(1), 10_000),
  // The SPOOL registry (docs/spool.md): who may register pieces, editions and their number. Empty
  // means the federation's node keys (this node's and the keyring's); every member must agree.
  spoolRegistrars: setting<readonly string[]>('spool.registrars', publicKeyList, []),
} as const;

export type SettingName = keyof typeof settings;

/** The value type of every setting, by name. */
export type SettingValues = {
  -readonly [K in SettingName]: (typeof settings)[K] extends Setting<infer T> ? T : never;
};

/** `database.port` → `BIGCHAINDB_DATABASE_PORT`. */
export function envVarName(key: string): string {
  return `BIGCHAINDB_${key.toUpperCase().replaceAll('.', '_')}`;
}

export const configPathEnvVar = 'BIGCHAINDB_CONFIG_PATH';
