import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/core';
import { buildConfig, type ConfigInputs } from './build-config.js';
import { ConfigError } from './config-error.js';
import { envVarName, settings } from './settings.js';

const configPath = '/home/ada/.bigchaindb';
const alice = generateKeypair();
const bob = generateKeypair();
const carol = generateKeypair();

function build(overrides: Partial<ConfigInputs> & { file?: unknown } = {}) {
  const { file, ...rest } = overrides;
  return buildConfig({
    env: {},
    configPath,
    fileText: file === undefined ? null : JSON.stringify(file),
    cwd: '/work',
    ...rest,
  });
}

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.ok(!error.message.includes('\n'), `message is not one line: ${error.message}`);
    return error.message;
  }
  assert.fail('expected a ConfigError');
}

test('with no environment and no file, every setting has its default', () => {
  const { config, warnings } = build();
  assert.deepEqual(warnings, []);
  assert.deepEqual(config, {
    keypair: { public: null, private: null },
    keyring: [],
    database: {
      backend: 'sqlite',
      host: 'localhost',
      port: 5432,
      name: 'bigchain',
      path: '/home/ada/.bigchaindb-data/bigchain.sqlite',
      user: null,
      password: null,
    },
    server: { bind: 'localhost:9984', workers: null, threads: null },
    apiEndpoint: 'http://localhost:9984/api/v1',
    consensusPlugin: 'default',
    statsd: { host: 'localhost', port: 8125, rate: 0.01 },
    backlogReassignDelay: 30,
    watchdogInterval: 60,
    block: { txCountMax: 1000, flushIntervalMs: 10 },
    voteQuorum: 'majority',
    consensusMode: 'federation',
    peers: { addresses: [], max: 3, gossipIntervalMs: 20_000, syncIntervalMs: 10_000, timeoutMs: 5_000 },
    pow: {
      network: 'bigchaindb-pow',
      difficulty: 5,
      confirmations: 3,
      blockIntervalMs: 1000,
      backlogMax: 10_000,
    },
    limits: { txSizeBytesMax: 65536, bodySizeBytesMax: 1048576 },
    explorer: { enabled: true },
    spool: { registrars: [] },
  });
});

test('the configuration is deeply frozen', () => {
  const { config } = build({ env: { BIGCHAINDB_KEYRING: bob.publicKey } });
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.database));
  assert.ok(Object.isFrozen(config.keyring));
  assert.throws(() => {
    (config.database as { port: number }).port = 1;
  }, TypeError);
});

test('precedence: environment, then file, then default', () => {
  const rows: { env?: string; file?: number; expected: number }[] = [
    { expected: 5432 },
    { file: 6000, expected: 6000 },
    { env: '7000', expected: 7000 },
    { env: '7000', file: 6000, expected: 7000 },
    // An empty variable is treated as unset.
    { env: '', file: 6000, expected: 6000 },
  ];
  for (const row of rows) {
    const { config } = build({
      env: row.env === undefined ? {} : { BIGCHAINDB_DATABASE_PORT: row.env },
      ...(row.file === undefined ? {} : { file: { database: { port: row.file } } }),
    });
    assert.equal(config.database.port, row.expected, JSON.stringify(row));
  }
});

