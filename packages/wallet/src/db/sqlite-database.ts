import { sqliteBusyTimeoutMs } from '../constants.js';
import { Mutex } from './mutex.js';
import type { Database, Row, SqlSession, SqlValue } from './sql-session.js';

/** The part of a better-sqlite3 `Database` used here, as a structural type (the driver is imported only by `open-database.ts`). */
export interface SqliteStatement {
  run(...params: unknown[]): { readonly changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  readonly reader: boolean;
}
export interface SqliteClient {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string): unknown;
  defaultSafeIntegers(toggle?: boolean): unknown;
  close(): unknown;
}

/**
 * SQLite: every write transaction is `BEGIN IMMEDIATE`, so it holds the one write lock from its
 * start and never fails to upgrade half way; SQLite's transactions are serializable. Another
 * process holding the lock longer than the busy timeout gives SQLITE_BUSY, a conflict the
 * resolver retries. Integers come back as bigint (`defaultSafeIntegers`), so amounts up to
 * 9 * 10^18 stay exact.
 */
export class SqliteDatabase implements Database {
  readonly backend = 'sqlite' as const;
  readonly #db: SqliteClient;
  readonly #statements = new Map<string, SqliteStatement>();
  readonly #mutex = new Mutex();
  readonly #session: SqlSession;

  constructor(
    db: SqliteClient,
    readonly description: string,
  ) {
    this.#db = db;
    db.defaultSafeIntegers(true);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${sqliteBusyTimeoutMs}`);
    db.pragma('foreign_keys = ON');
    const statement = (sql: string): SqliteStatement => {
      let s = this.#statements.get(sql);
      if (s === undefined) {
        s = this.#db.prepare(sql);
        this.#statements.set(sql, s);
      }
      return s;
    };
    this.#session = {
      all: <R extends Row>(sql: string, params: readonly SqlValue[] = []) =>
        Promise.resolve(statement(sql).all(...params) as R[]),
      get: <R extends Row>(sql: string, params: readonly SqlValue[] = []) =>
        Promise.resolve(statement(sql).get(...params) as R | undefined),
      run: (sql: string, params: readonly SqlValue[] = []) => {
        const s = statement(sql);
        // `INSERT ... RETURNING` is a reader in better-sqlite3's eyes; `run` still executes it.
        return Promise.resolve({ changes: s.run(...params).changes });
      },
    };
  }

  transaction<T>(
    fn: (session: SqlSession) => Promise<T>,
    options: { readonly readOnly?: boolean } = {},
  ): Promise<T> {
    return this.#mutex.run(async () => {
      this.#db.exec(options.readOnly === true ? 'BEGIN DEFERRED' : 'BEGIN IMMEDIATE');
      try {
        const result = await fn(this.#session);
        this.#db.exec('COMMIT');
        return result;
      } catch (err) {
        // A failed COMMIT may already have ended the transaction; the first error is the one to report.
        if (this.#inTransaction()) this.#db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  #inTransaction(): boolean {
    return (this.#db as { inTransaction?: boolean }).inTransaction !== false;
  }

  isConflict(err: unknown): boolean {
    const code = (err as { code?: unknown } | null)?.code;
    return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
  }

  exec(sql: string): Promise<void> {
    return this.#mutex.run(() => {
      this.#statements.clear();
      this.#db.exec(sql);
      return Promise.resolve();
    });
  }

  close(): Promise<void> {
    return this.#mutex.run(() => {
      this.#statements.clear();
      this.#db.close();
      return Promise.resolve();
    });
  }
}
