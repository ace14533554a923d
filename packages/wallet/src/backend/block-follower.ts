import { followBlocksPerCycleMax } from '../constants.js';
import type { Logger } from '../log/index.js';
import type { WalletBook } from '../model/index.js';
import { applyBlock, followState, startFollowing } from './ledger-books.js';
import type { LedgerBackend } from './ledger-backend.js';
import { readCoinTransaction, type CoinTransaction } from './read-transaction.js';

/**
 * Reads the coin's chain block by block, in height order, from where it stopped (kept in
 * `follow_state`, so a restart misses nothing and repeats nothing): deposits to watched keys,
 * spends and change of the wallets' outputs, the blocks of our broadcasts, and every tracked
 * confirmation count. The node's block stream only wakes it up sooner; it polls as well, so
 * nothing relies on the stream alone. Network reads happen before each block's transaction.
 */
export class BlockFollower {
  constructor(
    readonly book: WalletBook,
    readonly backend: LedgerBackend,
    readonly log: Logger,
  ) {}

  get coin(): string {
    return this.backend.coin.name;
  }

  /** On first start, the follower begins at the node's current frontier; earlier deposits are found by the rescan. */
  async start(): Promise<void> {
    const known = await this.book.read((b) => followState(b, this.coin));
    if (known !== undefined) return;
    const frontier = await this.backend.frontier();
    const state = await this.book.transaction((b) => startFollowing(b, this.coin, frontier));
    this.log.info('following the chain', { coin: this.coin, from_height: state.height });
  }

  /** Reads the decided blocks after the last one read (at most a batch); returns how many it booked. */
  async step(): Promise<number> {
    const state = await this.book.read((b) => followState(b, this.coin));
    if (state === undefined) throw new Error(`the follower of ${this.coin} has not started`);
    const frontier = await this.backend.frontier();
    let done = 0;
    for (let height = state.height + 1; height <= frontier && done < followBlocksPerCycleMax; height++) {
      const block = await this.backend.block(height);
      if (block.status !== 'valid' && block.status !== 'invalid') break;
      const valid = block.status === 'valid';
      const transactions: CoinTransaction[] = [];
      if (valid)
        for (const tx of block.transactions) {
          const read = readCoinTransaction(tx, this.backend.coin.assetId);
          if (read !== undefined) transactions.push(read);
        }
      const events = await this.book.transaction((b) =>
        applyBlock(b, this.coin, { height, valid, transactions }),
      );
      if (events > 0) this.log.debug('block booked', { coin: this.coin, height, events });
      done += 1;
    }
    return done;
  }
}
