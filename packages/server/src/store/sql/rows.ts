import assert from 'node:assert/strict';
import type { SignedTransaction } from '@bigchaindb-ts/core';
import { assembleBlock, assembleBlockText } from '../block-plan.js';
import { ExportedBlock } from '../facets/backup-store.js';
import { heightOfPos } from '../ledger-position.js';
import { storedTransaction } from '../stored-transaction.js';
import type {
  AssetMatch,
  BacklogItem,
  MetadataMatch,
  BlockStatus,
  LedgerTransaction,
  Spender,
  StoredBlock,
  TxStatus,
  TxStatusName,
} from '../types.js';

/**
 * Row → domain mapping, shared by both dialects. The rows have the same columns on both; what
 * differs is how a value comes back: SQLite returns hash ids as 32-byte blobs (`id-key.ts`) and
 * integers as numbers, PostgreSQL returns ids as text and bigints as decimal strings. A dialect
 * passes its `RowDecoder`, and everything else is written once.
 *
 * The row shapes are type aliases rather than interfaces so that they satisfy the drivers'
 * `Record<string, unknown>` row type.
 */
export interface RowDecoder {
  /** A hash id column as the lowercase hex (or other) string it was written as. */
  id(value: unknown): string;
  /** An integer column (height, position, milliseconds) as a safe JavaScript integer. */
  int(value: unknown): number;
}

export type StatusRow = {
  readonly status: TxStatusName;
  readonly pos: unknown;
  readonly reason_code: string | null;
  readonly reason: string | null;
  readonly updated_at_ms: unknown;
  readonly block_id: unknown;
};

export function txStatusOf(txId: string, r: StatusRow, d: RowDecoder): TxStatus {
  return {
    txId,
    status: r.status,
    blockId: r.block_id === null ? null : d.id(r.block_id),
    height: r.pos === null ? null : heightOfPos(d.int(r.pos)),
    reasonCode: r.reason_code,
    reason: r.reason,
    updatedAtMs: d.int(r.updated_at_ms),
  };
}

export type LedgerTxRow = {
  readonly status: 'valid' | 'undecided';
  readonly height: unknown;
  readonly tx: string;
  readonly block_id: unknown;
};

/** A point read's row: parsed at once, since the reader (validation) uses the object. */
export function ledgerTransactionOf(r: LedgerTxRow, d: RowDecoder): LedgerTransaction {
  return {
    tx: JSON.parse(r.tx) as SignedTransaction,
    height: d.int(r.height),
    blockId: d.id(r.block_id),
    status: r.status,
  };
}

/** A list query's row (valid blocks only), with its text kept. */
export function listedTransactionOf(r: LedgerTxRow, d: RowDecoder): LedgerTransaction {
  return storedTransaction(r.tx, d.int(r.height), d.id(r.block_id));
}

export type SpenderRow = {
  readonly spender: unknown;
  readonly height: unknown;
  readonly block_id: unknown;
  readonly status: 'valid' | 'invalid' | null;
};

export function spenderOf(r: SpenderRow, d: RowDecoder): Spender {
  // Deciding a block invalid deletes its spends in the same transaction.
  assert.notEqual(r.status, 'invalid', 'a live spend sits in an invalid block');
  return {
    txId: d.id(r.spender),
    blockId: d.id(r.block_id),
    height: d.int(r.height),
    status: r.status === 'valid' ? 'valid' : 'undecided',
  };
}

export type BacklogRow = {
  readonly tx: string;
  readonly assignee: string;
  readonly assigned_at_ms: unknown;
  readonly received_at_ms: unknown;
};

export function backlogItemOf(r: BacklogRow, d: RowDecoder): BacklogItem {
  return {
    tx: JSON.parse(r.tx) as SignedTransaction,
    assignee: r.assignee,
    assignedAtMs: d.int(r.assigned_at_ms),
    receivedAtMs: d.int(r.received_at_ms),
  };
}

export type BlockRow = {
  readonly height: unknown;
  readonly tx_count: number;
  readonly shell: string;
  readonly status: 'valid' | 'invalid' | null;
};

/** A block row and its transactions' JSON in position order, as text (for `exportChain`): nothing is parsed but the small shell. */
export function exportedBlockOf(r: BlockRow, txJsons: readonly string[], d: RowDecoder): ExportedBlock {
  return new ExportedBlock({
    height: d.int(r.height),
    status: r.status ?? 'undecided',
    id: (JSON.parse(r.shell) as { id: string }).id,
    transactionCount: r.tx_count,
    text: assembleBlockText(r.shell, r.tx_count, txJsons),
  });
}

/** A block row and its transactions' JSON in position order, as the block exactly as written. */
export function storedBlockOf(r: BlockRow, txJsons: readonly string[], d: RowDecoder): StoredBlock {
  const status: BlockStatus = r.status ?? 'undecided';
  return { height: d.int(r.height), status, block: assembleBlock(r.shell, r.tx_count, txJsons) };
}

/** A match of the asset indexes (field filters, full text): only CREATEs with data are in them. */
export function assetMatch(tx: SignedTransaction): AssetMatch {
  assert.ok(tx.operation === 'CREATE' && tx.asset.data !== null);
  return { id: tx.id, data: tx.asset.data };
}

/** A match of the metadata indexes: only transactions with metadata are in them. */
export function metadataMatch(tx: SignedTransaction): MetadataMatch {
  assert.ok(tx.metadata !== null);
  return { id: tx.id, metadata: tx.metadata };
}
