import { assetIdOf } from '@bigchaindb-ts/core';
import { fieldTerms } from '../field-terms.js';
import { searchableText } from '../search-text.js';
import type { IndexedTx } from './ledger-index.js';

/**
 * The rows of the built-in ledger indexes, computed from a valid block's transactions without the
 * database. The dialects only insert them, so both backends index exactly the same things.
 */

/** One row per (public key, output): what "outputs of a public key" reads. */
export interface OutputKeyRow {
  readonly publicKey: string;
  readonly pos: number;
  readonly outputIndex: number;
  readonly txId: string;
  readonly amount: string;
  readonly assetId: string;
}

/** Text for full-text search, keyed by the ledger position of the transaction that carries it. */
export interface SearchRow {
  readonly pos: number;
  readonly text: string;
}

/** A row of `tx_keys` (transactions by key) or of a field index (`asset_fields`, `metadata_fields`). */
export interface PosRow {
  readonly key: string;
  readonly pos: number;
}

/** One row per public key an output's condition names (each key once per output). */
export function outputKeyRows(txs: readonly IndexedTx[]): OutputKeyRow[] {
  const rows: OutputKeyRow[] = [];
  for (const { pos, tx } of txs) {
    const assetId = assetIdOf(tx);
    tx.outputs.forEach((output, outputIndex) => {
      for (const publicKey of new Set(output.public_keys ?? []))
        rows.push({ publicKey, pos, outputIndex, txId: tx.id, amount: output.amount, assetId });
    });
  }
  return rows;
}

/** The searchable text of a CREATE's asset data. */
export function assetSearchRows(txs: readonly IndexedTx[]): SearchRow[] {
  const rows: SearchRow[] = [];
  for (const { pos, tx } of txs) {
    if (tx.operation !== 'CREATE' || tx.asset.data === null) continue;
    const text = searchableText(tx.asset.data);
    if (text !== '') rows.push({ pos, text });
  }
  return rows;
}

/** The searchable text of a transaction's metadata. */
export function metadataSearchRows(txs: readonly IndexedTx[]): SearchRow[] {
  const rows: SearchRow[] = [];
  for (const { pos, tx } of txs) {
    if (tx.metadata === null) continue;
    const text = searchableText(tx.metadata);
    if (text !== '') rows.push({ pos, text });
  }
  return rows;
}

/** Every key named by an output's `public_keys` or an input's `owners_before`, once per transaction. */
export function txKeyRows(txs: readonly IndexedTx[]): PosRow[] {
  const rows: PosRow[] = [];
  for (const { pos, tx } of txs) {
    const keys = new Set<string>();
    for (const output of tx.outputs) for (const k of output.public_keys ?? []) keys.add(k);
    for (const input of tx.inputs) for (const k of input.owners_before ?? []) keys.add(k);
    for (const key of keys) rows.push({ key, pos });
  }
  return rows;
}

/** Field terms of a CREATE's asset data (see `field-terms.ts`). */
export function assetFieldRows(txs: readonly IndexedTx[]): PosRow[] {
  const rows: PosRow[] = [];
  for (const { pos, tx } of txs)
    if (tx.operation === 'CREATE' && tx.asset.data !== null)
      for (const key of fieldTerms(tx.asset.data)) rows.push({ key, pos });
  return rows;
}

/** Field terms of a transaction's metadata. */
export function metadataFieldRows(txs: readonly IndexedTx[]): PosRow[] {
  const rows: PosRow[] = [];
  for (const { pos, tx } of txs)
    if (tx.metadata !== null) for (const key of fieldTerms(tx.metadata)) rows.push({ key, pos });
  return rows;
}
