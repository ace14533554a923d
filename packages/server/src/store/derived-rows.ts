import { assetIdOf, type SignedTransaction } from '@bigchaindb-ts/core';
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

/** Rows of the query indexes that one valid block adds. */
export interface DerivedRows {
  readonly outputKeys: readonly OutputKeyRow[];
  readonly assets: readonly SearchRow[];
  readonly metadata: readonly SearchRow[];
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
  return { outputKeys, assets, metadata };
}
