// The only public door of @bigchaindb-ts/driver: the HTTP client, transaction helpers, temporary
// clients, and every builder of the core, so applications need one import.
export * from '@bigchaindb-ts/core';
export type {
  ApiIndex,
  AssetMatch,
  Block,
  Health,
  MetadataMatch,
  PeerReport,
  PeersReport,
  PostMode,
  TransactionState,
  TransactionStatus,
  Validator,
  Vote,
} from './api-types.js';
export { Connection } from './connection.js';
export type {
  CallOptions,
  ConnectionOptions,
  Operation,
  PollOptions,
  PageQuery,
  PollResult,
  Submitted,
  WhereFilter,
} from './connection-types.js';
export {
  BadResponseError,
  DriverError,
  HttpError,
  NetworkError,
  TimeoutError,
  TransactionInvalidError,
  isRetryable,
} from './errors.js';
export * as limits from './limits.js';
export { backoffDelayMs, type BackoffPolicy, type Selection } from './node-pool.js';
export type { NodeSpec, NodeTarget } from './node-spec.js';
export { nextCursor, pages, type Page } from './page.js';
export type {
  BlockEvent,
  InvalidTransactionEvent,
  StreamEvent,
  StreamName,
  SubscribeOptions,
  Subscription,
  ValidTransactionEvent,
} from './subscription.js';
export { TempClient, tempClient, type OutputRef, type TempClientOptions } from './temp-client.js';
export {
  transaction,
  type CreateArgs,
  type DraftCreateArgs,
  type Recipients,
  type SignedTransferArgs,
  type Signer,
  type TransferArgs,
} from './transaction.js';
export type { FetchLike } from './transport.js';
export type { WebSocketConstructor, WebSocketLike } from './websocket.js';
