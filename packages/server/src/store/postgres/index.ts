export { PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export type { PostgresClient, PostgresPool, PostgresQueryResult } from './postgres-client.js';
export { createDatabaseIfMissing } from './create-database.js';
export type { PostgresListenClient } from './change-listener.js';
