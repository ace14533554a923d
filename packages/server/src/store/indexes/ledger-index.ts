import type { SignedTransaction } from '@bigchaindb-ts/core';
import type { SqliteStatement } from '../sqlite/index.js';

/** A transaction of a block, with its place in the ledger (`ledger-position.ts`). */
export interface IndexedTx {
  readonly pos: number;
  readonly tx: SignedTransaction;
}

/** The block whose transactions an index is given. */
export interface IndexedBlock {
  readonly id: string;
  readonly height: number;
}

/**
 * What an index's SQLite code runs statements through: the store's cache of prepared statements,
 * inside the store's own transaction (the decision, or the rebuild). SQLite keys the store's own
 * hash ids as blobs (`id-key.ts`); an index's tables may hold them as text.
 */
export interface SqliteIndexSession {
  statement(sql: string): SqliteStatement;
}

/** What an index's PostgreSQL code runs statements through: the connection of the store's transaction. */
export interface PostgresIndexSession {
  query(sql: string, parameters?: unknown[]): Promise<Record<string, unknown>[]>;
}

/**
 * The unique keys a transaction claims through an index (for example a file's hash): among live
 * (undecided or valid) blocks, each key of an index is held by one transaction at most.
 */
export interface ClaimRule {
  /**
   * The stable rejection code reported for a transaction that loses a claim (for example
   * `SpoolDuplicateFileHash`): it reaches the block maker in `ConflictError.claims`.
   */
  readonly code: string;
  /** The keys `tx` claims; an empty list claims nothing. A function of the transaction alone. */
  keys(tx: SignedTransaction): readonly string[];
}

/** The SQLite half of an index. */
export interface SqliteIndexDialect<R> {
  /** Idempotent statements that create the index's tables (`CREATE … IF NOT EXISTS`). */
  readonly ddl: readonly string[];
  /** Writes rows `derive` made, inside the store's transaction. */
  insert(session: SqliteIndexSession, rows: readonly R[]): void;
  /** Named, parameterised SELECTs (`?` placeholders) that `queryIndex` runs. */
  readonly lookups?: Readonly<Record<string, string>>;
}

/** The PostgreSQL half of an index. */
export interface PostgresIndexDialect<R> {
  /**
   * Idempotent statements that create the index's tables; `shards` is the store's partition count
   * (`setShards`), for an index that hash-partitions its tables like the store's own.
   */
  ddl(shards: number): readonly string[];
  /** Writes rows `derive` made, inside the store's transaction: one statement per table, never per row. */
  insert(session: PostgresIndexSession, rows: readonly R[]): Promise<void>;
  /** Named, parameterised SELECTs (`$1` placeholders) that `queryIndex` runs. */
  readonly lookups?: Readonly<Record<string, string>>;
}

/**
 * A ledger index: tables derived from the transactions of valid blocks, kept by the store.
 *
 * The store feeds every registered index in the transaction that decides a block valid (so an
 * index never holds a row of an undecided or invalid block), creates and fills an index whose
 * tables are missing at `init()`, and rebuilds one from the valid blocks on `rebuildIndex(name)`.
 * The built-in indexes (`core-indexes.ts`) are entries of the same registry; a plugin passes its
 * own to `openStore(config, { indexes })`.
 *
 * `R` is the index's own row type: `derive` makes rows without the database, and each dialect's
 * `insert` writes them, so both backends index exactly the same things.
 */
export interface LedgerIndex<R = unknown> {
  /** Unique among the store's indexes: lowercase letters, digits and `-`. */
  readonly name: string;
  /** The index's tables, the same names on both backends, in creation order (`drop` removes them in reverse). */
  readonly tables: readonly string[];
  /** The rows the transactions of a block that became valid add, given in ledger order. */
  derive(txs: readonly IndexedTx[], block: IndexedBlock): readonly R[];
  readonly sqlite: SqliteIndexDialect<R>;
  readonly postgresql: PostgresIndexDialect<R>;
  /** Unique keys claimed among live blocks, checked atomically inside `writeBlock`. */
  readonly claims?: ClaimRule;
  /**
   * Where this index can be imported from, for the SQLite writer thread (functions cannot cross
   * threads, so the thread imports the index itself): the module's URL (`import.meta.url`) and
   * the name it is exported under. Without it, a SQLite store on a file keeps its writes on the
   * calling thread.
   */
  readonly source?: { readonly module: string; readonly exportName: string };
}

/**
 * Declares an index with its row type checked, and returns it as the registry stores it. Only a
 * typing aid: the value is returned unchanged.
 */
export function defineLedgerIndex<R>(index: LedgerIndex<R>): LedgerIndex {
  return index;
}

/** A column of a plugin's table, as the generic inserters write it. */
export interface IndexColumn {
  readonly name: string;
  /** `text` (any string), `bigint` (a safe integer: positions, heights) or `integer` (32 bits). */
  readonly type: 'text' | 'bigint' | 'integer';
}

/**
 * A SQLite `insert` for one table: a cached prepared statement run once per row, inside the
 * store's transaction (on SQLite that is the batched form). Rows that already exist are kept.
 */
export function sqliteRowInserter<R>(
  table: string,
  columns: readonly IndexColumn[],
  values: (row: R) => readonly unknown[],
): (session: SqliteIndexSession, rows: readonly R[]) => void {
  const sql =
    `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) ` +
    `VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`;
  return (session, rows) => {
    if (rows.length === 0) return;
    const insert = session.statement(sql);
    for (const row of rows) insert.run(...values(row));
  };
}

/**
 * A PostgreSQL `insert` for one table: one statement whatever the number of rows, the columns
 * going in as parallel arrays expanded by `unnest`. Rows that already exist are kept.
 */
export function postgresRowInserter<R>(
  table: string,
  columns: readonly IndexColumn[],
  values: (row: R) => readonly unknown[],
): (session: PostgresIndexSession, rows: readonly R[]) => Promise<void> {
  const sql =
    `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) ` +
    `SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}) ON CONFLICT DO NOTHING`;
  return async (session, rows) => {
    if (rows.length === 0) return;
    const arrays = columns.map(() => [] as unknown[]);
    for (const row of rows) values(row).forEach((v, i) => arrays[i]?.push(v));
    await session.query(sql, arrays);
  };
}
