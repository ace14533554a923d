import { systemClock, type Clock } from '../../model/index.js';
import { IndexRegistry } from '../indexes/index-registry.js';
import type { LedgerIndex } from '../indexes/ledger-index.js';
import { FacetedStore } from '../faceted-store.js';
import type { PostgresListenClient } from './change-listener.js';
import { PostgresBacklog } from './postgres-backlog.js';
import { PostgresBackup } from './postgres-backup.js';
import { PostgresChainReads } from './postgres-chain-reads.js';
import { PostgresChainWrites } from './postgres-chain-writes.js';
import { PostgresChangeNotifications } from './postgres-change-notifications.js';
import type { PostgresPool } from './postgres-client.js';
import { PostgresContext } from './postgres-context.js';
import { PostgresLedgerIndexes } from './postgres-ledger-indexes.js';
import { PostgresLedgerReads } from './postgres-ledger-reads.js';
import { PostgresOperations } from './postgres-operations.js';
import { PostgresQueries } from './postgres-queries.js';

export interface PostgresStoreOptions {
  /** Stamps `updated_at_ms`, `assigned_at_ms` and decisions; injected so tests are deterministic. */
  readonly clock?: Clock;
  /**
   * Opens a connection of its own for `listen` (a `pg.Client` on the same database). Without it
   * the store cannot listen, and `listen` answers a subscription that is not live.
   */
  readonly listenClient?: () => PostgresListenClient;
  /** Ledger indexes added to the built-in ones (`indexes/ledger-index.ts`). */
  readonly indexes?: readonly LedgerIndex[];
}

/**
 * The store on PostgreSQL through a `pg` Pool: one facet implementation per concern, all on one
 * pool (`PostgresContext`); `FacetedStore` routes each method of the contract to its facet.
 *
 * Each atomic operation is one BEGIN … COMMIT on one pooled connection; deadlocks and
 * serialization failures rerun the whole transaction (`PostgresContext.transaction`).
 */
export class PostgresStore extends FacetedStore {
  readonly backend = 'postgresql' as const;

  /** The store owns `pool` from here on: `close()` ends it. */
  constructor(pool: PostgresPool, options: PostgresStoreOptions = {}) {
    const context = new PostgresContext(
      pool,
      options.clock ?? systemClock,
      new IndexRegistry(options.indexes),
    );
    const indexes = new PostgresLedgerIndexes(context);
    const notifications = new PostgresChangeNotifications(options.listenClient);
    super({
      operations: new PostgresOperations(context, indexes, notifications),
      backlog: new PostgresBacklog(context),
      chainWrites: new PostgresChainWrites(context, indexes),
      chainReads: new PostgresChainReads(context),
      reads: new PostgresLedgerReads(context),
      queries: new PostgresQueries(context),
      indexes,
      notifications,
      backup: new PostgresBackup(context),
    });
  }
}