test('every setting can be set from its environment variable and from the file', () => {
  const file = {
    keypair: { public: alice.publicKey, private: alice.privateKey },
    keyring: [bob.publicKey],
    database: {
      backend: 'postgresql',
      host: 'db.example',
      port: 5433,
      name: 'ledger',
      path: '/data/ledger.sqlite',
      user: 'bdb',
      password: 'secret',
    },
    server: { bind: '0.0.0.0:9985', workers: 2, threads: 4 },
    api_endpoint: 'https://node.example/api/v1',
    consensus_plugin: 'my-rules',
    statsd: { host: 'monitor', port: 9125, rate: 0.5 },
    backlog_reassign_delay: 12.5,
    watchdog_interval: 2.5,
    block: { tx_count_max: 50, flush_interval_ms: 0 },
    vote_quorum: 'two_thirds',
    limits: { tx_size_bytes_max: 1000, body_size_bytes_max: 2000 },
    explorer: { enabled: false },
    consensus: { mode: 'proof-of-work' },
    peers: ['a.example:12345', 'http://b.example:12346'],
    peers_max: 5,
    peers_gossip_interval_ms: 1000,
    peers_sync_interval_ms: 2000,
    peers_timeout_ms: 3000,
    pow: { network: 'test-net', difficulty: 2, confirmations: 4, block_interval_ms: 50, backlog_max: 99 },
    spool: { registrars: [alice.publicKey, bob.publicKey] },
  };
  const env: Record<string, string> = {
    BIGCHAINDB_KEYPAIR_PUBLIC: alice.publicKey,
    BIGCHAINDB_KEYPAIR_PRIVATE: alice.privateKey,
    BIGCHAINDB_KEYRING: bob.publicKey,
    BIGCHAINDB_DATABASE_BACKEND: 'postgresql',
    BIGCHAINDB_DATABASE_HOST: 'db.example',
    BIGCHAINDB_DATABASE_PORT: '5433',
    BIGCHAINDB_DATABASE_NAME: 'ledger',
    BIGCHAINDB_DATABASE_PATH: '/data/ledger.sqlite',
    BIGCHAINDB_DATABASE_USER: 'bdb',
    BIGCHAINDB_DATABASE_PASSWORD: 'secret',
    BIGCHAINDB_SERVER_BIND: '0.0.0.0:9985',
    BIGCHAINDB_SERVER_WORKERS: '2',
    BIGCHAINDB_SERVER_THREADS: '4',
    BIGCHAINDB_API_ENDPOINT: 'https://node.example/api/v1',
    BIGCHAINDB_CONSENSUS_PLUGIN: 'my-rules',
    BIGCHAINDB_STATSD_HOST: 'monitor',
    BIGCHAINDB_STATSD_PORT: '9125',
    BIGCHAINDB_STATSD_RATE: '0.5',
    BIGCHAINDB_BACKLOG_REASSIGN_DELAY: '12.5',
    BIGCHAINDB_WATCHDOG_INTERVAL: '2.5',
    BIGCHAINDB_BLOCK_TX_COUNT_MAX: '50',
    BIGCHAINDB_BLOCK_FLUSH_INTERVAL_MS: '0',
    BIGCHAINDB_VOTE_QUORUM: 'two_thirds',
    BIGCHAINDB_LIMITS_TX_SIZE_BYTES_MAX: '1000',
    BIGCHAINDB_LIMITS_BODY_SIZE_BYTES_MAX: '2000',
    BIGCHAINDB_EXPLORER_ENABLED: 'FALSE',
    BIGCHAINDB_CONSENSUS_MODE: 'proof-of-work',
    BIGCHAINDB_PEERS: 'a.example:12345, http://b.example:12346',
    BIGCHAINDB_PEERS_MAX: '5',
    BIGCHAINDB_PEERS_GOSSIP_INTERVAL_MS: '1000',
    BIGCHAINDB_PEERS_SYNC_INTERVAL_MS: '2000',
    BIGCHAINDB_PEERS_TIMEOUT_MS: '3000',
    BIGCHAINDB_POW_NETWORK: 'test-net',
    BIGCHAINDB_POW_DIFFICULTY: '2',
    BIGCHAINDB_POW_CONFIRMATIONS: '4',
    BIGCHAINDB_POW_BLOCK_INTERVAL_MS: '50',
    BIGCHAINDB_POW_BACKLOG_MAX: '99',
    BIGCHAINDB_SPOOL_REGISTRARS: `${alice.publicKey}:${bob.publicKey}`,
  };
  // The table above names every setting's variable, so a new setting must be added here too.
  assert.deepEqual(
    Object.keys(env).sort(),
    Object.values(settings)
      .map((s) => envVarName(s.key))
      .sort(),
  );
  const fromFile = build({ file }).config;
  const fromEnv = build({ env }).config;
  assert.deepEqual(fromEnv, fromFile);
  assert.equal(fromEnv.database.backend, 'postgresql');
  assert.equal(fromEnv.voteQuorum, 'two_thirds');
  assert.equal(fromEnv.backlogReassignDelay, 12.5);
  assert.equal(fromEnv.watchdogInterval, 2.5);
  assert.equal(fromEnv.explorer.enabled, false);
  assert.deepEqual(fromEnv.keyring, [bob.publicKey]);
});

test('every malformed file value is a one-line error naming the setting and the file', () => {
  for (const s of Object.values(settings)) {
    const [section, key] = s.key.split('.') as [string, string | undefined];
    // An object is wrong for every setting, whatever its kind.
    const file = key === undefined ? { [section]: { nested: 1 } } : { [section]: { [key]: { nested: 1 } } };
    const message = configError(() => build({ file }));
    assert.ok(message.startsWith(`config error: ${s.key} must be `), message);
    assert.ok(message.endsWith(`(from ${configPath})`), message);
  }
});

