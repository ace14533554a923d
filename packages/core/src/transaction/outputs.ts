import { utf8Encode } from '../bytes.js';
import {
  conditionUriFromDetails,
  ed25519Details,
  escrowDetails,
  preimageDetails,
  publicKeysOfDetails,
  thresholdDetails,
  timeoutDetails,
} from '../conditions/index.js';
import { toAmountString } from './amount.js';
import type { ConditionDetails, Output, ThresholdDetails } from './types.js';

/** Amounts in builders: a decimal string, a safe integer or a BigInt; the wire form is always a string. */
export type AmountLike = string | number | bigint;

/** An owner in a builder: a base58 public key, or any condition details (for nesting). */
export type Owner = string | ConditionDetails;

function detailsOf(owner: Owner): ConditionDetails {
  return typeof owner === 'string' ? ed25519Details(owner) : owner;
}

/**
 * An output locked by `details`. `uri` is computed from the details and `public_keys` lists the
 * Ed25519 keys found in them (unique, in order of first appearance), as the official driver does.
 * A condition without keys (hash-lock, bare timeout) gets `public_keys: []`, the only form
 * validation accepts for it.
 */
export function makeOutput(details: ConditionDetails, amount: AmountLike = '1'): Output {
  return {
    amount: toAmountString(amount),
    condition: { details, uri: conditionUriFromDetails(details) },
    public_keys: publicKeysOfDetails(details),
  };
}

/** Owned by one key: a plain Ed25519 signature condition. */
export function makeOwnerOutput(publicKey: string, amount: AmountLike = '1'): Output {
  return makeOutput(ed25519Details(publicKey), amount);
}

/** Owned jointly: every owner must sign (an n-of-n threshold; one owner gives a plain signature condition). */
export function makeAllOwnersOutput(owners: readonly Owner[], amount: AmountLike = '1'): Output {
  return makeOutput(allOfOwners(...owners), amount);
}

/** Any `threshold` of the owners may spend (m-of-n). Owners may themselves be nested conditions. */
export function makeThresholdOutput(
  threshold: number,
  owners: readonly Owner[],
  amount: AmountLike = '1',
): Output {
  return makeOutput(thresholdDetails(threshold, owners.map(detailsOf)), amount);
}

/** A weighted threshold: the weights of the owners who sign must add up to at least `threshold`. */
export function makeWeightedOutput(
  threshold: number,
  owners: readonly { readonly owner: Owner; readonly weight: number }[],
  amount: AmountLike = '1',
): Output {
  return makeOutput(
    thresholdDetails(
      threshold,
      owners.map((o) => detailsOf(o.owner)),
      owners.map((o) => o.weight),
    ),
    amount,
  );
}

/** A hash-lock (voucher): whoever presents `preimage` may spend it. The preimage itself is not stored. */
export function makeHashLockOutput(preimage: Uint8Array | string, amount: AmountLike = '1'): Output {
  return makeOutput(preimageDetails(typeof preimage === 'string' ? utf8Encode(preimage) : preimage), amount);
}

/** Spendable by anyone until `expireTimeMs` (Unix milliseconds), by no one afterwards. */
export function makeTimeoutOutput(expireTimeMs: number, amount: AmountLike = '1'): Output {
  return makeOutput(timeoutDetails(expireTimeMs), amount);
}

/** Escrow: the execute key may spend until `expireTimeMs`, the abort key only after it. */
export function makeEscrowOutput(
  escrow: {
    readonly executePublicKey: string;
    readonly abortPublicKey: string;
    readonly expireTimeMs: number;
  },
  amount: AmountLike = '1',
): Output {
  return makeOutput(escrowDetails({ ...escrow }), amount);
}

/** Logical AND of owners (n-of-n). A single owner is returned as is, since a 1-of-1 threshold adds nothing. */
export function allOfOwners(...owners: Owner[]): ConditionDetails {
  if (owners.length === 0) throw new TypeError('allOfOwners needs at least one owner');
  if (owners.length === 1) return detailsOf(owners[0] as Owner);
  return thresholdDetails(owners.length, owners.map(detailsOf));
}

/** Logical OR of owners (1-of-n), e.g. `(x OR y) AND (u OR v)` = `allOfOwners(anyOfOwners(x, y), anyOfOwners(u, v))`. */
export function anyOfOwners(...owners: Owner[]): ThresholdDetails {
  if (owners.length === 0) throw new TypeError('anyOfOwners needs at least one owner');
  return thresholdDetails(1, owners.map(detailsOf));
}
