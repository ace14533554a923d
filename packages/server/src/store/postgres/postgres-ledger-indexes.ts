import assert from 'node:assert/strict';
import type { SignedTransaction } from '@bigchaindb-ts/core';
import { pageSizeMax } from '../constants.js';
import { StoreError, type ClaimConflict } from '../errors.js';
import type { LedgerIndexStore } from '../facets/ledger-index-store.js';
import type { PlannedClaim } from '../indexes/claims.js';
import type { IndexedBlock, IndexedTx, LedgerIndex, PostgresIndexSession } from '../indexes/ledger-index.js';
import { liveTxPageSql, validTxPageSql } from '../sql/ledger-sql.js';
import { int, schemaLockKey, type Int, type PostgresContext, type Query } from './postgres-context.js';

/**
 * The ledger indexes on PostgreSQL: feeding them inside a valid decision, their unique claims inside
 * `writeBlock`, creating and filling them at `init`, rebuilding, and their two read paths. Every
 * step is one statement per batch, inside the caller's transaction.
 */
export class PostgresLedgerIndexes implements LedgerIndexStore {
  readonly #c: PostgresContext;

  constructor(context: PostgresContext) {
    this.#c = context;
  }

  /** Writes every index's rows for the transactions of a block just decided valid (inside that transaction). */
  async feed(q: Query, txs: readonly IndexedTx[], block: IndexedBlock): Promise<void> {
    const session = sessionOf(q);
    for (const index of this.#c.indexes.all) {
      const rows = index.derive(txs, block);
      if (rows.length > 0) await index.postgresql.insert(session, rows);
    }
  }

  /**
   * Claims the keys of the block being written at `height` (inside `writeBlock`'s transaction, in
   * key order so concurrent writers lock rows in the same order) and returns those already held by
   * another transaction of a live block.
   */
  async claim(q: Query, claims: readonly PlannedClaim[], height: number): Promise<ClaimConflict[]> {
    if (claims.length === 0) return [];
    const won = await q<{ index_name: string; claim_key: string }>(
      `INSERT INTO live_claims (index_name, claim_key, tx_id, height)
       SELECT u.i, u.k, u.t, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS u(i, k, t) ORDER BY u.i, u.k
       ON CONFLICT DO NOTHING
       RETURNING index_name, claim_key`,
      [claims.map((c) => c.index), claims.map((c) => c.key), claims.map((c) => c.txId), height],
    );
    if (won.length === claims.length) return [];
    const wonKeys = new Set(won.map((r) => `${r.index_name}\n${r.claim_key}`));
    const lost = claims.filter((c) => !wonKeys.has(`${c.index}\n${c.key}`));
    const holders = await q<{ index_name: string; claim_key: string; tx_id: string; block_id: string }>(
      `SELECT l.index_name, l.claim_key, l.tx_id, b.id AS block_id
       FROM unnest($1::text[], $2::text[]) AS u(i, k)
         JOIN live_claims l ON l.index_name = u.i AND l.claim_key = u.k
         JOIN blocks b ON b.height = l.height`,
      [lost.map((c) => c.index), lost.map((c) => c.key)],
    );
    const byKey = new Map(holders.map((h) => [`${h.index_name}\n${h.claim_key}`, h]));
    const conflicts: ClaimConflict[] = [];
    for (const claim of lost) {
      const holder = byKey.get(`${claim.index}\n${claim.key}`);
      assert.ok(holder !== undefined, `a refused claim of ${claim.index} has no holder`);
      // The transaction itself in another live block: reported once, as a transaction conflict.
      if (holder.tx_id === claim.txId) continue;
      conflicts.push({ ...claim, claimedBy: holder.tx_id, blockId: holder.block_id });
    }
    return conflicts;
  }

  /** Releases the claims of the block at `height`, decided invalid (inside that transaction). */
  async release(q: Query, height: number): Promise<void> {
    await q(`DELETE FROM live_claims WHERE height = $1`, [height]);
  }

  /**
   * Creates the tables of every index (inside `init`'s transaction). In a store that existed
   * before, an index whose tables were missing is filled from the ledger, once.
   */
  async createAll(q: Query, shards: number, storeExisted: boolean): Promise<void> {
    for (const index of this.#c.indexes.all) {
      const [present] = await q<{ n: Int }>(
        `SELECT COUNT(*) AS n FROM unnest($1::text[]) AS t(name) WHERE to_regclass(t.name) IS NOT NULL`,
        [[...index.tables]],
      );
      const missing = int(present?.n ?? 0) < index.tables.length;
      // The statements are idempotent and run every time, so a table's own indexes come back too.
      for (const statement of ddlOf(index, shards)) await q(statement);
      if (storeExisted && missing) await this.#fill(q, index);
    }
  }

