// Test ledgers for backups: real signed blocks and votes written straight through the store, as a
// federation of one node writes them (the block and its deciding vote in one transaction), with
// transfers spending earlier outputs and, when asked, an invalid block.
import type { Keypair, SignedTransaction } from '@bigchaindb-ts/core';
import { createBlock, createVote, type Block, type Vote } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { alice, bob, create, transfer } from '../../store/test/fixtures.js';

export interface ChainWriter {
  /** Writes one decided block holding `txs`; returns it. */
  writeBlock(txs: readonly SignedTransaction[], valid?: boolean): Promise<Block>;
  /** Every transaction of a valid block written so far. */
  readonly valid: SignedTransaction[];
  /** Outputs not spent yet: what the next transfers spend. */
  readonly unspent: { tx: SignedTransaction; owner: Keypair }[];
}

let seconds = 1_750_000_000;

/** A writer of blocks made and decided by `maker` alone, continuing from `lastBlockId`. */
export function chainWriter(store: Store, maker: Keypair, lastBlockId: string | null = null): ChainWriter {
  let last = lastBlockId;
  const valid: SignedTransaction[] = [];
  const unspent: { tx: SignedTransaction; owner: Keypair }[] = [];
  return {
    valid,
    unspent,
    async writeBlock(txs, isValid = true) {
      seconds += 1;
      const block = createBlock(txs, maker, [maker.publicKey], String(seconds));
      const vote: Vote = createVote(maker, {
        voting_for_block: block.id,
        previous_block: last ?? block.id,
        is_block_valid: isValid,
        invalid_reason: isValid ? null : 'DoubleSpend',
        timestamp: String(seconds),
      });
      if (isValid) await store.writeBlock(block, { decideWith: vote });
      else {
        await store.writeBlock(block);
        await store.writeVotes([vote]);
        await store.decideBlock(block.id, false);
      }
      last = block.id;
      if (isValid) valid.push(...txs);
      return block;
    },
  };
}

/** `n` transactions: CREATEs, and TRANSFERs of what earlier batches created (half of each batch once possible). */
export function nextTransactions(w: ChainWriter, n: number, tag: string): SignedTransaction[] {
  const out: SignedTransaction[] = [];
  while (out.length < n) {
    const spend = out.length % 2 === 1 ? w.unspent.shift() : undefined;
    if (spend !== undefined) {
      const next = spend.owner === alice ? bob : alice;
      const tx = transfer(spend.tx, 0, spend.owner, next, { tag });
      out.push(tx);
      pending.push({ tx, owner: next });
    } else {
      const tx = create(alice, { tag, serial: out.length, nonce: Math.random() }, { tag });
      out.push(tx);
      pending.push({ tx, owner: alice });
    }
  }
  return out;
}

/** Outputs made by the last batch, usable once its block is written (see `settle`). */
const pending: { tx: SignedTransaction; owner: Keypair }[] = [];

/** Makes the last batch's outputs spendable by the next batches (after its block was written valid). */
export function settle(w: ChainWriter): void {
  w.unspent.push(...pending.splice(0));
}

/** Forgets the last batch's outputs (its block was invalid). */
export function discard(): void {
  pending.splice(0);
}
