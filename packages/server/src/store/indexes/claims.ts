import type { SignedTransaction } from '@bigchaindb-ts/core';
import type { ClaimConflict } from '../errors.js';
import type { LedgerIndex } from './ledger-index.js';

/** A unique key a transaction of the block being written claims through an index. */
export interface PlannedClaim {
  readonly index: string;
  readonly key: string;
  readonly txId: string;
  readonly code: string;
}

/**
 * The claims of a block's transactions, and the collisions inside the block itself (two of its
 * transactions claiming one key: the later one loses, as a second spend of one output does).
 * A transaction claiming one key twice claims it once.
 */
export function planClaims(
  indexes: readonly LedgerIndex[],
  txs: readonly { readonly id: string; readonly tx: SignedTransaction }[],
  blockId: string,
): { claims: PlannedClaim[]; conflicts: ClaimConflict[] } {
  const claims: PlannedClaim[] = [];
  const conflicts: ClaimConflict[] = [];
  for (const index of indexes) {
    const rule = index.claims;
    if (rule === undefined) continue;
    const holders = new Map<string, string>();
    for (const { id, tx } of txs)
      for (const key of new Set(rule.keys(tx))) {
        const holder = holders.get(key);
        if (holder === undefined) {
          holders.set(key, id);
          claims.push({ index: index.name, key, txId: id, code: rule.code });
        } else if (holder !== id)
          conflicts.push({ txId: id, index: index.name, key, code: rule.code, claimedBy: holder, blockId });
      }
  }
  return { claims, conflicts };
}
