// The options and answers of Connection's methods, apart from the class so its helper modules
// (failover, post-and-poll) can use them without importing the class.
import type { SignedTransaction } from '@bigchaindb-ts/core';
import type { TransactionState, TransactionStatus } from './api-types.js';
import type { BackoffPolicy, Selection } from './node-pool.js';
import type { FetchLike } from './transport.js';
import type { WebSocketConstructor } from './websocket.js';

export interface ConnectionOptions {
  /** Sent to every node with every request (a node's own headers win on a clash). */
  readonly headers?: Readonly<Record<string, string>>;
  /** One GET or async/sync POST, to its last byte. */
  readonly requestTimeoutMs?: number;
  /** One `mode=commit` POST (the server waits for the block's decision before answering). */
  readonly commitTimeoutMs?: number;
  /** A whole call: every attempt and backoff wait. Fresh for each call. */
  readonly callTimeoutMs?: number;
  /** Attempts per call, over all nodes. Default: the number of nodes plus 2. */
  readonly attemptsMax?: number;
  /** BEP-14 backoff of a failed node. Defaults: 500 ms, ×2, capped at 10 s. */
  readonly backoff?: Partial<BackoffPolicy>;
  /** Default `round-robin`. */
  readonly selection?: Selection;
  /** Defaults to the global `fetch`. */
  readonly fetch?: FetchLike;
  /** For `subscribe` where there is no global `WebSocket` and the `ws` package is not installed. */
  readonly WebSocket?: WebSocketConstructor;
}

/** Options of one call (overrides the connection's for this call only). */
export interface CallOptions {
  readonly timeoutMs?: number;
  readonly callTimeoutMs?: number;
}

export interface PollOptions {
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
}

export type PollResult =
  | { readonly status: 'valid'; readonly record: TransactionStatus; readonly transaction: SignedTransaction }
  | { readonly status: 'invalid'; readonly record: TransactionStatus };

export type Operation = 'CREATE' | 'TRANSFER';

/** What `submitTransaction` resolves with. */
export interface Submitted<T extends SignedTransaction> {
  /** The node's echo of the transaction. */
  readonly transaction: T;
  /** The transaction's state when the node answered, when the node says. */
  readonly status: TransactionState | null;
}

/** Which page: its size, and where it starts (the previous page's `next`). */
export interface PageQuery {
  readonly limit?: number;
  readonly cursor?: string | undefined;
}

/** A field filter of `findAssets`/`findMetadata`: field equalities, with `$or` and `$and` nesting. */
export type WhereFilter = Readonly<Record<string, unknown>>;
