import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../model/index.js';
import { sqliteBulkWalCheckpointPages } from './constants.js';
import { StoreError } from './errors.js';
import { createDatabaseIfMissing, PostgresStore } from './postgres/index.js';
import { SqliteStore, ThreadedSqliteStore } from './sqlite/index.js';
import { IndexRegistry } from './indexes/index-registry.js';
import type { LedgerIndex } from './indexes/ledger-index.js';
import type { Store } from './store.js';

export interface StoreConfig {
  readonly backend: 'sqlite' | 'postgresql';
  /** SQLite: the database file (its folder is created), or `:memory:`. Default `bigchain.sqlite`. */
  readonly sqlitePath?: string;
  /**
   * SQLite on a file: the pipelines' writes run on a connection in a writer thread, so commits do
   * not block the event loop (default true; false keeps everything on the calling thread).
   */
  readonly sqliteWriterThread?: boolean;
  /** PostgreSQL server; defaults `localhost`, 5432. */
  readonly host?: string;
  readonly port?: number;
  /** PostgreSQL database, created if missing; default `bigchain` (BigchainDB's database name). */
  readonly name?: string;
  /** PostgreSQL role; default `postgres`. */
  readonly user?: string;
  readonly password?: string;
  /** Most PostgreSQL connections the store opens; default 10. */
  readonly poolSize?: number;
  /** Injected so tests are deterministic; default the system clock. */
  readonly clock?: Clock;
  /**
   * The store is being filled in one long run (restore): SQLite checkpoints its write-ahead log
   * far less often (`sqliteBulkWalCheckpointPages`). No effect on PostgreSQL.
   */
  readonly bulkLoad?: boolean;
}

/** What a plugin adds to the store it opens. */
export interface OpenStoreOptions {
  /**
   * Ledger indexes added to the built-in ones (`indexes/ledger-index.ts`). On a SQLite file the
   * writer thread imports each index from its `source`; if one has none, the store keeps its
   * writes on the calling thread instead.
   */
  readonly indexes?: readonly LedgerIndex[];
}

/** How long opening a PostgreSQL connection may take before the store reports it unavailable. */
const pgConnectTimeoutMs = 5_000;

/**
 * Opens the configured store. This module imports the drivers (and the SQLite writer thread
 * `sqlite/writer-worker.ts` imports better-sqlite3) lazily, so a node on SQLite never loads `pg`. The caller then runs `init()`.
 */
export async function openStore(config: StoreConfig, extra: OpenStoreOptions = {}): Promise<Store> {
  const indexes = extra.indexes ?? [];
  // Checked before any connection is opened, so a bad declaration leaves nothing to clean up.
  new IndexRegistry(indexes);
  const options = { ...(config.clock === undefined ? {} : { clock: config.clock }), indexes };
  if (config.backend === 'sqlite') {
    const path = config.sqlitePath ?? 'bigchain.sqlite';
    const { default: Database } = await import('better-sqlite3');
    try {
      // A function cannot cross to the writer thread: an index it cannot import keeps writes here.
      const importable = indexes.every((index) => index.source !== undefined);
      const sqliteOptions =
        config.bulkLoad === true ? { ...options, walCheckpointPages: sqliteBulkWalCheckpointPages } : options;
      if (path === ':memory:' || path === '' || config.sqliteWriterThread === false || !importable)
        return new SqliteStore(new Database(path), sqliteOptions);
      mkdirSync(dirname(path), { recursive: true });
      return new ThreadedSqliteStore(new Database(path), path, sqliteOptions);
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw new StoreError('unavailable', `cannot open the SQLite file ${path}`, { cause: err });
    }
  }
  const { default: pg } = await import('pg');
  const connection = {
    host: config.host ?? 'localhost',
    port: config.port ?? 5432,
    user: config.user ?? 'postgres',
    ...(config.password === undefined ? {} : { password: config.password }),
    connectionTimeoutMillis: pgConnectTimeoutMs,
  };
  const name = config.name ?? 'bigchain';
  await createDatabaseIfMissing(new pg.Client({ ...connection, database: 'postgres' }), name);
  // JIT off: the store's statements are index lookups and range scans, which PostgreSQL's cost
  // estimates (inflated before the first ANALYZE of a bulk-loaded table) sent to JIT compilation
  // costing 50-300 ms a statement, more than the statement itself.
  const pool = new pg.Pool({
    ...connection,
    database: name,
    max: config.poolSize ?? 10,
    options: '-c jit=off',
  });
  // An idle pooled connection that the server drops emits 'error' on the pool; without a
  // listener that would crash the process. The next query reconnects and reports its own error.
  pool.on('error', () => undefined);
  // Change notifications need a connection of their own, outside the pool (LISTEN is per session).
  const listenClient = () => new pg.Client({ ...connection, database: name });
  return new PostgresStore(pool, { ...options, listenClient });
}