test('malformed environment values are one-line errors naming the setting and the variable', () => {
  const bad: Record<string, string> = {
    BIGCHAINDB_KEYPAIR_PUBLIC: 'not-a-key',
    BIGCHAINDB_KEYPAIR_PRIVATE: 'not-a-key',
    BIGCHAINDB_KEYRING: `${bob.publicKey}:nope`,
    BIGCHAINDB_DATABASE_BACKEND: 'rethinkdb',
    BIGCHAINDB_DATABASE_PORT: 'abc',
    BIGCHAINDB_DATABASE_NAME: 'bad name',
    BIGCHAINDB_SERVER_BIND: 'localhost',
    BIGCHAINDB_SERVER_WORKERS: '0',
    BIGCHAINDB_SERVER_THREADS: '2.5',
    BIGCHAINDB_API_ENDPOINT: 'ftp://x',
    BIGCHAINDB_STATSD_PORT: '70000',
    BIGCHAINDB_STATSD_RATE: '1.5',
    BIGCHAINDB_BACKLOG_REASSIGN_DELAY: '0',
    BIGCHAINDB_BLOCK_TX_COUNT_MAX: '0',
    BIGCHAINDB_BLOCK_FLUSH_INTERVAL_MS: '-1',
    BIGCHAINDB_VOTE_QUORUM: 'all',
    BIGCHAINDB_LIMITS_TX_SIZE_BYTES_MAX: '1e3',
    BIGCHAINDB_LIMITS_BODY_SIZE_BYTES_MAX: 'big',
    BIGCHAINDB_EXPLORER_ENABLED: 'yes',
    BIGCHAINDB_CONSENSUS_MODE: 'longest',
    BIGCHAINDB_POW_DIFFICULTY: '13',
    BIGCHAINDB_PEERS: 'a b',
  };
  for (const [variable, value] of Object.entries(bad)) {
    const s = Object.values(settings).find((x) => envVarName(x.key) === variable)!;
    const message = configError(() => build({ env: { [variable]: value } }));
    assert.ok(message.startsWith(`config error: ${s.key} must be `), message);
    assert.ok(message.endsWith(`(from ${variable})`), message);
  }
  assert.equal(
    configError(() => build({ env: { BIGCHAINDB_DATABASE_PORT: 'abc' } })),
    'config error: database.port must be an integer 1..65535, got "abc" (from BIGCHAINDB_DATABASE_PORT)',
  );
});

test('a malformed secret is never echoed', () => {
  const secret = 'hunter2-hunter2-hunter2';
  const message = configError(() => build({ env: { BIGCHAINDB_KEYPAIR_PRIVATE: secret } }));
  assert.ok(message.includes('keypair.private'));
  assert.ok(!message.includes(secret));
  const fromFile = configError(() => build({ file: { database: { password: 42 } } }));
  assert.ok(fromFile.includes('database.password') && !fromFile.includes('42'), fromFile);
});

test('a file that is not JSON, or not an object, or has a section that is not an object, is an error', () => {
  assert.match(
    configError(() => build({ fileText: '{"database": ' })),
    /^config error: \/home\/ada\/\.bigchaindb is not valid JSON: /,
  );
  assert.match(
    configError(() => build({ fileText: '[]' })),
    /must hold a JSON object/,
  );
  assert.equal(
    configError(() => build({ file: { database: 'localhost' } })),
    'config error: database must be an object of settings, got "localhost" (from /home/ada/.bigchaindb)',
  );
});

test('unknown keys in the file are warnings, not errors', () => {
  const { config, warnings } = build({ file: { databse: {}, database: { hots: 'x', port: 1 } } });
  assert.equal(config.database.port, 1);
  assert.deepEqual(warnings, [
    'config warning: unknown setting "databse" in /home/ada/.bigchaindb is ignored',
    'config warning: unknown setting "database.hots" in /home/ada/.bigchaindb is ignored',
  ]);
});

