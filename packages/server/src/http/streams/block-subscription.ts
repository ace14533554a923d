import type { WebSocket } from 'ws';
import { feedReadBlocksMax, SingleFlight, type FeedBlock, type LedgerFeed } from '../../node/index.js';

/** How long a stream waits before reading again after a failed read. */
const pumpRetryDelayMs = 1_000;

/**
 * One client of a block-ordered stream (`valid_transactions`, `blocks`). It keeps its own
 * position — the last height whose messages it has sent — and pumps decided blocks above it from
 * the feed, in order: first the store's history (a replay from `from_height`), then live blocks as
 * the feed's frontier moves. Replay and live are the same loop, so there is no hand-over where a
 * block could be skipped or sent twice.
 *
 * Backpressure: the pump waits until a block's messages are written to the socket before it reads
 * the next block, so a slow client falls behind (and reads from the store later) instead of making
 * the server buffer without bound.
 */
export class BlockSubscription {
  #position: number;
  readonly #flight: SingleFlight;
  readonly #unsubscribe: () => void;

  constructor(
    private readonly feed: LedgerFeed,
    private readonly socket: WebSocket,
    private readonly render: (block: FeedBlock) => string[],
    /** The last height the client already has: blocks above it are sent. */
    position: number,
    onError: (err: unknown) => void,
  ) {
    this.#position = position;
    this.#flight = new SingleFlight(
      () => this.#pump(),
      (err) => {
        onError(err);
        // A failed read (the store briefly unavailable) is retried: a client still replaying
        // history would otherwise wait for the next decided block to be woken.
        if (this.#open()) setTimeout(() => this.#flight.kick(), pumpRetryDelayMs).unref();
      },
    );
    this.#unsubscribe = feed.onAdvance(() => this.#flight.kick());
    socket.once('close', () => this.#unsubscribe());
    this.#flight.kick();
  }

  get position(): number {
    return this.#position;
  }

  async #pump(): Promise<void> {
    while (this.#open() && this.#position < this.feed.frontier) {
      const blocks = await this.feed.blocksAfter(this.#position, feedReadBlocksMax);
      if (blocks.length === 0) return;
      for (const block of blocks) {
        if (!this.#open()) return;
        const messages = this.render(block);
        for (const [i, text] of messages.entries()) {
          if (i < messages.length - 1) this.socket.send(text);
          else await this.#sendAndFlush(text);
        }
        this.#position = block.height;
      }
    }
  }

  #open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** Sends and resolves once the frame is written out (or the socket failed: the pump then stops). */
  #sendAndFlush(text: string): Promise<void> {
    return new Promise((resolve) => this.socket.send(text, () => resolve()));
  }
}
