import {
  BoundedCache,
  Connection,
  HttpError,
  type Block,
  type ConnectionOptions,
  type OutputLink,
  type SignedTransaction,
  type Subscription,
  type TransactionStatus,
} from '@bigchaindb-ts/driver';
import type { CoinRules } from '../model/index.js';

/** What the node says of a transaction: not there, waiting, in an undecided block, in a valid block (at its height), or refused. */
export type LedgerStatus =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'backlog' }
  | { readonly kind: 'undecided'; readonly height: number | undefined }
  | { readonly kind: 'valid'; readonly height: number }
  | { readonly kind: 'invalid'; readonly reasonCode: string | null };

/** How a post ended: the node has it (taken now or before), it refused it for good, or nobody knows. */
export type PostOutcome =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'refused'; readonly code: string | undefined; readonly message: string }
  | { readonly kind: 'unknown'; readonly error: Error };

/**
 * The seed's CoinBackend for a token on our ledger: the node's HTTP API through the driver, over
 * one or several node URLs with failover. Decided blocks never change, so their statuses and the
 * transactions read here are cached.
 */
export class LedgerBackend {
  readonly connection: Connection;
  readonly #blockStatus = new BoundedCache<number, 'valid' | 'invalid' | 'undecided'>(10_000);
  readonly #transactions = new BoundedCache<string, SignedTransaction>(10_000);

  constructor(
    readonly coin: CoinRules,
    readonly urls: readonly string[],
    options: ConnectionOptions = {},
  ) {
    this.connection = new Connection(urls, options);
  }

  /** Every block up to this height is decided (the node's stream frontier). */
  async frontier(): Promise<number> {
    const health = await this.connection.health();
    const height = health.streams?.height ?? health.latest_height;
    return typeof height === 'number' ? height : -1;
  }

  async block(height: number): Promise<Block> {
    const block = await this.connection.getBlock(height);
    if (block.status === 'valid' || block.status === 'invalid') this.#blockStatus.set(height, block.status);
    return block;
  }

  async blockStatus(height: number): Promise<'valid' | 'invalid' | 'undecided'> {
    const known = this.#blockStatus.get(height);
    if (known !== undefined) return known;
    const status = (await this.block(height)).status;
    return status === 'valid' || status === 'invalid' ? status : 'undecided';
  }

  /** Valid blocks in (`above`, `upTo`], counted up to `cap` (more are not needed: tracking stops there). */
  async validBlocksBetween(above: number, upTo: number, cap: number): Promise<number> {
    let n = 0;
    for (let h = above + 1; h <= upTo && n < cap; h++) if ((await this.blockStatus(h)) === 'valid') n += 1;
    return n;
  }

  async transaction(txid: string): Promise<SignedTransaction> {
    const known = this.#transactions.get(txid);
    if (known !== undefined) return known;
    const tx = await this.connection.getTransaction(txid);
    this.#transactions.set(txid, tx);
    return tx;
  }

  async status(txid: string): Promise<LedgerStatus> {
    let record: TransactionStatus;
    try {
      record = await this.connection.getStatus(txid);
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return { kind: 'unknown' };
      throw err;
    }
    if (record.status === 'invalid') return { kind: 'invalid', reasonCode: record.reason_code ?? null };
    if (record.status === 'backlog') return { kind: 'backlog' };
    const heights = await this.connection.listBlocks(txid);
    const height = heights[0];
    if (record.status === 'valid' && height !== undefined) return { kind: 'valid', height };
    return { kind: 'undecided', height };
  }

  /** Outputs whose condition names `publicKey` (`spent` false: unspent only). */
  outputs(publicKey: string, spent?: boolean): Promise<OutputLink[]> {
    return this.connection.listOutputs(publicKey, spent);
  }

  /**
   * Posts a signed transaction (sync: answered once the node has checked and taken it). Safe to
   * repeat: the id is a hash of the body, and a node that already has it says so.
   */
  async post(tx: SignedTransaction): Promise<PostOutcome> {
    try {
      await this.connection.postTransaction(tx, 'sync');
      return { kind: 'accepted' };
    } catch (err) {
      if (err instanceof HttpError && err.code === 'DuplicateTransaction') return { kind: 'accepted' };
      if (
        err instanceof HttpError &&
        err.status >= 400 &&
        err.status < 500 &&
        err.status !== 408 &&
        err.status !== 429
      )
        return { kind: 'refused', code: err.code, message: err.message };
      return { kind: 'unknown', error: err as Error };
    }
  }

  /** Wakes `onBlock` on each decided block (the stream is a hint; the follower reads blocks by height). */
  watchBlocks(onBlock: () => void, onError: (err: Error) => void): Subscription {
    // Each (re)connect wakes the follower as well: a block decided while the stream was not open
    // (before the first connect, or during a drop) is otherwise found only by the next poll.
    return this.connection.subscribe('blocks', { onEvent: onBlock, onError, onOpen: onBlock });
  }
}
