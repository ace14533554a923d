import assert from 'node:assert/strict';
import type { Clock } from '../../model/index.js';
import { pgTransactionAttemptsMax } from '../constants.js';
import type { IndexRegistry } from '../indexes/index-registry.js';
import type { RowDecoder } from '../sql/rows.js';
import type { PostgresClient, PostgresPool } from './postgres-client.js';
import { isRetryable, translatePgError } from './postgres-errors.js';

/** Runs one statement on the connection of the current transaction and returns its rows. */
export type Query = <R extends Record<string, unknown>>(sql: string, parameters?: unknown[]) => Promise<R[]>;

// PostgreSQL returns bigint columns as decimal strings; rows say so with this type, and `int` converts.
export type Int = string | number;

/** A bigint column as a number; heights and positions stay far below 2^53. */
export function int(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  assert.ok(Number.isSafeInteger(n), `not a safe integer: ${String(value)}`);
  return n;
}

/** How PostgreSQL gives values back: ids as the text they were written as, bigints as decimal strings. */
export const postgresDecoder: RowDecoder = {
  id: (value) => {
    assert.equal(typeof value, 'string', 'an id column is text');
    return value as string;
  },
  int,
};

/** Serializes `init`, `drop`, `rebuildIndex` and `setShards` of every node sharing the database (any constant works). */
export const schemaLockKey = 0x6264_6274;

/**
 * What every PostgreSQL facet shares: the pool, the clock, the ledger indexes and the two ways
 * to run statements (one pooled query, or one transaction on one connection).
 *
 * Every batch is one statement: rows go in as parallel arrays expanded by `unnest` (a multi-row
 * INSERT of any size with a fixed parameter count), and lookups use `= ANY($1)`. A round trip
 * costs about 94 µs (perf-anchors B.5), so per-row statements would dominate.
 */
export class PostgresContext {
  readonly pool: PostgresPool;
  readonly clock: Clock;
  readonly indexes: IndexRegistry;

  constructor(pool: PostgresPool, clock: Clock, indexes: IndexRegistry) {
    this.pool = pool;
    this.clock = clock;
    this.indexes = indexes;
  }

  async query<R extends Record<string, unknown>>(sql: string, parameters?: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, parameters)).rows;
    } catch (err) {
      throw translatePgError(err);
    }
  }

  /**
   * Runs `fn` in one BEGIN … COMMIT on one pooled connection; reruns it after a deadlock or a
   * serialization failure, and rolls back on any error (including a `ConflictError` it throws).
   */
  async transaction<T>(fn: (q: Query) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: PostgresClient;
      try {
        client = await this.pool.connect();
      } catch (err) {
        throw translatePgError(err);
      }
      const q: Query = async <R extends Record<string, unknown>>(sql: string, parameters?: unknown[]) =>
        (await client.query<R>(sql, parameters)).rows;
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(q);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          // The connection itself failed; it is destroyed below rather than reused.
          broken = true;
        }
        if (isRetryable(err) && attempt < pgTransactionAttemptsMax) continue;
        throw translatePgError(err);
      } finally {
        client.release(broken);
      }
    }
  }

  /**
   * Runs a list query's statements with bitmap scans off. Without statistics for a key (a young
   * table, or a key outside the most common values) the planner takes a heavy key for a few rows
   * and reads all of its index entries, then sorts them, for every page: 10,000 outputs cost 18 ms
   * a page instead of 2. Walking the index in ledger order stops at the page's end whatever the
   * estimate.
   */
  orderedRead<T>(fn: (q: Query) => Promise<T>): Promise<T> {
    return this.transaction(async (q) => {
      await q(`SET LOCAL enable_bitmapscan = off`);
      return fn(q);
    });
  }
}

/** The first occurrence of each key, and where it was, so answers can be given for every input. */
export function dedupe<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
): { unique: T[]; firstIndex: Map<string, number> } {
  const firstIndex = new Map<string, number>();
  const unique: T[] = [];
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (firstIndex.has(key)) return;
    firstIndex.set(key, i);
    unique.push(item);
  });
  return { unique, firstIndex };
}
