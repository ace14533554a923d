// The only public door of the store.
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
  Store,
  StoreOperations,
} from './store.js';
export {
  defineLedgerIndex,
  postgresRowInserter,
  sqliteRowInserter,
  type ClaimRule,
  type IndexColumn,
  type IndexedBlock,
  type IndexedTx,
  type LedgerIndex,
  type PostgresIndexDialect,
  type PostgresIndexSession,
  type SqliteIndexDialect,
  type SqliteIndexSession,
} from './indexes/ledger-index.js';
export type * from './types.js';
export type { ChainExportPage, ChainExportResult } from './facets/backup-store.js';
export {
  ConflictError,
  StoreError,
  isStoreError,
  type ClaimConflict,
  type SpendConflict,
  type StoreErrorCode,
  type TxConflict,
} from './errors.js';
export {
  blockPageSizeMax,
  blockPositionsMax,
  digestPageSizeMax,
  fieldTermsPerDocumentMax,
  filterConditionsMax,
  pageSizeMax,
  reassignBatchMax,
  searchTextLengthMax,
} from './constants.js';
export { openStore, type OpenStoreOptions, type StoreConfig } from './open-store.js';
export { SqliteStore, type SqliteDatabase, type SqliteStoreOptions } from './sqlite/index.js';
export {
  PostgresStore,
  createDatabaseIfMissing,
  type PostgresClient,
  type PostgresListenClient,
  type PostgresPool,
  type PostgresStoreOptions,
} from './postgres/index.js';
