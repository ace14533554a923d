import { txVersion } from '../constants.js';
import { jsonCopy } from './json-copy.js';
import type { Draft } from './draft.js';
import {
  assetIdOf,
  type Metadata,
  type Output,
  type SignedTransaction,
  type TransferTransaction,
} from './types.js';

/** An output to spend: a transaction and the index of one of its outputs. */
export interface Unspent {
  readonly tx: SignedTransaction;
  readonly outputIndex: number;
}

/**
 * A TRANSFER draft spending `unspent` into `outputs`.
 *
 * Each input's `owners_before` is the spent output's `public_keys`, and `asset.id` is the asset of
 * the spent transactions (a CREATE's own id, or a TRANSFER's `asset.id`). The spent outputs'
 * conditions travel in the draft, so signing knows what each input must fulfill.
 */
export function makeTransferTransaction(
  unspent: readonly Unspent[],
  outputs: readonly Output[],
  metadata: Metadata,
): Draft<TransferTransaction> {
  if (unspent.length === 0) throw new TypeError('makeTransferTransaction needs at least one output to spend');
  if (outputs.length === 0) throw new TypeError('makeTransferTransaction needs at least one output');
  const assetId = assetIdOf((unspent[0] as Unspent).tx);
  const spent = unspent.map(({ tx, outputIndex }) => {
    const output = tx.outputs[outputIndex];
    if (output === undefined) throw new RangeError(`transaction ${tx.id} has no output ${outputIndex}`);
    if (assetIdOf(tx) !== assetId)
      throw new TypeError('makeTransferTransaction: the spent outputs hold different assets');
    return { link: { transaction_id: tx.id, output_index: outputIndex }, output };
  });
  const tx: TransferTransaction = {
    id: null,
    version: txVersion,
    operation: 'TRANSFER',
    asset: { id: assetId },
    metadata: metadata === null ? null : jsonCopy(metadata),
    inputs: spent.map(({ link, output }) => ({
      owners_before: output.public_keys === null ? null : [...output.public_keys],
      fulfills: link,
      fulfillment: null,
    })),
    outputs: jsonCopy(outputs),
  };
  return { tx, inputs: spent.map(({ output }) => jsonCopy(output.condition.details)) };
}
