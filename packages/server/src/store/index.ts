// The only public door of the store.
export type { Store } from './store.js';
export type * from './types.js';
export {
  ConflictError,
  StoreError,
  isStoreError,
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
export { openStore, type StoreConfig } from './open-store.js';
export { SqliteStore, type SqliteDatabase, type SqliteStoreOptions } from './sqlite/index.js';
export {
  PostgresStore,
  createDatabaseIfMissing,
  type PostgresClient,
  type PostgresListenClient,
  type PostgresPool,
  type PostgresStoreOptions,
} from './postgres/index.js';
