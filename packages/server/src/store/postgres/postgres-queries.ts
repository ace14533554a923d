import type { SignedTransaction } from '@bigchaindb-ts/core';
import { pageSizeMax } from '../constants.js';
import {
  checkLimit,
  decodeOutputCursor,
  decodePosCursor,
  encodeOutputCursor,
  encodePosCursor,
  pageOf,
} from '../cursor.js';
import type { LedgerQueries } from '../facets/ledger-queries.js';
import { fieldFilterSql } from '../field-filter-sql.js';
import { filterTerms } from '../field-terms.js';
import { heightOfPos } from '../ledger-position.js';
import { parseSearch } from '../search-text.js';
import { assetMatch, listedTransactionOf, metadataMatch, type LedgerTxRow } from '../sql/rows.js';
import type {
  AssetMatch,
  AssetTransactionsQuery,
  FieldQuery,
  KeyTransactionsQuery,
  LedgerTransaction,
  MetadataMatch,
  OutputQuery,
  OwnedOutput,
  Page,
} from '../types.js';
import { int, postgresDecoder, type Int, type PostgresContext } from './postgres-context.js';

type OutputRow = {
  pos: Int;
  output_index: number;
  tx_id: string;
  amount: string;
  asset_id: string;
  spender: string | null;
};

type ListedRow = LedgerTxRow & { tx_id: string; pos: Int };

function listed(r: ListedRow): LedgerTransaction {
  return listedTransactionOf(r, postgresDecoder);
}

/**
 * The users' queries on PostgreSQL, each reading one built-in ledger index in ledger order, a page
 * at a time, with bitmap scans off (`PostgresContext.orderedRead`).
 */
export class PostgresQueries implements LedgerQueries {
  readonly #c: PostgresContext;

  constructor(context: PostgresContext) {
    this.#c = context;
  }

