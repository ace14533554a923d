import type { SignedTransaction } from '@bigchaindb-ts/core';
import type {
  ApiIndex,
  AssetMatch,
  Block,
  Health,
  MetadataMatch,
  OutputLink,
  PostMode,
  TransactionStatus,
  Validator,
  Vote,
} from './api-types.js';
import type {
  CallOptions,
  ConnectionOptions,
  Operation,
  PageQuery,
  PollOptions,
  PollResult,
  Submitted,
  WhereFilter,
} from './connection-types.js';
import { HttpError, isRetryable } from './errors.js';
import { Failover } from './failover.js';
import * as limits from './limits.js';
import type { NodeSpec, NodeTarget } from './node-spec.js';
import { nextCursor, type Page } from './page.js';
import { pollStatusAndFetch, submitTransaction } from './post-and-poll.js';
import type { QueryValue } from './query.js';
import { subscribe, type StreamName, type Subscription, type SubscribeOptions } from './subscription.js';
import type { WebSocketConstructor } from './websocket.js';

/**
 * A client of one or several BigchainDB nodes. Calls fail over between nodes: a node that is
 * unreachable, too slow or answers 5xx/408/429 is backed off (BEP-14) and the call goes on with
 * the next node, within its attempts and deadline. A 4xx is final and thrown at once as HttpError.
 * The failover loop is in failover.ts, posting and polling in post-and-poll.ts.
 */
export class Connection {
  readonly nodes: readonly NodeTarget[];
  private readonly failover: Failover;
  private readonly webSocket: WebSocketConstructor | undefined;

  constructor(nodes: NodeSpec | readonly NodeSpec[], options: ConnectionOptions = {}) {
    this.failover = new Failover(nodes, options);
    this.nodes = this.failover.nodes;
    this.webSocket = options.WebSocket;
  }

  // ------------------------------------------------------------------ transactions

  /**
   * Posts a signed transaction and resolves with the server's echo of it. `commit` (the default)
   * answers once its block is decided (within the server's bounded wait: `submitTransaction` says
   * whether it was, `pollStatusAndFetch` waits on), `sync` and `async` once the node has accepted it.
   *
   * Retried idempotently: when an attempt's outcome is unknown (network error, timeout, 5xx), the
   * next attempt first asks that node for the transaction's status by id, and resolves without
   * re-sending if it is already known (valid, or accepted for async/sync). Otherwise the same
   * signed transaction is sent again, which is safe: the id is a hash of the content, and a node
   * answers a repeated post of a transaction not decided yet with its status (one already valid
   * would be a 400 DuplicateTransaction, as in BigchainDB 2.x, which is why the status comes first).
   */
  async postTransaction<T extends SignedTransaction>(
    tx: T,
    mode: PostMode = 'commit',
    options: CallOptions = {},
  ): Promise<T> {
    return (await this.submitTransaction(tx, mode, options)).transaction;
  }

  /**
   * `postTransaction`, also saying what the node knew of the transaction's fate when it answered
   * (our server's `X-Transaction-Status`; null from servers that do not say): a `commit` whose wait
   * ran out answers `backlog` or `undecided` instead of `valid`.
   */
  submitTransaction<T extends SignedTransaction>(
    tx: T,
    mode: PostMode = 'commit',
    options: CallOptions = {},
  ): Promise<Submitted<T>> {
    return submitTransaction(this.failover, tx, mode, options);
  }

  postTransactionAsync<T extends SignedTransaction>(tx: T, options?: CallOptions): Promise<T> {
    return this.postTransaction(tx, 'async', options);
  }

  postTransactionSync<T extends SignedTransaction>(tx: T, options?: CallOptions): Promise<T> {
    return this.postTransaction(tx, 'sync', options);
  }

  postTransactionCommit<T extends SignedTransaction>(tx: T, options?: CallOptions): Promise<T> {
    return this.postTransaction(tx, 'commit', options);
  }