  /** Every index table, for `drop` to remove. */
  get tables(): string[] {
    return this.#c.indexes.tables;
  }

  async rebuildIndex(name: string): Promise<void> {
    const index = this.#c.indexes.get(name);
    await this.#c.transaction(async (q) => {
      await q(`SELECT pg_advisory_xact_lock($1)`, [schemaLockKey]);
      const [meta] = await q<{ value: string }>(`SELECT value FROM store_meta WHERE key = 'shards'`);
      await q(`DROP TABLE IF EXISTS ${index.tables.join(', ')} CASCADE`);
      for (const statement of ddlOf(index, Number(meta?.value ?? 1))) await q(statement);
      await q(`DELETE FROM live_claims WHERE index_name = $1`, [index.name]);
      await this.#fill(q, index);
    });
  }

  async getClaimHolders(index: string, keys: readonly string[]): Promise<(string | null)[]> {
    const name = this.#c.indexes.get(index).name;
    if (keys.length === 0) return [];
    const rows = await this.#c.query<{ claim_key: string; tx_id: string }>(
      `SELECT claim_key, tx_id FROM live_claims WHERE index_name = $1 AND claim_key = ANY($2::text[])`,
      [name, [...keys]],
    );
    const byKey = new Map(rows.map((r) => [r.claim_key, r.tx_id]));
    return keys.map((k) => byKey.get(k) ?? null);
  }

  async queryIndex(
    index: string,
    lookup: string,
    params: readonly unknown[] = [],
  ): Promise<Record<string, unknown>[]> {
    const sql = this.#c.indexes.get(index).postgresql.lookups?.[lookup];
    if (sql === undefined)
      throw new StoreError(
        'invalid_argument',
        `ledger index "${index}" has no lookup "${lookup}" on PostgreSQL`,
      );
    return this.#c.query(sql, [...params]);
  }

  /** Fills an index from the ledger: rows from valid blocks, claims from live ones. */
  async #fill(q: Query, index: LedgerIndex): Promise<void> {
    const session = sessionOf(q);
    await eachBlock(q, validTxPageSql('$1', '$2'), async (txs, block) => {
      const rows = index.derive(txs, block);
      if (rows.length > 0) await index.postgresql.insert(session, rows);
    });
    const rule = index.claims;
    if (rule === undefined) return;
    // Of two live transactions claiming one key, the earlier in ledger order keeps it.
    await eachBlock(q, liveTxPageSql('$1', '$2'), async (txs, block) => {
      const keys = txs.flatMap(({ tx }) => [...new Set(rule.keys(tx))].map((key) => ({ key, txId: tx.id })));
      if (keys.length === 0) return;
      await q(
        `INSERT INTO live_claims (index_name, claim_key, tx_id, height)
         SELECT $1, u.k, u.t, $4 FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS u(k, t, n) ORDER BY u.n
         ON CONFLICT DO NOTHING`,
        [index.name, keys.map((k) => k.key), keys.map((k) => k.txId), block.height],
      );
    });
  }
}

function sessionOf(q: Query): PostgresIndexSession {
  return { query: (sql, parameters) => q(sql, parameters) };
}

function ddlOf(index: LedgerIndex, shards: number): readonly string[] {
  return index.postgresql.ddl(shards);
}

/** Pages through `sql`'s transactions in ledger order and hands them over block by block. */
async function eachBlock(
  q: Query,
  sql: string,
  visit: (txs: IndexedTx[], block: IndexedBlock) => Promise<void>,
): Promise<void> {
  let txs: IndexedTx[] = [];
  let block: IndexedBlock | null = null;
  for (let after = -1; ;) {
    const rows = await q<{ pos: Int; height: Int; tx: string; block_id: string }>(sql, [after, pageSizeMax]);
    for (const r of rows) {
      const height = int(r.height);
      if (block !== null && block.height !== height) {
        await visit(txs, block);
        txs = [];
      }
      if (txs.length === 0) block = { id: r.block_id, height };
      txs.push({ pos: int(r.pos), tx: JSON.parse(r.tx) as SignedTransaction });
    }
    if (rows.length < pageSizeMax) break;
    after = int(rows.at(-1)!.pos);
  }
  if (block !== null && txs.length > 0) await visit(txs, block);
}