  async getOutputs(publicKey: string, query: OutputQuery): Promise<Page<OwnedOutput>> {
    const limit = checkLimit(query.limit, pageSizeMax);
    const after = decodeOutputCursor(query.cursor);
    const filter =
      query.spent === undefined ? '' : query.spent ? 'AND l.spender IS NOT NULL' : 'AND l.spender IS NULL';
    return this.#c.orderedRead(async (q) => {
      const spenders = query.spent !== undefined || query.withSpenders !== false;
      const rows = await q<OutputRow>(
        spenders
          ? `SELECT k.pos, k.output_index, k.tx_id, k.amount, k.asset_id, l.spender
             FROM output_keys k LEFT JOIN live_spends l ON l.tx_id = k.tx_id AND l.output_index = k.output_index
             WHERE k.public_key = $1 AND (k.pos, k.output_index) > ($2::bigint, $3::int) ${filter}
             ORDER BY k.pos, k.output_index LIMIT $4`
          : `SELECT k.pos, k.output_index, k.tx_id, k.amount, k.asset_id
             FROM output_keys k
             WHERE k.public_key = $1 AND (k.pos, k.output_index) > ($2::bigint, $3::int)
             ORDER BY k.pos, k.output_index LIMIT $4`,
        [publicKey, after.pos, after.outputIndex, limit + 1],
      );
      const page = pageOf(
        rows,
        limit,
        (r): OwnedOutput => ({
          link: { transaction_id: r.tx_id, output_index: r.output_index },
          amount: r.amount,
          assetId: r.asset_id,
          height: heightOfPos(int(r.pos)),
          ...(spenders ? { spentBy: r.spender } : {}),
        }),
        (r) => encodeOutputCursor({ pos: int(r.pos), outputIndex: r.output_index }),
      );
      if (query.withBlocks !== true || page.items.length === 0) return page;
      const heights = [...new Set(page.items.map((o) => o.height))];
      const found = await q<{ height: Int; block_id: string }>(
        `SELECT b.height, b.id AS block_id FROM blocks b
         WHERE b.height = ANY($1::bigint[])
           AND (SELECT s.status FROM block_status s WHERE s.height = b.height) = 'valid'`,
        [heights],
      );
      const byHeight = new Map(
        found.map((r) => [int(r.height), { id: r.block_id, height: int(r.height) }] as const),
      );
      const items = page.items.map((o): OwnedOutput => {
        const block = byHeight.get(o.height);
        return block === undefined ? o : { ...o, block };
      });
      return { items, next: page.next };
    });
  }

  async getTransactionsByAsset(
    assetId: string,
    query: AssetTransactionsQuery,
  ): Promise<Page<LedgerTransaction>> {
    const limit = checkLimit(query.limit, pageSizeMax);
    const descending = query.descending === true;
    // Newest first pages below the cursor; without one, from the end of the ledger.
    const bound =
      descending && query.cursor === undefined ? Number.MAX_SAFE_INTEGER : decodePosCursor(query.cursor);
    // The block's status and id are looked up per row (subqueries are never turned into joins),
    // so no estimate can make the planner hash a whole table of blocks for one page.
    const rows = await this.#c.orderedRead((q) =>
      q<ListedRow>(
        `SELECT t.tx_id, 'valid' AS status, t.pos, t.height, t.tx,
           (SELECT b.id FROM blocks b WHERE b.height = t.height) AS block_id
         FROM transactions t
         WHERE t.asset_id = $1 AND t.pos ${descending ? '<' : '>'} $2 AND ($3::text IS NULL OR t.operation = $3)
           AND (SELECT s.status FROM block_status s WHERE s.height = t.height) = 'valid'
         ORDER BY t.pos ${descending ? 'DESC' : 'ASC'} LIMIT $4`,
        [assetId, bound, query.operation ?? null, limit + 1],
      ),
    );
    return pageOf(rows, limit, listed, (r) => encodePosCursor(int(r.pos)));
  }

  async getTransactionsByKey(
    publicKey: string,
    query: KeyTransactionsQuery,
  ): Promise<Page<LedgerTransaction>> {
    const limit = checkLimit(query.limit, pageSizeMax);
    const after = decodePosCursor(query.cursor);
    // tx_keys only holds transactions of valid blocks (written by decideBlock).
    const rows = await this.#c.orderedRead((q) =>
      q<ListedRow>(
        `SELECT t.tx_id, 'valid' AS status, k.pos, t.height, t.tx,
           (SELECT b.id FROM blocks b WHERE b.height = t.height) AS block_id
         FROM tx_keys k JOIN transactions t ON t.pos = k.pos
         WHERE k.public_key = $1 AND k.pos > $2
         ORDER BY k.pos LIMIT $3`,
        [publicKey, after, limit + 1],
      ),
    );
    return pageOf(rows, limit, listed, (r) => encodePosCursor(int(r.pos)));
  }

  findAssets(query: FieldQuery): Promise<Page<AssetMatch>> {
    return this.#find('asset_fields', query, assetMatch);
  }

  findMetadata(query: FieldQuery): Promise<Page<MetadataMatch>> {
    return this.#find('metadata_fields', query, metadataMatch);
  }

  async searchAssets(text: string, options: { limit: number }): Promise<AssetMatch[]> {
    return (await this.#search('asset_search', text, options.limit)).map(assetMatch);
  }

  async searchMetadata(text: string, options: { limit: number }): Promise<MetadataMatch[]> {
    return (await this.#search('metadata_search', text, options.limit)).map(metadataMatch);
  }

  async #find<T>(
    table: 'asset_fields' | 'metadata_fields',
    query: FieldQuery,
    item: (tx: SignedTransaction) => T,
  ): Promise<Page<T>> {
    const limit = checkLimit(query.limit, pageSizeMax);
    const groups = filterTerms(query.filter);
    const { sql, params } = fieldFilterSql(
      table,
      groups,
      decodePosCursor(query.cursor),
      limit + 1,
      (n) => `$${n}`,
    );
    const rows = await this.#c.query<{ pos: Int; tx: string }>(sql, params);
    return pageOf(
      rows,
      limit,
      (r) => item(JSON.parse(r.tx) as SignedTransaction),
      (r) => encodePosCursor(int(r.pos)),
    );
  }

  async #search(
    table: 'asset_search' | 'metadata_search',
    text: string,
    limit: number,
  ): Promise<SignedTransaction[]> {
    checkLimit(limit, pageSizeMax);
    // The parse only decides whether anything positive is asked; PostgreSQL reads the text itself.
    if (parseSearch(text) === null) return [];
    const rows = await this.#c.query<{ tx: string }>(
      `SELECT t.tx
       FROM (SELECT f.pos, ts_rank(f.tsv, q) AS rank
             FROM ${table} f, websearch_to_tsquery('simple', $1) AS q
             WHERE f.tsv @@ q ORDER BY rank DESC, f.pos LIMIT $2) AS m
         JOIN transactions t ON t.pos = m.pos
       ORDER BY m.rank DESC, m.pos`,
      [text, limit],
    );
    return rows.map((r) => JSON.parse(r.tx) as SignedTransaction);
  }
}
