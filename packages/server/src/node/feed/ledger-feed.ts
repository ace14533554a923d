import { assetIdOf } from '@bigchaindb-ts/core';
import { feedCacheBlocksMax, feedReadBlocksMax } from '../constants.js';
import { SingleFlight } from '../single-flight.js';
import type { StoredBlock } from '../../store/index.js';
import type { LedgerReads } from '../node-service.js';

/** A decided block as the streams need it: no transaction bodies, only ids. */
export interface FeedBlock {
  readonly height: number;
  readonly id: string;
  readonly status: 'valid' | 'invalid';
  readonly timestamp: string;
  readonly nodePubkey: string;
  readonly txs: readonly { readonly id: string; readonly assetId: string }[];
}

export type FeedReads = Pick<LedgerReads, 'latestHeight' | 'firstUndecidedHeight' | 'getBlocksAfter'>;

/**
 * The decided prefix of the chain, followed in height order: the one source every event stream
 * reads from, so that they can promise what etcd's watch does — events in order, none missing,
 * none repeated, and resumable from a height.
 *
 * `frontier` is the highest height such that every block at or below it is decided (valid or
 * invalid); it only grows. Blocks above it are not streamed yet, even when decided, because a
 * lower undecided block could still turn valid: streaming past it would let a client that resumes
 * from the later height miss it. Decisions are final, so a block at or below the frontier reads
 * the same forever, from the cache or the store.
 *
 * The feed advances when the node announces a decision and, as a safety net for decisions this
 * process does not see (another member's), on a timer.
 */
export class LedgerFeed {
  #frontier = -1;
  #ready = false;
  /** The last read stopped at an undecided block right above the frontier. */
  #waiting = false;
  readonly #cache = new Map<number, FeedBlock>();
  readonly #listeners = new Set<() => void>();
  readonly #flight: SingleFlight;
  #timer: NodeJS.Timeout | undefined;
  #resolveReady!: () => void;
  /** Resolves once the frontier is known (the store answered once). */
  readonly ready: Promise<void> = new Promise((resolve) => (this.#resolveReady = resolve));

  constructor(
    private readonly reads: FeedReads,
    private readonly options: {
      readonly pollIntervalMs: number;
      readonly onError: (err: unknown) => void;
      /**
       * The node's integrity check of a stored block (null: altered, never to be served). The feed
       * stops at such a block rather than skip it: a stream never serves altered data, and never
       * has a gap.
       */
      readonly vet?: (stored: StoredBlock) => Promise<StoredBlock | null>;
    },
  ) {
    this.#flight = new SingleFlight(() => this.#advance(), options.onError);
  }

  get frontier(): number {
    return this.#frontier;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.kick(), this.options.pollIntervalMs);
    this.#timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#listeners.clear();
    await this.#flight.idle();
  }

  /** Looks for newly decided blocks now. */
  kick(): void {
    this.#flight.kick();
  }

  /** Calls `listener` whenever the frontier moves; returns the unsubscribe function. */
  onAdvance(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Decided blocks above `height`, in height order, at most `max`, none above the frontier: from
   * the cache when it holds the next one, else from the store.
   */
  async blocksAfter(height: number, max: number): Promise<FeedBlock[]> {
    const last = Math.min(this.#frontier, height + max);
    if (last <= height) return [];
    const cached: FeedBlock[] = [];
    for (let h = height + 1; h <= last; h++) {
      const b = this.#cache.get(h);
      if (b === undefined) break;
      cached.push(b);
    }
    if (cached.length > 0) return cached;
    const stored = await this.reads.getBlocksAfter(height, Math.min(last - height, feedReadBlocksMax));
    const out: FeedBlock[] = [];
    for (const b of stored) {
      if (b.height > last || (await this.#vet(b)) === null) break;
      out.push(feedBlockOf(b));
    }
    return out;
  }

  async #advance(): Promise<void> {
    if (!this.#ready) {
      // Read the latest height first: a block written after it is above it, so the frontier
      // computed here is never past a block that is still undecided.
      const latest = (await this.reads.latestHeight()) ?? -1;
      const undecided = await this.reads.firstUndecidedHeight();
      this.#frontier = undecided === null ? latest : Math.min(latest, undecided - 1);
      this.#ready = true;
      this.#resolveReady();
    }
    if (this.#listeners.size === 0) {
      // Nobody follows live: the frontier is two small queries, not a read (and a hash and
      // signature check) of every decided block. A replay still reads and checks what it serves.
      const latest = (await this.reads.latestHeight()) ?? -1;
      const undecided = await this.reads.firstUndecidedHeight();
      this.#frontier = Math.max(
        this.#frontier,
        undecided === null ? latest : Math.min(latest, undecided - 1),
      );
      this.#waiting = false;
      return;
    }
    for (;;) {
      // While the next block is undecided, only it is read: the blocks after it cannot be
      // streamed before it anyway, and each read parses whole blocks.
      const limit = this.#waiting ? 1 : feedReadBlocksMax;
      const page = await this.reads.getBlocksAfter(this.#frontier, limit);
      let moved = false;
      let blocked = false;
      for (const stored of page) {
        if (
          stored.status === 'undecided' ||
          stored.height !== this.#frontier + 1 ||
          (await this.#vet(stored)) === null
        ) {
          blocked = true;
          break;
        }
        this.#remember(feedBlockOf(stored));
        this.#frontier = stored.height;
        moved = true;
      }
      this.#waiting = blocked && !moved;
      if (moved) for (const listener of this.#listeners) listener();
      if (blocked || page.length < limit) return;
    }
  }

  #vet(stored: StoredBlock): Promise<StoredBlock | null> {
    return this.options.vet ? this.options.vet(stored) : Promise.resolve(stored);
  }

  #remember(block: FeedBlock): void {
    this.#cache.set(block.height, block);
    if (this.#cache.size > feedCacheBlocksMax) this.#cache.delete(this.#cache.keys().next().value!);
  }
}

function feedBlockOf(stored: StoredBlock): FeedBlock {
  const { block } = stored;
  return {
    height: stored.height,
    id: block.id,
    status: stored.status === 'valid' ? 'valid' : 'invalid',
    timestamp: block.block.timestamp,
    nodePubkey: block.block.node_pubkey,
    txs: block.block.transactions.map((tx) => ({ id: tx.id, assetId: assetIdOf(tx) })),
  };
}
