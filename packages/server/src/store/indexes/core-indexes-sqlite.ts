import { idKey } from '../id-key.js';
import type { OutputKeyRow, PosRow, SearchRow } from './core-index-rows.js';
import type { SqliteIndexDialect } from './ledger-index.js';

/**
 * The SQLite halves of the built-in ledger indexes (`core-indexes.ts`): their tables and
 * their inserts, a cached prepared statement run per row inside the deciding transaction.
 *
 * Layout (perf-anchors B.4): `output_keys` is WITHOUT ROWID, one B-tree keyed by the public key,
 * with hash ids as 32-byte blobs. Full-text search uses contentless FTS5 tables keyed by `pos`: the
 * text lives only in the index, the JSON only in `transactions`; the tokenizer folds case but
 * keeps diacritics, like PostgreSQL's `simple` configuration. `tx_keys`, `asset_fields` and
 * `metadata_fields` are WITHOUT ROWID (key, pos) pairs: one index range per key in ledger order.
 */

export const sqliteOutputKeys: SqliteIndexDialect<OutputKeyRow> = {
  ddl: [
    `CREATE TABLE IF NOT EXISTS output_keys (
      public_key TEXT NOT NULL,
      pos INTEGER NOT NULL,
      output_index INTEGER NOT NULL,
      tx_id BLOB NOT NULL,
      amount TEXT NOT NULL,
      asset_id BLOB NOT NULL,
      PRIMARY KEY (public_key, pos, output_index)
    ) WITHOUT ROWID`,
  ],
  insert(session, rows) {
    const insert = session.statement(
      `INSERT INTO output_keys (public_key, pos, output_index, tx_id, amount, asset_id)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    for (const k of rows)
      insert.run(k.publicKey, k.pos, k.outputIndex, idKey(k.txId), k.amount, idKey(k.assetId));
  },
};

function searchTable(table: 'asset_search' | 'metadata_search'): SqliteIndexDialect<SearchRow> {
  return {
    ddl: [
      `CREATE VIRTUAL TABLE IF NOT EXISTS ${table}
        USING fts5(text, content = '', tokenize = 'unicode61 remove_diacritics 0')`,
    ],
    insert(session, rows) {
      const insert = session.statement(`INSERT INTO ${table} (rowid, text) VALUES (?, ?)`);
      for (const r of rows) insert.run(r.pos, r.text);
    },
  };
}

export const sqliteAssetSearch = searchTable('asset_search');
export const sqliteMetadataSearch = searchTable('metadata_search');

function posTable(
  table: 'tx_keys' | 'asset_fields' | 'metadata_fields',
  column: string,
): SqliteIndexDialect<PosRow> {
  return {
    ddl: [
      `CREATE TABLE IF NOT EXISTS ${table} (
        ${column} TEXT NOT NULL,
        pos INTEGER NOT NULL,
        PRIMARY KEY (${column}, pos)
      ) WITHOUT ROWID`,
    ],
    insert(session, rows) {
      const insert = session.statement(
        `INSERT INTO ${table} (${column}, pos) VALUES (?, ?) ON CONFLICT DO NOTHING`,
      );
      for (const r of rows) insert.run(r.key, r.pos);
    },
  };
}

export const sqliteTxKeys = posTable('tx_keys', 'public_key');
export const sqliteAssetFields = posTable('asset_fields', 'term');
export const sqliteMetadataFields = posTable('metadata_fields', 'term');
