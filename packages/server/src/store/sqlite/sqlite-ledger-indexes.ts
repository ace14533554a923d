import type { SignedTransaction } from '@bigchaindb-ts/core';
import { pageSizeMax } from '../constants.js';
import type { ClaimConflict } from '../errors.js';
import { StoreError } from '../errors.js';
import type { LedgerIndexStore } from '../facets/ledger-index-store.js';
import type { PlannedClaim } from '../indexes/claims.js';
import type { IndexedBlock, IndexedTx, LedgerIndex, SqliteIndexSession } from '../indexes/ledger-index.js';
import { liveTxPageSql, validTxPageSql } from '../sql/ledger-sql.js';
import { idKey, idOf } from '../id-key.js';
import type { SqliteContext } from './sqlite-context.js';

interface PageRow {
  pos: number;
  height: number;
  tx: string;
  block_id: unknown;
}

/**
 * The ledger indexes on SQLite: feeding them inside a valid decision, their unique claims inside
 * `writeBlock`, creating and filling them at `init`, rebuilding, and their two read paths.
 */
export class SqliteLedgerIndexes implements LedgerIndexStore {
  readonly #c: SqliteContext;
  readonly #session: SqliteIndexSession;

  constructor(context: SqliteContext) {
    this.#c = context;
    this.#session = { statement: (sql) => context.sql(sql) };
  }

  /** Writes every index's rows for the transactions of a block just decided valid (inside that transaction). */
  feed(txs: readonly IndexedTx[], block: IndexedBlock): void {
    for (const index of this.#c.indexes.all) {
      const rows = index.derive(txs, block);
      if (rows.length > 0) index.sqlite.insert(this.#session, rows);
    }
  }

  /**
   * Claims the keys of the block being written at `height` (inside `writeBlock`'s transaction) and
   * returns those already held by another transaction of a live block.
   */
  claim(claims: readonly PlannedClaim[], height: number): ClaimConflict[] {
    const c = this.#c;
    const conflicts: ClaimConflict[] = [];
    const insert = c.sql(
      `INSERT INTO live_claims (index_name, claim_key, tx_id, height) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    for (const claim of claims) {
      if (insert.run(claim.index, claim.key, idKey(claim.txId), height).changes === 1) continue;
      const holder = c
        .sql(`SELECT tx_id, height FROM live_claims WHERE index_name = ? AND claim_key = ?`)
        .get(claim.index, claim.key) as { tx_id: unknown; height: number };
      const claimedBy = idOf(holder.tx_id);
      // The transaction itself in another live block: reported once, as a transaction conflict.
      if (claimedBy === claim.txId) continue;
      conflicts.push({ ...claim, claimedBy, blockId: c.blockIdAt(holder.height) });
    }
    return conflicts;
  }

  /** Releases the claims of the block at `height`, decided invalid (inside that transaction). */
  release(height: number): void {
    this.#c.sql(`DELETE FROM live_claims WHERE height = ?`).run(height);
  }

  /**
   * Creates the tables of every index (inside `init`'s transaction). In a store that existed
   * before, an index whose tables were missing is filled from the ledger, once.
   */
  createAll(storeExisted: boolean): void {
    const c = this.#c;
    for (const index of c.indexes.all) {
      const missing = index.tables.some((t) => !c.tableExists(t));
      for (const statement of index.sqlite.ddl) c.db.exec(statement);
      if (storeExisted && missing) this.#fill(index);
    }
  }

  /** Drops every index's tables, last first (inside `drop`'s transaction). */
  dropAll(): void {
    for (const table of this.#c.indexes.tables.reverse()) this.#c.db.exec(`DROP TABLE IF EXISTS ${table}`);
  }

  rebuildIndex(name: string): Promise<void> {
    const c = this.#c;
    return c.run(() => {
      const index = c.indexes.get(name);
      // Statements prepared against the old tables are not kept across their drop.
      c.forgetStatements();
      c.write(() => {
        for (const table of [...index.tables].reverse()) c.db.exec(`DROP TABLE IF EXISTS ${table}`);
        for (const statement of index.sqlite.ddl) c.db.exec(statement);
        c.sql(`DELETE FROM live_claims WHERE index_name = ?`).run(index.name);
        this.#fill(index);
      });
    });
  }

  getClaimHolders(index: string, keys: readonly string[]): Promise<(string | null)[]> {
    const c = this.#c;
    return c.run(() =>
      c.read(() => {
        const name = c.indexes.get(index).name;
        const get = c.sql(`SELECT tx_id FROM live_claims WHERE index_name = ? AND claim_key = ?`);
        return keys.map((key) => {
          const row = get.get(name, key) as { tx_id: unknown } | undefined;
          return row === undefined ? null : idOf(row.tx_id);
        });
      }),
    );
  }

  queryIndex(
    index: string,
    lookup: string,
    params: readonly unknown[] = [],
  ): Promise<Record<string, unknown>[]> {
    const c = this.#c;
    return c.run(() => {
      const sql = c.indexes.get(index).sqlite.lookups?.[lookup];
      if (sql === undefined)
        throw new StoreError(
          'invalid_argument',
          `ledger index "${index}" has no lookup "${lookup}" on SQLite`,
        );
      return c.read(() => c.sql(sql).all(...params) as Record<string, unknown>[]);
    });
  }

  /** Fills an index from the ledger: rows from valid blocks, claims from live ones. */
  #fill(index: LedgerIndex): void {
    this.#eachBlock(validTxPageSql('?', '?'), (txs, block) => {
      const rows = index.derive(txs, block);
      if (rows.length > 0) index.sqlite.insert(this.#session, rows);
    });
    const rule = index.claims;
    if (rule === undefined) return;
    // Of two live transactions claiming one key, the earlier in ledger order keeps it.
    const insert = this.#c.sql(
      `INSERT INTO live_claims (index_name, claim_key, tx_id, height) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.#eachBlock(liveTxPageSql('?', '?'), (txs, block) => {
      for (const { tx } of txs)
        for (const key of rule.keys(tx)) insert.run(index.name, key, idKey(tx.id), block.height);
    });
  }

  /** Pages through `sql`'s transactions in ledger order and hands them over block by block. */
  #eachBlock(sql: string, visit: (txs: IndexedTx[], block: IndexedBlock) => void): void {
    const page = this.#c.sql(sql);
    let txs: IndexedTx[] = [];
    let block: IndexedBlock | null = null;
    for (let after = -1; ;) {
      const rows = page.all(after, pageSizeMax) as PageRow[];
      for (const r of rows) {
        if (block !== null && block.height !== r.height) {
          visit(txs, block);
          txs = [];
        }
        if (txs.length === 0) block = { id: idOf(r.block_id), height: r.height };
        txs.push({ pos: r.pos, tx: JSON.parse(r.tx) as SignedTransaction });
      }
      if (rows.length < pageSizeMax) break;
      after = rows.at(-1)!.pos;
    }
    if (block !== null && txs.length > 0) visit(txs, block);
  }
}
