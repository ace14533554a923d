import assert from 'node:assert/strict';
import { createBlock, createVote, unixTimestamp, type Block } from '../../../model/index.js';
import { blockHash, checkGenesis, genesisBlock, type PowBlock, type PowNetwork } from '../../../pow/index.js';
import { blockPageSizeMax, type StoredBlock } from '../../../store/index.js';
import type { NodeContext } from '../../context.js';
import { announceDecision, reloadBacklog } from '../../pipelines/index.js';

/** One block of the current chain as this node keeps it in memory. */
export interface ChainEntry {
  readonly height: number;
  readonly hash: string;
  readonly proof: number | null;
  readonly timestamp: number;
  /** The id of the store's record of this adoption (a wrapper block signed by this node). */
  readonly storeId: string;
  readonly txCount: number;
  final: boolean;
}

/** The mined block as the store keeps it: the wrapper's `consensus.pow`, without its transactions. */
function powOf(stored: Block): PowBlock {
  const pow = stored.block.consensus?.pow as Omit<PowBlock, 'transactions'> | undefined;
  assert.ok(pow !== undefined, `block ${stored.id} holds no proof-of-work block`);
  return { ...pow, transactions: stored.block.transactions };
}

/**
 * The current proof-of-work chain of one node, in memory (heights, hashes, proofs) over the store.
 * Each adoption of a mined block is written as a store block made and signed by this node, holding
 * the mined block's transactions and its header (`consensus.pow`); abandoning a block decides that
 * record invalid, which sends its transactions back to the backlog; a block `confirmations` deep
 * is decided valid with this node's vote. So the store's live blocks, in store order, are exactly
 * the current chain, and every read of the API works unchanged.
 */
export class ChainState {
  readonly entries: ChainEntry[] = [];
  readonly #byStoreId = new Map<string, ChainEntry>();
  #adoptions = 0;
  #finalHeight = 0;
  /** The highest height of the current chain whose block holds transactions (0: none). */
  #lastTxHeight = 0;

  constructor(
    private readonly ctx: NodeContext,
    readonly network: PowNetwork,
    readonly confirmationsFinal: number,
  ) {}

  get tip(): ChainEntry {
    const tip = this.entries[this.entries.length - 1];
    assert.ok(tip !== undefined, 'the chain has no genesis yet');
    return tip;
  }

  /** The highest final (decided valid) height: no reorganisation goes below it. */
  get finalHeight(): number {
    return this.#finalHeight;
  }

  /** Whether a block holding transactions still waits for its confirmations. */
  get unconfirmedTransactions(): boolean {
    return this.#lastTxHeight > this.#finalHeight;
  }

  confirmationsOf(storeId: string): number | undefined {
    const e = this.#byStoreId.get(storeId);
    return e === undefined || this.entries[e.height] !== e ? undefined : this.tip.height - e.height;
  }

  /** Reads the chain back from the store, or writes this network's genesis into an empty one. */
  async load(): Promise<void> {
    const { store } = this.ctx;
    const live: StoredBlock[] = [];
    for (let from = -1; ;) {
      const page = await store.getBlocksAfter(from, blockPageSizeMax);
      for (const b of page) if (b.status !== 'invalid') live.push(b);
      if (page.length < blockPageSizeMax) break;
      from = page[page.length - 1]!.height;
    }
    if (live.length === 0) {
      await this.#writeGenesis();
      return;
    }
    if (live[0]!.block.block.consensus?.pow === undefined)
      throw new Error(
        'the store holds the chain of another network (a federation chain); use a new store or --force_new_chain',
      );
    const genesis = powOf(live[0]!.block);
    const g = checkGenesis(genesis, this.network);
    if (!g.ok)
      throw new Error(
        `the store holds the chain of another network (${g.detail}); use a new store or --force_new_chain`,
      );
    this.#push(live[0]!, genesis);
    for (const stored of live.slice(1)) {
      const pow = powOf(stored.block);
      // A stop in the middle of a reorganisation leaves a run that does not link: drop it, peers resend.
      if (pow.height !== this.tip.height + 1 || pow.previous_hash !== this.tip.hash) {
        await this.#abandonStored(stored);
        continue;
      }
      this.#push(stored, pow);
    }
    await reloadBacklog(this.ctx);
  }

  /** The mined block at a height of the current chain. */
  async blockAt(height: number): Promise<PowBlock | undefined> {
    return (await this.blocks(height, 1))[0];
  }

  /** Up to `limit` mined blocks of the current chain from `from` on. */
  async blocks(from: number, limit: number): Promise<PowBlock[]> {
    const slice = this.entries.slice(Math.max(0, from), Math.max(0, from) + limit);
    if (slice.length === 0) return [];
    const stored = await this.ctx.store.getBlocksById(slice.map((e) => e.storeId));
    return stored.map((s, i) => {
      assert.ok(s !== null, `the store lost block ${slice[i]!.storeId}`);
      return powOf(s.block);
    });
  }

