import type { BacklogStore } from './facets/backlog-store.js';
import type { BackupStore } from './facets/backup-store.js';
import type { ChainReads, ChainStore, ChainWrites } from './facets/chain-store.js';
import type { ChangeNotifications } from './facets/change-notifications.js';
import type { LedgerIndexStore } from './facets/ledger-index-store.js';
import type { LedgerQueries } from './facets/ledger-queries.js';
import type { LedgerReads } from './facets/ledger-reads.js';
import type { StoreOperations } from './facets/store-operations.js';

export type {
  BacklogStore,
  BackupStore,
  ChainReads,
  ChainStore,
  ChainWrites,
  ChangeNotifications,
  LedgerIndexStore,
  LedgerQueries,
  LedgerReads,
  StoreOperations,
};

/**
 * The node's storage, one contract over SQLite and PostgreSQL (docs/node-design.md, docs/store.md),
 * made of facets that each say what they are for: the backlog, the chain (blocks, votes,
 * decisions and the pipelines' writes), point reads of the ledger, the users' queries, the ledger
 * indexes, operations, change notifications, and backups. A part of the node that needs one facet can ask
 * for just that one.
 *
 * Every method is batch-shaped: arrays in, arrays out, answers aligned with the question's order
 * (null where nothing was found). The hot paths touch thousands of rows per block, and one
 * statement or one transaction per batch is what keeps them fast (PostgreSQL round trips cost
 * about 94 µs each; SQLite commits dirty one index page per row).
 *
 * Failures are `StoreError`s with a stable `code`; collisions of a block with live blocks are a
 * `ConflictError` listing every collision. Outcomes the pipelines expect (a duplicate vote, a
 * transaction already in the backlog, a block already decided) are returned as data, not thrown.
 */
export type Store = StoreOperations &
  BacklogStore &
  ChainStore &
  LedgerReads &
  LedgerQueries &
  LedgerIndexStore &
  ChangeNotifications &
  BackupStore;
