/**
 * The part of a better-sqlite3 `Database` the SQLite store uses, as a structural type: the store
 * receives its client and never imports the driver (only `open-store.ts` does), so the store can
 * be handed any compatible database object.
 */
export interface SqliteRunResult {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

export interface SqliteStatement {
  run(...params: unknown[]): SqliteRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** A function wrapped by `Database.transaction`: calling a variant runs it inside BEGIN … COMMIT. */
export interface SqliteTransaction<T> {
  (): T;
  deferred(): T;
  immediate(): T;
}

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<T>(fn: () => T): SqliteTransaction<T>;
  close(): unknown;
}
