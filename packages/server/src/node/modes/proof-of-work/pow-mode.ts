import {
  betterTip,
  blockHash,
  checkRun,
  networkId,
  powBlockTxCountMax,
  ProofSearcher,
  sealBlock,
  type PowBlock,
  type PowNetwork,
} from '../../../pow/index.js';
import type { NodeContext } from '../../context.js';
import type { ConsensusMode, ModeRuntime } from '../consensus-mode.js';
import { ChainState } from './chain-state.js';
import { checkBlockTransactions, chooseTransactions } from './ledger-check.js';
import type { OfferOutcome, PowChain, TipInfo } from './pow-chain.js';

export interface PowModeOptions {
  readonly network: PowNetwork;
  /** Blocks on top of a block before its transactions are `valid` (default 3). */
  readonly confirmations?: number;
  /** The least time between two blocks this node mines (ms): low difficulties would otherwise spin. */
  readonly blockIntervalMs?: number;
  /** False: this node only follows the chain (tests, observers). */
  readonly mine?: boolean;
}

/** The proof-of-work consensus mode, and its chain for the peers layer once the node has started. */
export interface PowMode extends ConsensusMode {
  readonly chain: PowChain;
}

export const defaultConfirmations = 3;
export const defaultBlockIntervalMs = 1000;

export function proofOfWorkMode(options: PowModeOptions): PowMode {
  let runtime: PowRuntime | undefined;
  const started = (): PowRuntime => {
    if (!runtime) throw new Error('the proof-of-work mode has not been created by a node yet');
    return runtime;
  };
  const id = networkId(options.network);
  const confirmations = options.confirmations ?? defaultConfirmations;
  const chain: PowChain = {
    network: options.network,
    networkId: id,
    confirmations,
    tip: () => started().tipInfo(),
    finalHeight: () => started().state.finalHeight,
    hashes: (from, limit) =>
      started()
        .state.entries.slice(Math.max(0, from), Math.max(0, from) + limit)
        .map((e) => ({ height: e.height, hash: e.hash })),
    blocks: (from, limit) => started().state.blocks(from, limit),
    offer: (fork, blocks) => started().offer(fork, blocks),
    onTip: (listener) => started().onTip(listener),
    catchingUp: (fn) => started().catchingUp(fn),
    backlog: async (limit) =>
      (await started().ctx.store.takeBacklog(started().ctx.publicKey, limit)).map((i) => i.tx),
  };
  return {
    name: 'proof-of-work',
    chain,
    create(ctx) {
      runtime = new PowRuntime(ctx, options, confirmations);
      return runtime;
    },
  };
}

/**
 * One node's proof-of-work runtime. Every change of the chain (a block mined here, a branch a peer
 * offered, finality) runs one at a time on `#serial`. The miner waits while there is nothing to
 * mine; its proof search runs in a worker and is cancelled the moment the tip changes, and a
 * block is only added if the tip is still the one it was mined on (F-C3).
 */
class PowRuntime implements ModeRuntime {
  readonly state: ChainState;
  readonly #searcher = new ProofSearcher();
  readonly #listeners = new Set<(tip: TipInfo, mined: boolean) => void>();
  readonly #intervalMs: number;
  #serial: Promise<unknown> = Promise.resolve();
  #wake: (() => void) | undefined;
  #work = true;
  #stopped = false;
  #loop: Promise<void> = Promise.resolve();
  #waitedOn: unknown;
  /** Catch-ups in flight: while any runs, nothing is sealed or made final. */
  #catchingUp = 0;
  #jitterMs = 0;

  constructor(
    readonly ctx: NodeContext,
    private readonly options: PowModeOptions,
    confirmations: number,
  ) {
    this.state = new ChainState(ctx, options.network, confirmations);
    this.#intervalMs = options.blockIntervalMs ?? defaultBlockIntervalMs;
  }

  assigneeOf(): string {
    return this.ctx.publicKey;
  }

  resume(): Promise<void> {
    return this.state.load();
  }

