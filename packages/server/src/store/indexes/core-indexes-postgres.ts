import { partitionedTableDdl, partitionedTables } from '../postgres/index.js';
import type { OutputKeyRow, PosRow, SearchRow } from './core-index-rows.js';
import type { PostgresIndexDialect } from './ledger-index.js';

/**
 * The PostgreSQL halves of the built-in ledger indexes (`core-indexes.ts`). Each insert is
 * one statement, the rows going in as parallel arrays through `unnest`. `output_keys` is
 * hash-partitioned by public key with the store's shards (`setShards`); full-text search uses
 * `tsvector` columns under GIN indexes with the `simple` configuration (case folded, no
 * stemming), which answers like the SQLite FTS5 tables.
 */

export const postgresOutputKeys: PostgresIndexDialect<OutputKeyRow> = {
  // Looked up when called, not at load: the postgres folder imports this module's registry too.
  ddl: (shards) =>
    partitionedTableDdl(
      partitionedTables.find((t) => t.table === 'output_keys')!,
      shards,
    ),
  async insert(session, keys) {
    await session.query(
      `INSERT INTO output_keys (public_key, pos, output_index, tx_id, amount, asset_id)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[])
       ON CONFLICT DO NOTHING`,
      [
        keys.map((k) => k.publicKey),
        keys.map((k) => k.pos),
        keys.map((k) => k.outputIndex),
        keys.map((k) => k.txId),
        keys.map((k) => k.amount),
        keys.map((k) => k.assetId),
      ],
    );
  },
};

function searchTable(table: 'asset_search' | 'metadata_search'): PostgresIndexDialect<SearchRow> {
  return {
    ddl: () => [
      `CREATE TABLE IF NOT EXISTS ${table} (pos bigint PRIMARY KEY, tsv tsvector NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS ${table}_tsv ON ${table} USING gin (tsv)`,
    ],
    async insert(session, rows) {
      await session.query(
        `INSERT INTO ${table} (pos, tsv)
         SELECT u.pos, to_tsvector('simple', u.text) FROM unnest($1::bigint[], $2::text[]) AS u(pos, text)`,
        [rows.map((r) => r.pos), rows.map((r) => r.text)],
      );
    },
  };
}

export const postgresAssetSearch = searchTable('asset_search');
export const postgresMetadataSearch = searchTable('metadata_search');

/** Transactions by key and field filters: (key, pos) pairs, one index range per key in ledger order. */
function posTable(
  table: 'tx_keys' | 'asset_fields' | 'metadata_fields',
  column: string,
): PostgresIndexDialect<PosRow> {
  return {
    ddl: () => [
      `CREATE TABLE IF NOT EXISTS ${table} (${column} text NOT NULL, pos bigint NOT NULL, PRIMARY KEY (${column}, pos))`,
    ],
    async insert(session, rows) {
      await session.query(
        `INSERT INTO ${table} (${column}, pos) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING`,
        [rows.map((r) => r.key), rows.map((r) => r.pos)],
      );
    },
  };
}

export const postgresTxKeys = posTable('tx_keys', 'public_key');
export const postgresAssetFields = posTable('asset_fields', 'term');
export const postgresMetadataFields = posTable('metadata_fields', 'term');
