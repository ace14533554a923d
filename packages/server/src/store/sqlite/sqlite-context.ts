import assert from 'node:assert/strict';
import type { Clock } from '../../model/index.js';
import type { IndexRegistry } from '../indexes/index-registry.js';
import { blockPosRange } from '../ledger-position.js';
import type { RowDecoder } from '../sql/rows.js';
import type { TxStatusName } from '../types.js';
import { idOf } from '../id-key.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-client.js';
import { translateSqliteError } from './sqlite-errors.js';

/** How SQLite gives values back: ids as blobs or text (`id-key.ts`), integers as numbers. */
export const sqliteDecoder: RowDecoder = {
  id: idOf,
  int: (value) => value as number,
};

/**
 * What every SQLite facet shares: the connection, the clock, the cache of prepared statements,
 * the transaction helpers and the ledger indexes. One per store, so the facets of one store run
 * on one connection and see each other's writes.
 *
 * The driver is synchronous and in-process, so "batched" here means one transaction per batch
 * (one commit, one WAL append) around a loop of cached prepared statements; a point lookup costs
 * microseconds, not a round trip. Every write runs in an IMMEDIATE transaction: SQLite has one
 * writer, which is also what makes heights gap-free.
 */
export class SqliteContext {
  readonly db: SqliteDatabase;
  readonly clock: Clock;
  readonly indexes: IndexRegistry;
  readonly #statements = new Map<string, SqliteStatement>();

  constructor(db: SqliteDatabase, clock: Clock, indexes: IndexRegistry) {
    this.db = db;
    this.clock = clock;
    this.indexes = indexes;
  }

  /** Prepared statements are cached by their text: preparing costs more than running. */
  sql(sql: string): SqliteStatement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Forgets the prepared statements (before the tables they name are dropped, or the connection closes). */
  forgetStatements(): void {
    this.#statements.clear();
  }

  /** A write transaction that takes the write lock at BEGIN, so it never fails to upgrade later. */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** A read transaction, so a multi-statement read sees one snapshot. */
  read<T>(fn: () => T): T {
    return this.db.transaction(fn).deferred();
  }

  guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw translateSqliteError(err);
    }
  }

  /** Runs synchronous driver work behind the async interface, errors translated at this edge. */
  run<T>(fn: () => T): Promise<T> {
    // A throw inside the executor becomes the rejection: callers never see a synchronous throw.
    return new Promise((resolve) => resolve(this.guard(fn)));
  }

  tableExists(name: string): boolean {
    return (
      this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined
    );
  }

  statusOf(key: unknown): TxStatusName {
    return (this.sql(`SELECT status FROM tx_status WHERE tx_id = ?`).get(key) as { status: TxStatusName })
      .status;
  }

  blockIdAt(height: number): string {
    const row = this.sql(`SELECT id FROM blocks WHERE height = ?`).get(height) as { id: unknown };
    return idOf(row.id);
  }

  /** The transactions' JSON of the block at `height`, in position order, checked against its count. */
  blockTxJson(height: number, txCount: number): { pos: number; tx: string }[] {
    const { from, to } = blockPosRange(height);
    const rows = this.sql(`SELECT pos, tx FROM transactions WHERE pos >= ? AND pos < ? ORDER BY pos`).all(
      from,
      to,
    ) as { pos: number; tx: string }[];
    assert.equal(rows.length, txCount, `block ${height} lost transaction rows`);
    return rows;
  }
}
