/**
 * What the wallet's operations see of a database: one session inside one transaction, with `?`
 * placeholders in SQL that both backends run unchanged (the PostgreSQL backend numbers them).
 * Integer columns come back as bigint (SQLite), string (pg BIGINT) or number: readers convert
 * with `toUnits`/`idText`, so the operations never depend on the backend.
 */
export type SqlValue = string | number | bigint | null;
export type Row = Record<string, unknown>;

export interface SqlSession {
  all<R extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  get<R extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<R | undefined>;
  /** Runs a write; `INSERT ... RETURNING id` is read with `get`. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ readonly changes: number }>;
}

export type Backend = 'sqlite' | 'postgresql';

/**
 * One database with serializable transactions. `transaction` runs `fn` once inside BEGIN ... COMMIT
 * (rolled back when it throws); retrying conflicts is the ConflictResolver's job, which asks
 * `isConflict` which errors a new run can cure.
 */
export interface Database {
  readonly backend: Backend;
  /** What the URL named, without a password: for log lines and the status page. */
  readonly description: string;
  transaction<T>(
    fn: (session: SqlSession) => Promise<T>,
    options?: { readonly readOnly?: boolean },
  ): Promise<T>;
  /** A serialization failure, a deadlock or a busy lock: running the whole transaction again may succeed. */
  isConflict(err: unknown): boolean;
  /** Runs DDL statements (one string, several statements) outside the retry loop. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** Ids travel as strings (the API's ids are strings, and pg gives BIGINT as text). */
export function idText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  throw new TypeError(`not an id column value: ${String(value)}`);
}

export function idOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : idText(value);
}

/** A small integer column (counts, confirmations, times in ms) as a number. */
export function int(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') return Number(value);
  throw new TypeError(`not an integer column value: ${String(value)}`);
}

export function intOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : int(value);
}

/** A text column, or null. */
export function textOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  throw new TypeError('not a text column value');
}
