/**
 * The condition types this module knows: the three BigchainDB 2.0 uses from the crypto-conditions
 * registry, and two extensions (see docs/crypto-conditions-extensions.md).
 */
import { ed25519Cost } from '../constants.js';

export type ConditionTypeName =
  | 'preimage-sha-256'
  | 'threshold-sha-256'
  | 'ed25519-sha-256'
  | 'timeout-sha-256'
  | 'inverted-threshold-sha-256';

/**
 * Type ids double as the context tag numbers of conditions and fulfillments and as bit positions in
 * the subtypes BIT STRING. 0, 2 and 4 are the official registry's; 1 (prefix) and 3 (rsa) are left
 * out because BigchainDB never used them. The extensions take 29 and 30, the top of the single-byte
 * tag range, far from the registry's 0-4 and from the ids other forks added (5, 15).
 */
export const typeIds: Readonly<Record<ConditionTypeName, number>> = Object.freeze({
  'preimage-sha-256': 0,
  'threshold-sha-256': 2,
  'ed25519-sha-256': 4,
  'inverted-threshold-sha-256': 29,
  'timeout-sha-256': 30,
});

const namesById = new Map<number, ConditionTypeName>(
  Object.entries(typeIds).map(([name, id]) => [id, name as ConditionTypeName]),
);

export function typeNameOfId(id: number): ConditionTypeName | undefined {
  return namesById.get(id);
}

export function isTypeName(text: string): text is ConditionTypeName {
  return Object.hasOwn(typeIds, text);
}

/** Compound types list their subtypes in conditions; simple types do not. */
export function isCompound(type: ConditionTypeName): boolean {
  return type === 'threshold-sha-256' || type === 'inverted-threshold-sha-256';
}

/**
 * Cost of a timeout: a fixed eight, the most bytes its expiry INTEGER takes, in the spirit of a
 * preimage whose cost is its length. Validating it is one comparison.
 */
export const timeoutCost = 8;

/** Fixed costs of the simple types whose cost does not depend on their contents. */
export function fixedCostOf(type: ConditionTypeName): number | undefined {
  if (type === 'ed25519-sha-256') return ed25519Cost;
  if (type === 'timeout-sha-256') return timeoutCost;
  return undefined;
}

/**
 * Types whose truth depends only on the condition and the validating node's clock, never on a
 * secret. Only these may appear beneath an inverted threshold.
 */
export const deterministicTypes: ReadonlySet<ConditionTypeName> = new Set<ConditionTypeName>([
  'timeout-sha-256',
  'threshold-sha-256',
  'inverted-threshold-sha-256',
]);
