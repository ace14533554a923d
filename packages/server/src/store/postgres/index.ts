export { PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export type { PostgresClient, PostgresPool, PostgresQueryResult } from './postgres-client.js';
export { createDatabaseIfMissing } from './create-database.js';
export type { PostgresListenClient } from './change-listener.js';
// For the built-in indexes' PostgreSQL halves (indexes/core-indexes-postgres.ts).
export { partitionedTableDdl, partitionedTables } from './postgres-schema.js';