  /** A transaction in a block (404 HttpError if unknown or not yet in one). */
  getTransaction(id: string, options?: CallOptions): Promise<SignedTransaction> {
    return this.get(`/transactions/${encodeURIComponent(id)}`, {}, options) as Promise<SignedTransaction>;
  }

  /** The transaction's fate: backlog, undecided, valid or invalid (with the reason). */
  getStatus(id: string, options?: CallOptions): Promise<TransactionStatus> {
    return this.get(
      `/transactions/${encodeURIComponent(id)}/status`,
      {},
      options,
    ) as Promise<TransactionStatus>;
  }

  /**
   * Polls the status until the transaction is decided; when valid, fetches it. A 404 counts as
   * "not there yet" (an async post may not have reached the node asked). Throws TimeoutError when
   * `timeoutMs` passes first.
   */
  pollStatusAndFetch(id: string, options: PollOptions = {}): Promise<PollResult> {
    return pollStatusAndFetch(this, id, options);
  }

  /** Every transaction of an asset in ledger order: its CREATE then its TRANSFERs (or one operation). */
  listTransactions(
    assetId: string,
    operation?: Operation,
    options: CallOptions & { readonly lastTx?: boolean } = {},
  ): Promise<SignedTransaction[]> {
    return this.get(
      '/transactions',
      { asset_id: assetId, operation, last_tx: options.lastTx },
      options,
    ) as Promise<SignedTransaction[]>;
  }

  // ------------------------------------------------------------------ queries

  /** Outputs whose condition names `publicKey`; `spent` filters spent (true) or unspent (false) ones. */
  listOutputs(publicKey: string, spent?: boolean, options?: CallOptions): Promise<OutputLink[]> {
    return this.get('/outputs', { public_key: publicKey, spent }, options) as Promise<OutputLink[]>;
  }

  /** Assets whose data matches `text`, best first. Without `limit`, the server's default applies. */
  searchAssets(text: string, limit?: number, options?: CallOptions): Promise<AssetMatch[]> {
    return this.get('/assets', { search: text, limit }, options) as Promise<AssetMatch[]>;
  }

  /** Transactions whose metadata matches `text`, best first. */
  searchMetadata(text: string, limit?: number, options?: CallOptions): Promise<MetadataMatch[]> {
    return this.get('/metadata', { search: text, limit }, options) as Promise<MetadataMatch[]>;
  }

  /** Heights of the blocks holding a transaction (`[]` when none). */
  listBlocks(transactionId: string, options?: CallOptions): Promise<number[]> {
    return this.get('/blocks', { transaction_id: transactionId }, options) as Promise<number[]>;
  }

  getBlock(height: number, options?: CallOptions): Promise<Block> {
    if (!Number.isSafeInteger(height) || height < 0) throw new RangeError(`not a block height: ${height}`);
    return this.get(`/blocks/${height}`, {}, options) as Promise<Block>;
  }

  /** The votes cast on a block (1.x endpoint). */
  listVotes(blockId: string, options?: CallOptions): Promise<Vote[]> {
    return this.get('/votes', { block_id: blockId }, options) as Promise<Vote[]>;
  }

  getValidators(options?: CallOptions): Promise<Validator[]> {
    return this.get('/validators', {}, options) as Promise<Validator[]>;
  }

  health(options?: CallOptions): Promise<Health> {
    return this.get('/health', {}, options) as Promise<Health>;
  }

  // ------------------------------------------------------------------ paged queries (ours)

  /** One page of `listOutputs`. Iterate every page with `pages((cursor) => conn.listOutputsPage(pk, { cursor }))`. */
  listOutputsPage(
    publicKey: string,
    page: PageQuery & { readonly spent?: boolean } = {},
    options?: CallOptions,
  ) {
    return this.getPage<OutputLink>(
      '/outputs',
      {
        public_key: publicKey,
        spent: page.spent,
        limit: page.limit ?? limits.pageLimit,
        cursor: page.cursor,
      },
      options,
    );
  }

