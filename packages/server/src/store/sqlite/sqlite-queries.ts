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
import { parseSearch, toFts5 } from '../search-text.js';
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
import { idKey, idOf } from '../id-key.js';
import { sqliteDecoder, type SqliteContext } from './sqlite-context.js';

interface OutputRow {
  pos: number;
  output_index: number;
  tx_id: unknown;
  amount: string;
  asset_id: unknown;
  /** Absent when spenders were not looked up. */
  spender?: unknown;
}

type ListedRow = LedgerTxRow & { pos: number };

/**
 * The users' queries on SQLite, each reading one built-in ledger index in ledger order, a page at
 * a time.
 */
export class SqliteQueries implements LedgerQueries {
  readonly #c: SqliteContext;

  constructor(context: SqliteContext) {
    this.#c = context;
  }

  getOutputs(publicKey: string, query: OutputQuery): Promise<Page<OwnedOutput>> {
    const c = this.#c;
    return c.run(() => {
      const limit = checkLimit(query.limit, pageSizeMax);
      const after = decodeOutputCursor(query.cursor);
      const filter =
        query.spent === undefined ? '' : query.spent ? 'AND l.spender IS NOT NULL' : 'AND l.spender IS NULL';
      const spenders = query.spent !== undefined || query.withSpenders !== false;
      const rows = c
        .sql(
          spenders
            ? `SELECT k.pos, k.output_index, ${idText('k.tx_id')} AS tx_id, k.amount,
                 ${idText('k.asset_id')} AS asset_id, ${idText('l.spender')} AS spender
               FROM output_keys k LEFT JOIN live_spends l ON l.tx_id = k.tx_id AND l.output_index = k.output_index
               WHERE k.public_key = ? AND (k.pos, k.output_index) > (?, ?) ${filter}
               ORDER BY k.pos, k.output_index LIMIT ?`
            : `SELECT k.pos, k.output_index, ${idText('k.tx_id')} AS tx_id, k.amount,
                 ${idText('k.asset_id')} AS asset_id
               FROM output_keys k
               WHERE k.public_key = ? AND (k.pos, k.output_index) > (?, ?)
               ORDER BY k.pos, k.output_index LIMIT ?`,
        )
        .all(publicKey, after.pos, after.outputIndex, limit + 1) as OutputRow[];
      const page = pageOf(rows, limit, ownedOutput, (r) =>
        encodeOutputCursor({ pos: r.pos, outputIndex: r.output_index }),
      );
      if (query.withBlocks !== true) return page;
      const heights = [...new Set(page.items.map((o) => o.height))];
      const found = c
        .sql(
          `SELECT b.height, ${idText('b.id')} AS block_id
           FROM blocks b JOIN block_status s ON s.height = b.height AND s.status = 'valid'
           WHERE b.height IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(heights)) as { height: number; block_id: unknown }[];
      const byHeight = new Map(found.map((r) => [r.height, { id: idOf(r.block_id), height: r.height }]));
      const items = page.items.map((o): OwnedOutput => {
        const block = byHeight.get(o.height);
        return block === undefined ? o : { ...o, block };
      });
      return { items, next: page.next };
    });
  }

  getTransactionsByAsset(assetId: string, query: AssetTransactionsQuery): Promise<Page<LedgerTransaction>> {
    const c = this.#c;
    return c.run(() => {
      const limit = checkLimit(query.limit, pageSizeMax);
      const descending = query.descending === true;
      // Newest first pages below the cursor; without one, from the end of the ledger.
      const bound =
        descending && query.cursor === undefined ? Number.MAX_SAFE_INTEGER : decodePosCursor(query.cursor);
      const rows = c
        .sql(
          `SELECT 'valid' AS status, t.pos, t.height, t.tx, ${idText('b.id')} AS block_id
           FROM transactions t
             JOIN block_status s ON s.height = t.height AND s.status = 'valid'
             JOIN blocks b ON b.height = t.height
           WHERE t.asset_id = @asset AND t.pos ${descending ? '<' : '>'} @bound
             AND (@operation IS NULL OR t.operation = @operation)
           ORDER BY t.pos ${descending ? 'DESC' : 'ASC'} LIMIT @limit`,
        )
        .all({
          asset: idKey(assetId),
          bound,
          operation: query.operation ?? null,
          limit: limit + 1,
        }) as ListedRow[];
      return pageOf(rows, limit, listed, (r) => encodePosCursor(r.pos));
    });
  }

  getTransactionsByKey(publicKey: string, query: KeyTransactionsQuery): Promise<Page<LedgerTransaction>> {
    const c = this.#c;
    return c.run(() => {
      const limit = checkLimit(query.limit, pageSizeMax);
      const after = decodePosCursor(query.cursor);
      // tx_keys only holds transactions of valid blocks (written by decideBlock).
      const rows = c
        .sql(
          `SELECT 'valid' AS status, k.pos, t.height, t.tx, ${idText('b.id')} AS block_id
           FROM tx_keys k JOIN transactions t ON t.pos = k.pos JOIN blocks b ON b.height = t.height
           WHERE k.public_key = ? AND k.pos > ?
           ORDER BY k.pos LIMIT ?`,
        )
        .all(publicKey, after, limit + 1) as ListedRow[];
      return pageOf(rows, limit, listed, (r) => encodePosCursor(r.pos));
    });
  }

  findAssets(query: FieldQuery): Promise<Page<AssetMatch>> {
    return this.#c.run(() => this.#find('asset_fields', query, assetMatch));
  }

  findMetadata(query: FieldQuery): Promise<Page<MetadataMatch>> {
    return this.#c.run(() => this.#find('metadata_fields', query, metadataMatch));
  }

  searchAssets(text: string, options: { limit: number }): Promise<AssetMatch[]> {
    return this.#c.run(() => this.#search('asset_search', text, options.limit).map(assetMatch));
  }

  searchMetadata(text: string, options: { limit: number }): Promise<MetadataMatch[]> {
    return this.#c.run(() => this.#search('metadata_search', text, options.limit).map(metadataMatch));
  }

  #find<T>(
    table: 'asset_fields' | 'metadata_fields',
    query: FieldQuery,
    item: (tx: SignedTransaction) => T,
  ): Page<T> {
    const c = this.#c;
    const limit = checkLimit(query.limit, pageSizeMax);
    const groups = filterTerms(query.filter);
    const { sql, params } = fieldFilterSql(
      table,
      groups,
      decodePosCursor(query.cursor),
      limit + 1,
      () => '?',
    );
    const rows = c.read(() => c.sql(sql).all(...params) as { pos: number; tx: string }[]);
    return pageOf(
      rows,
      limit,
      (r) => item(JSON.parse(r.tx) as SignedTransaction),
      (r) => encodePosCursor(r.pos),
    );
  }

  #search(table: 'asset_search' | 'metadata_search', text: string, limit: number): SignedTransaction[] {
    checkLimit(limit, pageSizeMax);
    const query = parseSearch(text);
    if (query === null) return [];
    const rows = this.#c
      .sql(
        `SELECT t.tx FROM ${table} f JOIN transactions t ON t.pos = f.rowid
         WHERE ${table} MATCH ? ORDER BY f.rank, f.rowid LIMIT ?`,
      )
      .all(toFts5(query), limit) as { tx: string }[];
    return rows.map((r) => JSON.parse(r.tx) as SignedTransaction);
  }
}

/**
 * An id column as text (`id-key.ts`), converted by SQLite: for long lists, much cheaper than a
 * Buffer per row and `idOf`.
 */
function idText(column: string): string {
  return `CASE WHEN typeof(${column}) = 'blob' THEN lower(hex(${column})) ELSE ${column} END`;
}

function listed(r: ListedRow): LedgerTransaction {
  return listedTransactionOf(r, sqliteDecoder);
}

function ownedOutput(r: OutputRow): OwnedOutput {
  return {
    link: { transaction_id: idOf(r.tx_id), output_index: r.output_index },
    amount: r.amount,
    assetId: idOf(r.asset_id),
    height: heightOfPos(r.pos),
    ...(r.spender === undefined ? {} : { spentBy: r.spender === null ? null : idOf(r.spender) }),
  };
}
