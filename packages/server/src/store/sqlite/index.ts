export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export type { SqliteDatabase, SqliteStatement, SqliteRunResult, SqliteTransaction } from './sqlite-client.js';
export { ThreadedSqliteStore } from './threaded-sqlite-store.js';
