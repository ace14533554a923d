import { canonicalJson } from '../canonical/index.js';
import { sha3, sha3Hex, sha3Suffixed } from '../crypto/index.js';
import type { OutputLink, Transaction } from './types.js';

/**
 * The canonical text of a transaction, cut at its fulfillment slots.
 *
 * BigchainDB 2.0 hashes two nearly identical texts: the signing base (`id` null and every
 * fulfillment null) and the id text (`id` null, fulfillments present). Both are the same canonical
 * serialization except at the fulfillment slots, so the transaction is serialized once, with holes
 * there, and each text is assembled by joining the pieces. The hot path of validation therefore
 * serializes asset data, metadata and outputs once, not twice.
 */
export interface CanonicalForm {
  /** `pieces[0] + slot(inputs[0]) + pieces[1] + ... + pieces[n]`, where n is the number of inputs. */
  readonly pieces: readonly string[];
  /** The signing base: every slot filled with `null`. */
  readonly unsigned: string;
}

/** Serializes `tx` once into the pieces around its fulfillment slots. */
export function canonicalForm(tx: Transaction): CanonicalForm {
  const pieces: string[] = [];
  let current = '{';
  let first = true;
  for (const key of Object.keys(tx).sort()) {
    const value = (tx as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    current += (first ? '' : ',') + JSON.stringify(key) + ':';
    first = false;
    if (key === 'id') {
      current += 'null';
    } else if (key === 'inputs' && Array.isArray(value)) {
      current += '[';
      value.forEach((input: unknown, index) => {
        if (index > 0) current += ',';
        current = writeInput(input, current, pieces);
      });
      current += ']';
    } else {
      current += canonicalJson(value);
    }
  }
  pieces.push(current + '}');
  if (pieces.length !== tx.inputs.length + 1) {
    throw new TypeError('canonicalForm: every input needs a fulfillment key (null when unsigned)');
  }
  return { pieces, unsigned: pieces.join('null') };
}

// Writes one input with a hole at `fulfillment`: the text before the hole is pushed as a piece,
// and the text after it is returned as the start of the next piece.
function writeInput(input: unknown, current: string, pieces: string[]): string {
  const record = input as Record<string, unknown>;
  let out = current + '{';
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const value = record[key];
    if (value === undefined && key !== 'fulfillment') continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':';
    first = false;
    if (key === 'fulfillment') {
      pieces.push(out);
      out = '';
    } else {
      out += canonicalJson(value);
    }
  }
  return out + '}';
}

/** The id text: the form with each input's fulfillment (or `null`) in its slot. */
export function idText(form: CanonicalForm, fulfillments: readonly (string | null)[]): string {
  const { pieces } = form;
  let text = pieces[0] ?? '';
  for (let i = 1; i < pieces.length; i++) {
    const f = fulfillments[i - 1];
    text += (f === null || f === undefined ? 'null' : JSON.stringify(f)) + pieces[i];
  }
  return text;
}

/** The transaction id for the given fulfillments: SHA3-256 hex of the id text. */
export function idFromForm(form: CanonicalForm, fulfillments: readonly (string | null)[]): string {
  return sha3Hex(idText(form, fulfillments));
}

function linkSuffix(link: OutputLink | null): string {
  return link === null ? '' : link.transaction_id + String(link.output_index);
}

/**
 * The 32-byte message each input's fulfillment signs: SHA3-256 of the signing base, followed for a
 * spending input by the spent transaction id and output index in decimal (reference §3.1).
 * The base is hashed once for all inputs.
 */
export function signingMessages(tx: Transaction, form: CanonicalForm = canonicalForm(tx)): Uint8Array[] {
  return sha3Suffixed(
    form.unsigned,
    tx.inputs.map((input) => linkSuffix(input.fulfills)),
  );
}

/** The id of a transaction: SHA3-256 hex of its canonical form with `id` null and fulfillments kept. */
export function transactionId(tx: Transaction): string {
  return idFromForm(
    canonicalForm(tx),
    tx.inputs.map((input) => input.fulfillment),
  );
}

/** The 32-byte digest that input `inputIndex` of `tx` signs. */
export function signingMessage(tx: Transaction, inputIndex: number): Uint8Array {
  const input = tx.inputs[inputIndex];
  if (input === undefined) throw new RangeError(`signingMessage: no input ${inputIndex}`);
  return sha3(canonicalForm(tx).unsigned + linkSuffix(input.fulfills));
}