  run(): void {
    if (this.options.mine === false) return;
    this.#loop = this.#mineLoop().catch((err: unknown) =>
      this.ctx.logger.error({ err }, 'the miner stopped'),
    );
  }

  accepted(): void {
    this.#kick();
  }

  onChange(): void {
    this.#kick();
  }

  runStaleMonitor(): Promise<number> {
    return Promise.resolve(0);
  }

  async settle(): Promise<void> {
    await this.#serial;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#kick();
    await this.#searcher.close();
    await this.#loop;
    await this.#serial;
  }

  confirmations(blockId: string): number | undefined {
    return this.state.confirmationsOf(blockId);
  }

  tipInfo(): TipInfo {
    const t = this.state.tip;
    return { height: t.height, hash: t.hash };
  }

  onTip(listener: (tip: TipInfo, mined: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async catchingUp<T>(fn: () => Promise<T>): Promise<T> {
    this.#catchingUp += 1;
    this.#searcher.cancel();
    try {
      return await fn();
    } finally {
      this.#catchingUp -= 1;
      if (this.#catchingUp === 0) {
        await this.#exclusive(() => this.state.finalize());
        this.#kick();
      }
    }
  }

  offer(forkHeight: number, blocks: readonly unknown[]): Promise<OfferOutcome> {
    return this.#exclusive(() => this.#offer(forkHeight, blocks));
  }

  async #offer(forkHeight: number, offered: readonly unknown[]): Promise<OfferOutcome> {
    const { state } = this;
    if (
      !Number.isSafeInteger(forkHeight) ||
      forkHeight < 0 ||
      forkHeight > state.tip.height ||
      offered.length === 0
    )
      return { status: 'ignored', reason: 'UnknownFork' };
    const parent = await state.blockAt(forkHeight);
    if (!parent) return { status: 'ignored', reason: 'UnknownFork' };
    // Our chain may have moved since the peer's hashes were compared: a branch that does not
    // start on our block at `forkHeight` is no fault of the peer's, just not an offer for us now.
    const first = offered[0] as Partial<PowBlock> | undefined;
    if (first?.previous_hash !== state.entries[forkHeight]!.hash)
      return { status: 'ignored', reason: 'UnknownFork' };
    const rules = checkRun(offered, parent, state.network, this.ctx.clock.nowMs());
    if (!rules.ok)
      return {
        status: 'refused',
        fault: rules.fault,
        detail: rules.detail,
        height: forkHeight + 1 + rules.index,
      };
    let blocks = offered as readonly PowBlock[];
    // Blocks we already have are skipped: the fork is where the hashes part.
    let fork = forkHeight;
    while (blocks.length > 0 && state.entries[fork + 1]?.hash === blockHash(blocks[0]!)) {
      fork += 1;
      blocks = blocks.slice(1);
    }
    if (blocks.length === 0) return { status: 'ignored', reason: 'NotBetter' };
    const last = blocks[blocks.length - 1]!;
    if (!betterTip({ height: last.height, hash: blockHash(last) }, this.tipInfo()))
      return { status: 'ignored', reason: 'NotBetter' };
    if (fork < state.finalHeight) return { status: 'ignored', reason: 'BeyondFinality' };
    const abandoned = fork < state.tip.height ? await state.blocks(fork + 1, state.tip.height - fork) : [];
    await state.truncate(fork);
    for (const block of blocks) {
      const txs = await checkBlockTransactions(this.ctx, block.transactions);
      if (!txs.ok) {
        // Back to the chain we had: it was valid, and this branch is not.
        await state.truncate(fork);
        for (const old of abandoned) await state.adopt(old);
        return {
          status: 'refused',
          fault: 'InvalidTransaction',
          detail: `block ${block.height}: transaction ${txs.txId} is invalid (${txs.code}: ${txs.reason})`,
          height: block.height,
        };
      }
      await state.adopt(block);
    }
    // Blocks of the branch just adopted may be final: it is the best chain this node has seen.
    await state.finalize();
    if (abandoned.length > 0)
      this.ctx.logger.info(
        { from: fork, abandoned: abandoned.length, adopted: blocks.length },
        'switched to a better branch',
      );
    this.#tipChanged(false);
    return { status: 'adopted', height: state.tip.height, abandoned: abandoned.length };
  }

  #tipChanged(mined: boolean): void {
    // The search on the old tip is pointless now.
    this.#searcher.cancel();
    this.#kick();
    const tip = this.tipInfo();
    for (const l of this.#listeners) {
      try {
        l(tip, mined);
      } catch (err) {
        this.ctx.logger.error({ err }, 'a tip listener failed');
      }
    }
  }

  #kick(): void {
    this.#work = true;
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#serial.then(fn);
    this.#serial = run.catch(() => {});
    return run;
  }

  /** Sleeps until kicked (new transactions, a new tip, stop), or `ms` passes when given. */
  #sleep(ms?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => done(), ms);
      const done = () => {
        if (timer) clearTimeout(timer);
        if (this.#wake === done) this.#wake = undefined;
        resolve();
      };
      this.#wake = done;
    });
  }

  async #mineLoop(): Promise<void> {
    const { ctx, state } = this;
    while (!this.#stopped) {
      if (!this.#work) {
        await this.#sleep();
        continue;
      }
      this.#work = false;
      // Blocks are at least `blockIntervalMs` apart, plus a random part of it (wait, unless the
      // tip changes meanwhile). Every miner finds the same proof for a tip (it depends on the
      // previous proof alone), so without the random part all would seal at the same moment and
      // every height would be a race; with it one is usually first and the others hear of its
      // block before their turn, so forks stay shallow.
      const since = ctx.clock.nowMs() - state.tip.timestamp;
      if (state.tip !== this.#waitedOn) {
        this.#waitedOn = state.tip;
        this.#jitterMs = Math.floor(Math.random() * this.#intervalMs);
      }
      const due = this.#intervalMs + this.#jitterMs;
      if (state.tip.height > 0 && since < due) {
        this.#work = true;
        await this.#sleep(due - since);
        continue;
      }
      const tip = state.tip;
      const txs = await this.#exclusive(() =>
        chooseTransactions(ctx, Math.min(ctx.options.blockTxCountMax, powBlockTxCountMax)),
      );
      if (txs.length === 0 && !state.unconfirmedTransactions) continue;
      this.#work = true;
      const proof = await this.#searcher.search(tip.proof, state.network.difficulty);
      if (proof === null || this.#stopped) continue;
      if (this.#catchingUp > 0) {
        // A better tip is being fetched: wait for it rather than extend this one.
        await this.#sleep(this.#intervalMs);
        continue;
      }
      await this.#exclusive(async () => {
        if (state.tip !== tip || this.#catchingUp > 0) return; // stale tip: dropped, the loop starts again
        const parent = await state.blockAt(tip.height);
        const block = sealBlock(
          parent!,
          { timestamp: Math.max(ctx.clock.nowMs(), tip.timestamp + 1), transactions: txs, proof },
          ctx.keypair,
        );
        // The ledger may have moved under the choice (a peer's block took an input): judge again.
        const check = await checkBlockTransactions(ctx, txs);
        if (!check.ok) return;
        await state.adopt(block);
        if (this.#catchingUp === 0) await state.finalize();
        ctx.logger.debug({ height: block.height, txs: txs.length }, 'mined a block');
        this.#tipChanged(true);
      });
    }
  }
}
