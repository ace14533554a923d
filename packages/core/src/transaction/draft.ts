import type { SignedDetails } from '../conditions/index.js';
import { allOfOwners } from './outputs.js';
import type { ConditionDetails, Output, Transaction } from './types.js';

/**
 * An unsigned transaction together with what each of its inputs must fulfill.
 *
 * `tx` is the wire template (`id` null, every `fulfillment` null), exactly what the signing messages
 * are computed from. `inputs[i]` is the condition details input `i` must fulfill (for a CREATE,
 * derived from `owners_before`; for a TRANSFER, the spent output's `condition.details`), with the
 * signatures and preimages gathered so far. A draft is plain JSON, so it can be sent to the next
 * signer and parsed back: signing always recomputes the messages from `tx`, so nothing else in a
 * draft needs to be trusted.
 */
export interface Draft<T extends Transaction = Transaction> {
  readonly tx: T;
  readonly inputs: readonly SignedDetails[];
}

/**
 * The condition a CREATE's single input must fulfill, derived from its `owners_before` the way the
 * Python server builds it: one key gives an Ed25519 condition, several keys an n-of-n threshold.
 */
export function createInputDetails(ownersBefore: readonly string[]): ConditionDetails {
  return allOfOwners(...ownersBefore);
}

/**
 * Makes a draft from an unsigned template built elsewhere (e.g. by the official driver).
 * A TRANSFER needs the outputs its inputs spend, in input order; a CREATE derives its condition
 * from `owners_before`.
 */
export function draftOf<T extends Transaction>(tx: T, spentOutputs?: readonly Output[]): Draft<T> {
  if (tx.id !== null || tx.inputs.some((input) => input.fulfillment !== null)) {
    throw new TypeError('draftOf: the template must be unsigned (id and every fulfillment null)');
  }
  if (tx.operation === 'CREATE') {
    const owners = tx.inputs[0]?.owners_before;
    if (tx.inputs.length !== 1 || owners === null || owners === undefined || owners.length === 0) {
      throw new TypeError('draftOf: a CREATE has exactly one input, with at least one owner_before');
    }
    return { tx, inputs: [createInputDetails(owners)] };
  }
  if (spentOutputs === undefined || spentOutputs.length !== tx.inputs.length) {
    throw new TypeError('draftOf: a TRANSFER needs the output spent by each of its inputs');
  }
  return { tx, inputs: spentOutputs.map((output) => output.condition.details) };
}
