/**
 * Builders for details JSON. They check what each node needs locally (a valid key, a threshold
 * within its children, a representable expiry) and throw InvalidCondition otherwise; the limits on
 * the whole tree are checked when the tree is used (`conditionFromDetails`).
 */
import { isPublicKey, sha256 } from '../crypto/index.js';
import { InvalidCondition } from '../errors/index.js';
import type {
  ConditionDetails,
  Ed25519Details,
  InvertedThresholdDetails,
  PreimageDetails,
  ThresholdDetails,
  TimeoutDetails,
} from '../transaction/index.js';
import { base64urlEncode } from './base64url.js';
import { detailsAreDeterministic } from './details.js';
import { expireTimeMsMax, formatExpireTime, isExpireTimeMs } from './expire-time.js';

export function ed25519Details(publicKey: string): Ed25519Details {
  if (!isPublicKey(publicKey)) throw new InvalidCondition(`not a base58 Ed25519 public key: ${publicKey}`);
  return { type: 'ed25519-sha-256', public_key: publicKey };
}

function checkThreshold(threshold: number, count: number): void {
  if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > count)
    throw new InvalidCondition(
      `threshold must be an integer from 1 to the number of subconditions (${count})`,
    );
}

/**
 * An m-of-n threshold. With `weights`, subcondition i counts `weights[i]` times towards the
 * threshold: crypto-conditions thresholds have no weights, so a weight w is expressed by listing
 * the subcondition w times (the same condition may appear several times, as in the driver's
 * 1-of-2 vector with one key twice). Its signer's one signature then fulfills every copy, and the
 * threshold is compared against the sum of weights.
 */
export function thresholdDetails(
  threshold: number,
  subconditions: ConditionDetails[],
  weights?: number[],
): ThresholdDetails {
  let expanded: ConditionDetails[] = subconditions;
  if (weights !== undefined) {
    if (weights.length !== subconditions.length)
      throw new InvalidCondition('there must be one weight per subcondition');
    if (!weights.every((w) => Number.isSafeInteger(w) && w >= 1))
      throw new InvalidCondition('weights must be positive integers');
    expanded = subconditions.flatMap((sub, i) => Array.from({ length: weights[i]! }, () => sub));
  }
  checkThreshold(threshold, expanded.length);
  return { type: 'threshold-sha-256', threshold, subconditions: expanded };
}

/** A hash-lock on `preimage`: only its SHA-256 and length appear in the details. */
export function preimageDetails(preimage: Uint8Array): PreimageDetails {
  return { type: 'preimage-sha-256', fingerprint: base64urlEncode(sha256(preimage)), cost: preimage.length };
}

/** Holds while the validating node's clock is at or before `expireTimeMs` (integer milliseconds since the epoch). */
export function timeoutDetails(expireTimeMs: number): TimeoutDetails {
  if (!isExpireTimeMs(expireTimeMs))
    throw new InvalidCondition(
      `expiry must be an integer number of milliseconds in 0 ..= ${expireTimeMsMax}`,
    );
  return { type: 'timeout-sha-256', expire_time: formatExpireTime(expireTimeMs) };
}

/** NOT of an m-of-n threshold. Its subconditions may only be timeouts and thresholds of timeouts. */
export function invertedThresholdDetails(
  threshold: number,
  subconditions: ConditionDetails[],
): InvertedThresholdDetails {
  checkThreshold(threshold, subconditions.length);
  if (!subconditions.every(detailsAreDeterministic))
    throw new InvalidCondition(
      'only timeouts and thresholds of timeouts may appear beneath an inverted threshold',
    );
  return { type: 'inverted-threshold-sha-256', threshold, subconditions };
}

/**
 * The escrow of the BigchainDB 0.x documentation: the execute key may spend until the expiry
 * (inclusive), the abort key only after it. 1-of-2 of [2-of-2(execute, timeout), 2-of-2(abort, NOT timeout)].
 */
export function escrowDetails(args: {
  executePublicKey: string;
  abortPublicKey: string;
  expireTimeMs: number;
}): ThresholdDetails {
  const timeout = timeoutDetails(args.expireTimeMs);
  return thresholdDetails(1, [
    thresholdDetails(2, [ed25519Details(args.executePublicKey), timeout]),
    thresholdDetails(2, [ed25519Details(args.abortPublicKey), invertedThresholdDetails(1, [timeout])]),
  ]);
}
