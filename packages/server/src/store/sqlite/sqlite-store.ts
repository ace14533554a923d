import { systemClock, type Clock } from '../../model/index.js';
import { IndexRegistry } from '../indexes/index-registry.js';
import type { LedgerIndex } from '../indexes/ledger-index.js';
import { FacetedStore } from '../faceted-store.js';
import { SqliteBacklog } from './sqlite-backlog.js';
import { SqliteBackup } from './sqlite-backup.js';
import { SqliteChainReads } from './sqlite-chain-reads.js';
import { SqliteChainWrites } from './sqlite-chain-writes.js';
import type { SqliteDatabase } from './sqlite-client.js';
import { SqliteContext } from './sqlite-context.js';
import { SqliteLedgerIndexes } from './sqlite-ledger-indexes.js';
import { SqliteLedgerReads } from './sqlite-ledger-reads.js';
import { SqliteOperations } from './sqlite-operations.js';
import { SqliteQueries } from './sqlite-queries.js';

export interface SqliteStoreOptions {
  /** Stamps `updated_at_ms`, `assigned_at_ms` and decisions; injected so tests are deterministic. */
  readonly clock?: Clock;
  /**
   * The connection's page cache, in KiB (SQLite's default is 2 MiB). Ids are random, so every
   * index insert touches a random page; once the indexes outgrow the cache each insert reads
   * pages back from the file, and the node's rate fell with the ledger's size.
   */
  readonly cacheKiB?: number;
  /** Ledger indexes added to the built-in ones (`indexes/ledger-index.ts`). */
  readonly indexes?: readonly LedgerIndex[];
  /** Pages of write-ahead log between automatic checkpoints (`constants.ts`). */
  readonly walCheckpointPages?: number;
}

/**
 * The store on SQLite through better-sqlite3: one facet implementation per concern, all on one
 * connection (`SqliteContext`); `FacetedStore` routes each method of the contract to its facet.
 */
export class SqliteStore extends FacetedStore {
  readonly backend = 'sqlite' as const;

  constructor(db: SqliteDatabase, options: SqliteStoreOptions = {}) {
    const context = new SqliteContext(db, options.clock ?? systemClock, new IndexRegistry(options.indexes));
    const indexes = new SqliteLedgerIndexes(context);
    super({
      operations: new SqliteOperations(context, indexes, {
        ...(options.cacheKiB === undefined ? {} : { cacheKiB: options.cacheKiB }),
        ...(options.walCheckpointPages === undefined
          ? {}
          : { walCheckpointPages: options.walCheckpointPages }),
      }),
      backlog: new SqliteBacklog(context),
      chainWrites: new SqliteChainWrites(context, indexes),
      chainReads: new SqliteChainReads(context),
      reads: new SqliteLedgerReads(context),
      queries: new SqliteQueries(context),
      indexes,
      // One process owns the file: there is nobody else's change to announce, so never live.
      notifications: { listen: () => Promise.resolve({ live: false, close: () => Promise.resolve() }) },
      backup: new SqliteBackup(context),
    });
  }
}
