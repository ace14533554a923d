import { assetIdOf, type SignedTransaction } from '@bigchaindb-ts/core';
import { fieldTerms } from './field-terms.js';
import { searchableText } from './search-text.js';

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

/** Rows of the query indexes that one valid block adds. */
export interface DerivedRows extends QueryIndexRows {
  readonly outputKeys: readonly OutputKeyRow[];
  readonly assets: readonly SearchRow[];
  readonly metadata: readonly SearchRow[];
}

/**
 * The rows of the indexes added after the first layout (transactions by key, field filters). Kept
 * apart so `init()` can build them alone for the valid transactions of a store made before them.
 */
export interface QueryIndexRows {
  /** Every key named by an output's `public_keys` or an input's `owners_before`, once per transaction. */
  readonly txKeys: readonly PosRow[];
  /** Field terms of a CREATE's asset data (see `field-terms.ts`). */
  readonly assetFields: readonly PosRow[];
  /** Field terms of a transaction's metadata. */
  readonly metadataFields: readonly PosRow[];
}

/**
 * Computes the query-index rows of a block's transactions, in ledger order. The dialects only
 * insert them, so both backends index exactly the same things.
 */
export function derivedRows(
  txs: readonly { readonly pos: number; readonly tx: SignedTransaction }[],
): DerivedRows {
  const outputKeys: OutputKeyRow[] = [];
  const assets: SearchRow[] = [];
  const metadata: SearchRow[] = [];
  for (const { pos, tx } of txs) {
    const assetId = assetIdOf(tx);
    tx.outputs.forEach((output, outputIndex) => {
      for (const publicKey of new Set(output.public_keys ?? []))
        outputKeys.push({ publicKey, pos, outputIndex, txId: tx.id, amount: output.amount, assetId });
    });
    if (tx.operation === 'CREATE' && tx.asset.data !== null) {
      const text = searchableText(tx.asset.data);
      if (text !== '') assets.push({ pos, text });
    }
    if (tx.metadata !== null) {
      const text = searchableText(tx.metadata);
      if (text !== '') metadata.push({ pos, text });
    }
  }
  return { outputKeys, assets, metadata, ...queryIndexRows(txs) };
}

export function queryIndexRows(
  txs: readonly { readonly pos: number; readonly tx: SignedTransaction }[],
): QueryIndexRows {
  const txKeys: PosRow[] = [];
  const assetFields: PosRow[] = [];
  const metadataFields: PosRow[] = [];
  for (const { pos, tx } of txs) {
    const keys = new Set<string>();
    for (const output of tx.outputs) for (const k of output.public_keys ?? []) keys.add(k);
    for (const input of tx.inputs) for (const k of input.owners_before ?? []) keys.add(k);
    for (const key of keys) txKeys.push({ key, pos });
    if (tx.operation === 'CREATE' && tx.asset.data !== null)
      for (const key of fieldTerms(tx.asset.data)) assetFields.push({ key, pos });
    if (tx.metadata !== null) for (const key of fieldTerms(tx.metadata)) metadataFields.push({ key, pos });
  }
  return { txKeys, assetFields, metadataFields };
}
