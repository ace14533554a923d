import { utf8Encode } from '../bytes.js';
import type { Limits } from '../constants.js';
import {
  addPreimage,
  fulfillmentFromSigned,
  publicKeysOfDetails,
  signDetails,
  type ValidationContext,
} from '../conditions/index.js';
import { publicKeyOf } from '../crypto/index.js';
import { canonicalForm, idFromForm, signingMessages, type CanonicalForm } from './canonical-form.js';
import type { Draft } from './draft.js';
import type { SignedOf, Transaction } from './types.js';

/** Options of `finalizeTransaction`. */
export interface FinalizeOptions {
  readonly limits?: Limits;
  /**
   * With a clock, a threshold presents only branches whose timeouts hold at `ctx.nowMs` (useful when
   * both branches of an escrow are signed); without it, timeouts count as satisfied and validation
   * judges them.
   */
  readonly ctx?: ValidationContext;
}

/**
 * Adds signatures with `privateKeys` to every Ed25519 leaf they match, in every input. This is one
 * turn of signing in turns: the result is a draft that can be sent to the next signer, who calls
 * this again, until `finalizeTransaction`. Signing an input twice with one key is harmless.
 * A key that matches no leaf of any input is a caller mistake and throws TypeError.
 */
export function partiallySign<T extends Transaction>(
  draft: Draft<T>,
  privateKeys: readonly string[],
): Draft<T> {
  assertDraftShape(draft);
  return signWithForm(draft, privateKeys, canonicalForm(draft.tx));
}

/** Adds the secret of a hash-lock to input `inputIndex` (a hash-lock needs no signature). */
export function fulfillHashLock<T extends Transaction>(
  draft: Draft<T>,
  inputIndex: number,
  preimage: Uint8Array | string,
): Draft<T> {
  assertDraftShape(draft);
  const details = draft.inputs[inputIndex];
  if (details === undefined) throw new RangeError(`fulfillHashLock: no input ${inputIndex}`);
  const bytes = typeof preimage === 'string' ? utf8Encode(preimage) : preimage;
  return {
    tx: draft.tx,
    inputs: draft.inputs.map((d, i) => (i === inputIndex ? addPreimage(details, bytes) : d)),
  };
}

/**
 * Turns a fully signed draft into the signed transaction: every input's fulfillment is serialized
 * from its gathered signatures and preimages, then the id is computed over the result. Throws
 * InvalidSignature when an input does not have enough signatures (or the right preimage) yet.
 */
export function finalizeTransaction<T extends Transaction>(
  draft: Draft<T>,
  options: FinalizeOptions = {},
): SignedOf<T> {
  assertDraftShape(draft);
  return finalizeWithForm(draft, canonicalForm(draft.tx), options);
}

/**
 * Signs every input with whichever of `privateKeys` its condition names, and finalizes: the one-call
 * form for when one party holds all the keys needed (one owner, all owners of a threshold, or enough
 * of them). Inputs that need no signature (a timeout) are fulfilled as they are.
 */
export function signTransaction<T extends Transaction>(
  draft: Draft<T>,
  ...privateKeys: string[]
): SignedOf<T> {
  assertDraftShape(draft);
  // One serialization serves both the signing messages and the id.
  const form = canonicalForm(draft.tx);
  const signed = privateKeys.length === 0 ? draft : signWithForm(draft, privateKeys, form);
  return finalizeWithForm(signed, form, {});
}

function signWithForm<T extends Transaction>(
  draft: Draft<T>,
  privateKeys: readonly string[],
  form: CanonicalForm,
): Draft<T> {
  const owned = new Set(draft.inputs.flatMap((details) => publicKeysOfDetails(details)));
  for (const key of privateKeys) {
    const publicKey = publicKeyOf(key);
    if (!owned.has(publicKey)) {
      throw new TypeError(`partiallySign: the key of ${publicKey} matches no condition of this transaction`);
    }
  }
  const messages = signingMessages(draft.tx, form);
  return {
    tx: draft.tx,
    inputs: draft.inputs.map((details, i) => signDetails(details, messages[i]!, privateKeys)),
  };
}

function finalizeWithForm<T extends Transaction>(
  draft: Draft<T>,
  form: CanonicalForm,
  options: FinalizeOptions,
): SignedOf<T> {
  const fulfillments = draft.inputs.map((details) =>
    fulfillmentFromSigned(details, options.limits, options.ctx),
  );
  const id = idFromForm(form, fulfillments);
  const inputs = draft.tx.inputs.map((input, i) => ({ ...input, fulfillment: fulfillments[i]! }));
  // The spread keeps T's own operation and asset; only id and fulfillments change.
  return { ...draft.tx, id, inputs } as SignedOf<T>;
}

// A draft that came back from another party as JSON is checked for shape; its content needs no
// trust because messages are recomputed from `tx` and the result is validated like any other.
function assertDraftShape(draft: Draft): void {
  if (draft.tx.id !== null || draft.tx.inputs.some((input) => input.fulfillment !== null)) {
    throw new TypeError('the draft transaction must be unsigned (id and every fulfillment null)');
  }
  if (draft.inputs.length !== draft.tx.inputs.length) {
    throw new TypeError('the draft must carry one condition per input');
  }
}