test('keyring: colon-separated in the environment, a list in the file, checked key by key', () => {
  const env = { BIGCHAINDB_KEYRING: ` ${bob.publicKey} : ${carol.publicKey}` };
  assert.deepEqual(build({ env }).config.keyring, [bob.publicKey, carol.publicKey]);
  assert.deepEqual(build({ file: { keyring: [carol.publicKey] } }).config.keyring, [carol.publicKey]);
  assert.match(
    configError(() => build({ env: { BIGCHAINDB_KEYRING: `${bob.publicKey}:xyz` } })),
    /keyring must be a list of base58 Ed25519 public keys.*, got "xyz" at position 2 \(from BIGCHAINDB_KEYRING\)$/,
  );
  assert.match(
    configError(() => build({ file: { keyring: [bob.publicKey, bob.publicKey] } })),
    /got "\w+" twice/,
  );
  assert.match(
    configError(() => build({ file: { keyring: bob.publicKey } })),
    /keyring must be a list of base58 Ed25519 public keys/,
  );
  assert.match(
    configError(() =>
      build({
        file: { keypair: { public: bob.publicKey, private: bob.privateKey }, keyring: [bob.publicKey] },
      }),
    ),
    /keyring must list the other nodes' public keys, not this node's own key/,
  );
});

test('keypair: the private key must derive the public key; alone, it supplies the public key', () => {
  const message = configError(() =>
    build({
      env: { BIGCHAINDB_KEYPAIR_PRIVATE: bob.privateKey },
      file: { keypair: { public: alice.publicKey, private: alice.privateKey } },
    }),
  );
  assert.match(
    message,
    /^config error: keypair.private does not belong to keypair.public \w+ \(private key from BIGCHAINDB_KEYPAIR_PRIVATE, public key from \/home\/ada\/\.bigchaindb\)$/,
  );
  assert.ok(!message.includes(bob.privateKey));
  const derived = build({ env: { BIGCHAINDB_KEYPAIR_PRIVATE: alice.privateKey } }).config;
  assert.deepEqual(derived.keypair, { public: alice.publicKey, private: alice.privateKey });
  const publicOnly = build({ env: { BIGCHAINDB_KEYPAIR_PUBLIC: alice.publicKey } }).config;
  assert.deepEqual(publicOnly.keypair, { public: alice.publicKey, private: null });
});

test('database.path: beside the config file by default; relative to the file or the working directory', () => {
  assert.equal(
    build({ configPath: '/etc/bdb/node.json' }).config.database.path,
    '/etc/bdb/node-data/bigchain.sqlite',
  );
  assert.equal(
    build({ file: { database: { name: 'other' } } }).config.database.path,
    '/home/ada/.bigchaindb-data/other.sqlite',
  );
  assert.equal(
    build({ file: { database: { path: 'db/x.sqlite' } } }).config.database.path,
    '/home/ada/db/x.sqlite',
  );
  assert.equal(
    build({ env: { BIGCHAINDB_DATABASE_PATH: 'x.sqlite' } }).config.database.path,
    '/work/x.sqlite',
  );
});

test('unless set, api_endpoint follows server.bind', () => {
  const endpoint = (env: Record<string, string>) => build({ env }).config.apiEndpoint;
  assert.equal(endpoint({}), 'http://localhost:9984/api/v1');
  assert.equal(endpoint({ BIGCHAINDB_SERVER_BIND: '0.0.0.0:9985' }), 'http://localhost:9985/api/v1');
  assert.equal(endpoint({ BIGCHAINDB_SERVER_BIND: '10.0.0.5:80' }), 'http://10.0.0.5:80/api/v1');
  assert.equal(
    endpoint({ BIGCHAINDB_SERVER_BIND: '0.0.0.0:9985', BIGCHAINDB_API_ENDPOINT: 'https://x.example/api/v1' }),
    'https://x.example/api/v1',
  );
});

test('the body size limit may not be below the transaction size limit', () => {
  assert.equal(
    configError(() => build({ file: { limits: { tx_size_bytes_max: 2000, body_size_bytes_max: 1000 } } })),
    'config error: limits.body_size_bytes_max (1000) must be at least limits.tx_size_bytes_max (2000)',
  );
});

test('null in the file means "unset" only where the seed allows it', () => {
  const { config } = build({ file: { server: { workers: null, threads: 3 }, keypair: { public: null } } });
  assert.equal(config.server.workers, null);
  assert.equal(config.server.threads, 3);
  assert.match(
    configError(() => build({ file: { database: { port: null } } })),
    /got null/,
  );
});

test('an empty statsd.host in the file is accepted: it switches the StatsD push off', () => {
  assert.equal(build({ file: { statsd: { host: '' } } }).config.statsd.host, '');
  // An empty environment variable is unset, as for every setting: the default stands.
  assert.equal(build({ env: { BIGCHAINDB_STATSD_HOST: '' } }).config.statsd.host, 'localhost');
});