  /** Writes the record of a mined block that extends the tip (checked by the caller). */
  async adopt(block: PowBlock): Promise<void> {
    assert.equal(block.height, this.tip.height + 1);
    assert.equal(block.previous_hash, this.tip.hash);
    const { transactions, ...header } = block;
    const record = createBlock(
      transactions,
      this.ctx.keypair,
      [this.ctx.publicKey],
      String(Math.floor(block.timestamp / 1000)),
      // A block abandoned once and adopted again gets a new record: the count makes its id new.
      { pow: header, adoption: `${Date.now()}-${++this.#adoptions}` },
    );
    const { height } = await this.ctx.store.writeBlock(record);
    for (const tx of transactions) this.ctx.pending.untrack(tx.id);
    this.#push({ block: record, height, status: 'undecided' }, block);
    this.ctx.events.emit('blockWritten', {
      id: record.id,
      height,
      transactionCount: transactions.length,
      decided: false,
    });
  }

  /** Abandons every block above `height` (top first); their transactions go back to the backlog. */
  async truncate(height: number): Promise<ChainEntry[]> {
    assert.ok(height >= this.finalHeight, `no reorganisation below the final height ${this.finalHeight}`);
    const removed: ChainEntry[] = [];
    while (this.tip.height > height) {
      const e = this.entries.pop()!;
      this.#byStoreId.delete(e.storeId);
      removed.push(e);
      const [stored] = await this.ctx.store.getBlocksById([e.storeId]);
      if (stored) await this.#abandonStored(stored);
    }
    if (this.#lastTxHeight > height) {
      this.#lastTxHeight = 0;
      for (let h = height; h > 0; h--)
        if (this.entries[h]!.txCount > 0) {
          this.#lastTxHeight = h;
          break;
        }
    }
    if (removed.length > 0) await reloadBacklog(this.ctx);
    return removed.reverse();
  }

  /** Decides valid, with this node's vote, every block with `confirmationsFinal` blocks on top. */
  async finalize(): Promise<void> {
    const upTo = this.tip.height - this.confirmationsFinal;
    for (let h = this.finalHeight + 1; h <= upTo; h++) {
      const e = this.entries[h]!;
      const [stored] = await this.ctx.store.getBlocksById([e.storeId]);
      assert.ok(stored, `the store lost block ${e.storeId}`);
      await this.ctx.store.writeVotes([this.#vote(e.storeId, true)]);
      const decision = await this.ctx.store.decideBlock(e.storeId, true);
      e.final = true;
      this.#finalHeight = h;
      this.ctx.talliedValid.set(e.storeId, true);
      if (decision.changed) announceDecision(this.ctx, stored, 'valid');
    }
  }

  async #writeGenesis(): Promise<void> {
    const genesis = genesisBlock(this.network);
    const { transactions, ...header } = genesis;
    const record = createBlock(transactions, this.ctx.keypair, [this.ctx.publicKey], '0', {
      pow: header,
      adoption: 'genesis',
    });
    const { height } = await this.ctx.store.writeBlock(record, { decideWith: this.#vote(record.id, true) });
    this.#push({ block: record, height, status: 'valid' }, genesis);
    this.ctx.logger.info({ network: this.network.name, hash: this.tip.hash }, 'wrote the genesis block');
  }

  async #abandonStored(stored: StoredBlock): Promise<void> {
    assert.notEqual(stored.status, 'valid', `block ${stored.block.id} is final`);
    const decision = await this.ctx.store.decideBlock(stored.block.id, false, {
      requeueTo: this.ctx.publicKey,
    });
    if (decision.changed) announceDecision(this.ctx, stored, 'invalid');
  }

  #push(stored: StoredBlock, pow: PowBlock): void {
    const e: ChainEntry = {
      height: pow.height,
      hash: blockHash(pow),
      proof: pow.proof,
      timestamp: pow.timestamp,
      storeId: stored.block.id,
      txCount: pow.transactions.length,
      final: stored.status === 'valid',
    };
    assert.equal(e.height, this.entries.length, 'the chain grows one height at a time');
    this.entries.push(e);
    this.#byStoreId.set(e.storeId, e);
    if (e.final) this.#finalHeight = e.height;
    if (e.txCount > 0) this.#lastTxHeight = e.height;
  }

  #vote(blockId: string, valid: boolean) {
    return createVote(this.ctx.keypair, {
      voting_for_block: blockId,
      previous_block: this.entries[this.entries.length - 1]?.storeId ?? blockId,
      is_block_valid: valid,
      invalid_reason: null,
      timestamp: unixTimestamp(this.ctx.clock),
    });
  }
}