  /** One page of an asset's transactions, oldest first (or newest first with `order: 'desc'`). */
  listTransactionsPage(
    assetId: string,
    page: PageQuery & { readonly operation?: Operation; readonly order?: 'asc' | 'desc' } = {},
    options?: CallOptions,
  ) {
    return this.getPage<SignedTransaction>(
      '/transactions',
      {
        asset_id: assetId,
        operation: page.operation,
        order: page.order,
        limit: page.limit ?? limits.pageLimit,
        cursor: page.cursor,
      },
      options,
    );
  }

  /** One page of the transactions that name `publicKey` in an output or an input's `owners_before`. */
  listTransactionsByKey(publicKey: string, page: PageQuery = {}, options?: CallOptions) {
    return this.getPage<SignedTransaction>(
      '/transactions',
      { public_key: publicKey, limit: page.limit ?? limits.pageLimit, cursor: page.cursor },
      options,
    );
  }

  /**
   * One page of the assets whose data matches a field filter: `{"kind": "car", "$or": [{"color":
   * "red"}, {"color": "blue"}]}` (field equalities, ANDed; `$or`/`$and` nest; dotted paths reach
   * nested fields).
   */
  findAssets(where: WhereFilter, page: PageQuery = {}, options?: CallOptions) {
    return this.getPage<AssetMatch>(
      '/assets',
      { where: JSON.stringify(where), limit: page.limit ?? limits.pageLimit, cursor: page.cursor },
      options,
    );
  }

  /** One page of the transactions whose metadata matches a field filter (as `findAssets`). */
  findMetadata(where: WhereFilter, page: PageQuery = {}, options?: CallOptions) {
    return this.getPage<MetadataMatch>(
      '/metadata',
      { where: JSON.stringify(where), limit: page.limit ?? limits.pageLimit, cursor: page.cursor },
      options,
    );
  }

  /** `GET /api/v1`: links to the API's parts. */
  apiIndex(options?: CallOptions): Promise<ApiIndex> {
    return this.get('', {}, options) as Promise<ApiIndex>;
  }

  /**
   * Any GET below the API root, with failover: for endpoints this driver has no method for yet.
   * `path` starts with `/` (e.g. `/outputs`).
   */
  async get(
    path: string,
    query: Readonly<Record<string, QueryValue>> = {},
    options: CallOptions = {},
  ): Promise<unknown> {
    return (await this.failover.get(path, query, options)).json;
  }

  /** A GET of one page of a list: its items and the cursor of the next page. */
  async getPage<T>(
    path: string,
    query: Readonly<Record<string, QueryValue>> = {},
    options: CallOptions = {},
  ): Promise<Page<T>> {
    const reply = await this.failover.get(path, query, options);
    if (!Array.isArray(reply.json)) throw new TypeError(`${path}: expected a JSON array`);
    return { items: reply.json as T[], next: nextCursor(reply.headers) };
  }

  // ------------------------------------------------------------------ event stream

  /**
   * Subscribes to an event stream over WebSocket (`/api/v1/streams/<stream>` on the node's HTTP
   * port). `valid_transactions` and `blocks` start above `fromHeight` when given, else at the
   * node's current stream height; on a disconnect they reconnect (to the next node, with backoff)
   * from the last block delivered whole, and drop replayed events, so none is missed or repeated.
   * `invalid_transactions` is live only. Call `close()` to stop.
   */
  subscribe<E extends StreamName>(stream: E, options: SubscribeOptions<E>): Subscription {
    return subscribe(stream, options, {
      pool: this.failover.pool,
      WebSocket: this.webSocket,
      headers: this.failover.headers,
      streamHeight: async () => {
        try {
          const health = await this.health({ callTimeoutMs: this.failover.requestTimeoutMs });
          const height: unknown = health.streams?.height;
          return typeof height === 'number' ? height : undefined;
        } catch (err) {
          // A node without the health endpoint: start live.
          if (err instanceof HttpError && !isRetryable(err)) return undefined;
          throw err;
        }
      },
    });
  }
}
