/**
 * The node's configuration, as the rest of the server sees it: typed, complete and frozen.
 *
 * Property names are the camelCase forms of the config file's snake_case keys (`api_endpoint` is
 * `apiEndpoint`, `block.flush_interval_ms` is `block.flushIntervalMs`), so a setting has one name in
 * the file and the environment (the seed's) and one in TypeScript, and the two map mechanically.
 */
export interface Config {
  /** This node's Ed25519 keypair (base58). Either may be null when not configured yet. */
  readonly keypair: {
    readonly public: string | null;
    readonly private: string | null;
  };
  /** Public keys of the other nodes of the federation, never this node's own. */
  readonly keyring: readonly string[];
  readonly database: DatabaseConfig;
  readonly server: {
    /** Where the HTTP API listens, `host:port` (port 0 asks the OS for a free one). */
    readonly bind: string;
    /** HTTP worker processes; null lets the node derive it from the number of cores. */
    readonly workers: number | null;
    /** Threads per worker (signature checks); null lets the node derive it from the number of cores. */
    readonly threads: number | null;
  };
  /** The URL where clients reach the HTTP API; unless set, `http://<server.bind>/api/v1`. */
  readonly apiEndpoint: string;
  /** `default`, an npm package name or a path to a module that provides consensus rules. */
  readonly consensusPlugin: string;
  readonly statsd: {
    readonly host: string;
    readonly port: number;
    /** Fraction of operations sampled, 0 ..= 1. */
    readonly rate: number;
  };
  /** Seconds a backlog transaction may wait for its assignee before it is reassigned. */
  readonly backlogReassignDelay: number;
  /** Seconds between two passes of the watchdog over the stored chain. */
  readonly watchdogInterval: number;
  readonly block: {
    /** Most transactions in one block. */
    readonly txCountMax: number;
    /** How long the block pipeline waits for more transactions before it writes a partial block. */
    readonly flushIntervalMs: number;
  };
  /** How many valid votes decide a block: more than half, or at least two thirds, of its voters. */
  readonly voteQuorum: VoteQuorum;
  /** `federation` (voting, the default) or `proof-of-work` (docs/proof-of-work.md). */
  readonly consensusMode: 'federation' | 'proof-of-work';
  /** Proof-of-work mode: peers to start with and the peer jobs' limits. */
  readonly peers: {
    readonly addresses: readonly string[];
    readonly max: number;
    readonly gossipIntervalMs: number;
    readonly syncIntervalMs: number;
    readonly timeoutMs: number;
  };
  /** Proof-of-work mode: the network (name and difficulty, in its genesis) and the miner. */
  readonly pow: {
    readonly network: string;
    readonly difficulty: number;
    readonly confirmations: number;
    readonly blockIntervalMs: number;
    readonly backlogMax: number;
  };
  readonly spool: {
    /** Keys that may register SPOOL pieces, editions and their number; empty: the federation's keys. */
    readonly registrars: readonly string[];
  };
  readonly limits: {
    /** Largest serialized transaction accepted, in bytes. */
    readonly txSizeBytesMax: number;
    /** Largest HTTP request body accepted, in bytes; never below `txSizeBytesMax`. */
    readonly bodySizeBytesMax: number;
  };
  readonly explorer: {
    /** Serve the explorer's pages at `/explorer/` on the API port. */
    readonly enabled: boolean;
  };
}

export type DatabaseBackend = 'sqlite' | 'postgresql';
export type VoteQuorum = 'majority' | 'two_thirds';

export interface DatabaseConfig {
  readonly backend: DatabaseBackend;
  /** PostgreSQL server host. */
  readonly host: string;
  /** PostgreSQL server port. */
  readonly port: number;
  /** PostgreSQL database name; also names the default SQLite file. */
  readonly name: string;
  /** Absolute path of the SQLite file (always resolved, even when the backend is PostgreSQL). */
  readonly path: string;
  /** PostgreSQL user; null uses the store's default (`postgres`). */
  readonly user: string | null;
  /** PostgreSQL password; null sends none (trust authentication, or `PGPASSWORD` / `.pgpass`). */
  readonly password: string | null;
}
