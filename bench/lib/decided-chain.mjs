// Writes blocks straight through a store as a federation of one does: each block with its maker's
// deciding vote, in one store transaction. The benches that need a ledger to read, dump or browse
// build it this way rather than through the node's pipelines (much faster, same stored result).
import { createBlock, createVote } from '@bigchaindb-ts/server';

export class DecidedChainWriter {
  #last = null;
  #seconds;

  /** `startSeconds`: the first block's timestamp is one more than this (Unix seconds). */
  constructor(store, maker, startSeconds) {
    this.store = store;
    this.maker = maker;
    this.#seconds = startSeconds;
  }

  /** Writes one block of these signed transactions, decided valid by the maker's vote. */
  async write(txs) {
    this.#seconds += 1;
    const { maker } = this;
    const block = createBlock(txs, maker, [maker.publicKey], String(this.#seconds));
    const vote = createVote(maker, {
      voting_for_block: block.id,
      previous_block: this.#last ?? block.id,
      is_block_valid: true,
      invalid_reason: null,
      timestamp: String(this.#seconds),
    });
    await this.store.writeBlock(block, { decideWith: vote });
    this.#last = block.id;
  }
}
