import { txVersion } from '../constants.js';
import { jsonCopy } from './json-copy.js';
import { createInputDetails, type Draft } from './draft.js';
import type { CreateTransaction, Metadata, Output } from './types.js';

/**
 * A CREATE draft: registers an asset and its first outputs.
 *
 * As in the Python server, there is exactly one input whose `owners_before` lists every issuer; with
 * several issuers it is fulfilled by an n-of-n threshold, so every issuer signs (the official driver
 * makes one input per issuer instead, which the 2.0 schema rejects).
 */
export function makeCreateTransaction(
  assetData: Record<string, unknown> | null,
  metadata: Metadata,
  outputs: readonly Output[],
  issuers: readonly string[],
): Draft<CreateTransaction> {
  if (issuers.length === 0) throw new TypeError('makeCreateTransaction needs at least one issuer');
  if (outputs.length === 0) throw new TypeError('makeCreateTransaction needs at least one output');
  const tx: CreateTransaction = {
    id: null,
    version: txVersion,
    operation: 'CREATE',
    asset: { data: assetData === null ? null : jsonCopy(assetData) },
    metadata: metadata === null ? null : jsonCopy(metadata),
    inputs: [{ owners_before: [...issuers], fulfills: null, fulfillment: null }],
    outputs: jsonCopy(outputs),
  };
  return { tx, inputs: [createInputDetails(issuers)] };
}
