import assert from 'node:assert/strict';
import { inputLinks, type SignedTransaction } from '@bigchaindb-ts/core';
import { BatchReferences, claimId, type ClaimRules } from '../../consensus/index.js';
import { linkKey } from './ledger-maps.js';

/**
 * Backlog transactions accepted here (whichever member they are assigned to) and the outputs they
 * spend: ingest's view of what is not in a block yet, so a client can post a transfer right after
 * the transaction it spends. An entry leaves once its transaction is in a block (written or voted
 * on here) or rejected.
 *
 * Invariant: every spend names a tracked transaction that spends that output, and a tracked
 * transaction's spends are all recorded unless another tracked transaction holds them (two
 * accepted transactions never spend one output: ingest refuses the second as a double spend).
 */
export class PendingPool {
  readonly #txs = new Map<string, SignedTransaction>();
  /** Output key (`txid:index`) → id of the pending transaction spending it. */
  readonly #spends = new Map<string, string>();
  /** Claim (`claimId`) → id of the pending transaction claiming it (indexes with unique claims). */
  readonly #claims = new Map<string, string>();

  constructor(private readonly claimRules?: ClaimRules) {}

  get size(): number {
    return this.#txs.size;
  }

  has(id: string): boolean {
    return this.#txs.has(id);
  }

  get(id: string): SignedTransaction | undefined {
    return this.#txs.get(id);
  }

  /** The pending transaction spending an output, by its key (`linkKey`). */
  spenderOf(outputKey: string): string | undefined {
    return this.#spends.get(outputKey);
  }

  ids(): string[] {
    return [...this.#txs.keys()];
  }

  track(tx: SignedTransaction): void {
    this.#txs.set(tx.id, tx);
    for (const link of inputLinks(tx)) this.#spends.set(linkKey(link), tx.id);
    for (const c of this.claimRules?.of(tx) ?? []) this.#claims.set(claimId(c.index, c.key), tx.id);
  }

  untrack(id: string): void {
    const tx = this.#txs.get(id);
    if (!tx) return;
    this.#txs.delete(id);
    for (const link of inputLinks(tx)) {
      const key = linkKey(link);
      if (this.#spends.get(key) === id) this.#spends.delete(key);
    }
    for (const c of this.claimRules?.of(tx) ?? []) {
      const key = claimId(c.index, c.key);
      if (this.#claims.get(key) === id) this.#claims.delete(key);
    }
  }

  /**
   * The entries a batch needs (its own ids, the ids it spends from, the outputs it spends), copied
   * *before* the store is read: an entry leaves the pool only once its block is written (or it is
   * rejected), so whatever is missing from the copy is in the store's answer. Reading the pool
   * after the await lost inputs whose block was written meanwhile (InputDoesNotExist for a
   * transfer posted right after its input).
   */
  copyFor(
    txs: readonly SignedTransaction[],
    spentIds: (tx: SignedTransaction) => readonly string[],
    refs: BatchReferences = BatchReferences.none,
  ): { txs: Map<string, SignedTransaction>; spends: Map<string, string>; claims: Map<string, string> } {
    const outTxs = new Map<string, SignedTransaction>();
    const outSpends = new Map<string, string>();
    const outClaims = new Map<string, string>();
    for (const tx of txs) {
      // A referenced claim's pending holder is read by the rules with the claim.
      for (const c of refs.claimsOf(tx.id)) {
        const key = claimId(c.index, c.key);
        const p = this.#claims.get(key);
        if (p === undefined) continue;
        outClaims.set(key, p);
        const holder = this.#txs.get(p);
        if (holder) outTxs.set(p, holder);
      }
      // The pending chain behind a transaction a rule walks back (first inputs, pending only).
      for (let id of refs.ancestorsOf(tx.id))
        for (let p = this.#txs.get(id); p !== undefined; p = this.#txs.get(id)) {
          outTxs.set(id, p);
          const prev = p.inputs[0]?.fulfills?.transaction_id;
          if (prev === undefined || outTxs.has(prev)) break;
          id = prev;
        }
      // Referenced outputs: their pending spenders, and the pending spends from those on.
      const forward = refs.outputsOf(tx.id).map((l) => linkKey(l));
      for (let key = forward.pop(); key !== undefined; key = forward.pop()) {
        const spender = this.#spends.get(key);
        if (spender === undefined || outSpends.get(key) === spender) continue;
        outSpends.set(key, spender);
        const next = this.#txs.get(spender);
        if (next === undefined) continue;
        outTxs.set(spender, next);
        next.outputs.forEach((_, i) => forward.push(`${spender}:${i}`));
      }
      for (const id of [tx.id, ...spentIds(tx), ...refs.transactionsOf(tx.id)]) {
        const p = this.#txs.get(id);
        if (p) outTxs.set(id, p);
      }
      for (const link of inputLinks(tx)) {
        const key = linkKey(link);
        const p = this.#spends.get(key);
        if (p) outSpends.set(key, p);
      }
      for (const c of this.claimRules?.of(tx) ?? []) {
        const key = claimId(c.index, c.key);
        const p = this.#claims.get(key);
        if (p) outClaims.set(key, p);
      }
    }
    return { txs: outTxs, spends: outSpends, claims: outClaims };
  }

  /** Checks the invariant above (tests call it; it walks the whole pool). */
  assertConsistent(): void {
    for (const [key, id] of this.#spends) {
      const tx = this.#txs.get(id);
      assert.ok(tx, `pending spend ${key} names ${id}, which is not pending`);
      assert.ok(
        inputLinks(tx).some((l) => linkKey(l) === key),
        `pending spend ${key} names ${id}, which does not spend it`,
      );
    }
  }
}
