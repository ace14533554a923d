import type { Config } from './config.js';

/** What `show-config` prints in place of a secret. */
export const maskedSecret = '***';

/**
 * The configuration in the config file's own shape (the seed's snake_case keys), ready for
 * `JSON.stringify`. With `maskSecrets`, the private key and the database password read `***`.
 */
export function configToFileObject(
  config: Config,
  options: { maskSecrets: boolean },
): Record<string, unknown> {
  const secret = (value: string | null): string | null =>
    options.maskSecrets && value !== null ? maskedSecret : value;
  const { database: db, server, statsd, block, limits } = config;
  return {
    keypair: { public: config.keypair.public, private: secret(config.keypair.private) },
    keyring: [...config.keyring],
    database: {
      backend: db.backend,
      host: db.host,
      port: db.port,
      name: db.name,
      path: db.path,
      user: db.user,
      password: secret(db.password),
    },
    server: { bind: server.bind, workers: server.workers, threads: server.threads },
    api_endpoint: config.apiEndpoint,
    consensus_plugin: config.consensusPlugin,
    statsd: { host: statsd.host, port: statsd.port, rate: statsd.rate },
    backlog_reassign_delay: config.backlogReassignDelay,
    watchdog_interval: config.watchdogInterval,
    block: { tx_count_max: block.txCountMax, flush_interval_ms: block.flushIntervalMs },
    vote_quorum: config.voteQuorum,
    consensus: { mode: config.consensusMode },
    peers: [...config.peers.addresses],
    peers_max: config.peers.max,
    peers_gossip_interval_ms: config.peers.gossipIntervalMs,
    peers_sync_interval_ms: config.peers.syncIntervalMs,
    peers_timeout_ms: config.peers.timeoutMs,
    pow: {
      network: config.pow.network,
      difficulty: config.pow.difficulty,
      confirmations: config.pow.confirmations,
      block_interval_ms: config.pow.blockIntervalMs,
      backlog_max: config.pow.backlogMax,
    },
    limits: { tx_size_bytes_max: limits.txSizeBytesMax, body_size_bytes_max: limits.bodySizeBytesMax },
    explorer: { enabled: config.explorer.enabled },
    spool: { registrars: [...config.spool.registrars] },
  };
}

/** The text of a config file holding `config`, secrets included. */
export function formatConfigFile(config: Config): string {
  return `${JSON.stringify(configToFileObject(config, { maskSecrets: false }), null, 2)}\n`;
}
