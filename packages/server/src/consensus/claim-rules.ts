import type { SignedTransaction } from '@bigchaindb-ts/core';
import type { LedgerIndex } from '../store/index.js';

/** One unique key a transaction claims in a ledger index, with the code a collision is refused with. */
export interface Claim {
  readonly index: string;
  readonly key: string;
  readonly code: string;
}

/** How a claim is named in the node's maps. */
export function claimId(index: string, key: string): string {
  return `${index}\u0000${key}`;
}

/**
 * The claims a transaction makes in the indexes that declare unique claims (`LedgerIndex.claims`):
 * the rules chain checks them at ingest, when a block is made and when it is voted on, against a
 * view that holds live blocks' and pending transactions' claims, as the store checks them when a
 * block is written. With no such index (the default), a transaction claims nothing and this costs
 * one length test.
 */
export class ClaimRules {
  readonly #indexes: readonly LedgerIndex[];

  constructor(indexes: readonly LedgerIndex[]) {
    this.#indexes = indexes.filter((i) => i.claims !== undefined);
  }

  get any(): boolean {
    return this.#indexes.length > 0;
  }

  of(tx: SignedTransaction): Claim[] {
    if (this.#indexes.length === 0) return [];
    const out: Claim[] = [];
    for (const index of this.#indexes) {
      const rule = index.claims!;
      for (const key of new Set(rule.keys(tx))) out.push({ index: index.name, key, code: rule.code });
    }
    return out;
  }
}
