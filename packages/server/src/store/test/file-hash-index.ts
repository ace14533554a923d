// An example plugin index for the ledger-index contract suite: the file hashes that CREATE
// transactions register in `asset.data.file_hash`, unique among live blocks, the way a SPOOL
// piece's file hash is. It uses only what the store's door exports, as a plugin would.
import {
  defineLedgerIndex,
  postgresRowInserter,
  sqliteRowInserter,
  type IndexColumn,
  type IndexedTx,
} from '../index.js';
import type { SignedTransaction } from '@bigchaindb-ts/core';

export interface FileHashRow {
  readonly fileHash: string;
  readonly pos: number;
  readonly txId: string;
  readonly blockId: string;
}

/** The file hash a transaction registers, if it is a CREATE whose asset data names one. */
export function fileHashOf(tx: SignedTransaction): string | null {
  if (tx.operation !== 'CREATE' || tx.asset.data === null) return null;
  const hash = tx.asset.data.file_hash;
  return typeof hash === 'string' ? hash : null;
}

const columns: readonly IndexColumn[] = [
  { name: 'file_hash', type: 'text' },
  { name: 'pos', type: 'bigint' },
  { name: 'tx_id', type: 'text' },
  { name: 'block_id', type: 'text' },
];
const values = (r: FileHashRow): unknown[] => [r.fileHash, r.pos, r.txId, r.blockId];

export const fileHashIndex = defineLedgerIndex<FileHashRow>({
  name: 'file-hash',
  tables: ['file_hashes'],
  derive(txs: readonly IndexedTx[], block) {
    const rows: FileHashRow[] = [];
    for (const { pos, tx } of txs) {
      const fileHash = fileHashOf(tx);
      if (fileHash !== null) rows.push({ fileHash, pos, txId: tx.id, blockId: block.id });
    }
    return rows;
  },
  sqlite: {
    ddl: [
      `CREATE TABLE IF NOT EXISTS file_hashes (
        file_hash TEXT NOT NULL, pos INTEGER NOT NULL, tx_id TEXT NOT NULL, block_id TEXT NOT NULL,
        PRIMARY KEY (file_hash, pos)
      ) WITHOUT ROWID`,
    ],
    insert: sqliteRowInserter('file_hashes', columns, values),
    lookups: {
      byHash: `SELECT file_hash, pos, tx_id, block_id FROM file_hashes WHERE file_hash = ? ORDER BY pos`,
      all: `SELECT file_hash, pos, tx_id, block_id FROM file_hashes ORDER BY pos`,
    },
  },
  postgresql: {
    ddl: () => [
      `CREATE TABLE IF NOT EXISTS file_hashes (
        file_hash text NOT NULL, pos bigint NOT NULL, tx_id text NOT NULL, block_id text NOT NULL,
        PRIMARY KEY (file_hash, pos)
      )`,
    ],
    insert: postgresRowInserter('file_hashes', columns, values),
    lookups: {
      byHash: `SELECT file_hash, pos, tx_id, block_id FROM file_hashes WHERE file_hash = $1 ORDER BY pos`,
      all: `SELECT file_hash, pos, tx_id, block_id FROM file_hashes ORDER BY pos`,
    },
  },
  claims: {
    code: 'SpoolDuplicateFileHash',
    keys: (tx) => {
      const hash = fileHashOf(tx);
      return hash === null ? [] : [hash];
    },
  },
  // The SQLite writer thread imports the index from here.
  source: { module: import.meta.url, exportName: 'fileHashIndex' },
});
