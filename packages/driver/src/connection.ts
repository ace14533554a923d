import { transactionStates, type SignedTransaction } from '@bigchaindb-ts/core';
import type {
  ApiIndex,
  AssetMatch,
  Block,
  Health,
  MetadataMatch,
  OutputLink,
  PostMode,
  TransactionState,
  TransactionStatus,
  Validator,
  Vote,
} from './api-types.js';
import { delay } from './delay.js';
import { HttpError, TimeoutError, isRetryable } from './errors.js';
import * as limits from './limits.js';
import { NodePool, type BackoffPolicy, type Selection } from './node-pool.js';
import { nodeTarget, type NodeSpec, type NodeTarget } from './node-spec.js';
import { queryString, type QueryValue } from './query.js';
import { subscribe, type StreamName, type Subscription, type SubscribeOptions } from './subscription.js';
import { nextCursor, type Page } from './page.js';
import { exchange, type FetchLike, type Reply } from './transport.js';
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

interface RequestSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  readonly timeoutMs: number;
}

/**
 * A client of one or several BigchainDB nodes. Calls fail over between nodes: a node that is
 * unreachable, too slow or answers 5xx/408/429 is backed off (BEP-14) and the call goes on with
 * the next node, within its attempts and deadline. A 4xx is final and thrown at once as HttpError.
 */
export class Connection {
  readonly nodes: readonly NodeTarget[];
  private readonly pool: NodePool<NodeTarget>;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly fetchFn: FetchLike;
  private readonly requestTimeoutMs: number;
  private readonly commitTimeoutMs: number;
  private readonly callTimeoutMs: number;
  private readonly attemptsMax: number;
  private readonly webSocket: WebSocketConstructor | undefined;

  constructor(nodes: NodeSpec | readonly NodeSpec[], options: ConnectionOptions = {}) {
    const specs: readonly NodeSpec[] = Array.isArray(nodes) ? nodes : [nodes as NodeSpec];
    this.nodes = specs.map(nodeTarget);
    const backoff: BackoffPolicy = {
      baseMs: options.backoff?.baseMs ?? limits.backoffBaseMs,
      factor: options.backoff?.factor ?? limits.backoffFactor,
      capMs: options.backoff?.capMs ?? limits.backoffCapMs,
    };
    this.pool = new NodePool(this.nodes, backoff, options.selection ?? 'round-robin');
    this.headers = { ...options.headers };
    // Bound late, so a fetch patched after the connection is made (tests, tracing) is used.
    this.fetchFn = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.requestTimeoutMs = options.requestTimeoutMs ?? limits.requestTimeoutMs;
    this.commitTimeoutMs = options.commitTimeoutMs ?? limits.commitTimeoutMs;
    this.callTimeoutMs = options.callTimeoutMs ?? limits.callTimeoutMs;
    this.attemptsMax = options.attemptsMax ?? this.nodes.length + limits.extraAttempts;
    if (!(this.attemptsMax >= 1)) throw new TypeError('attemptsMax must be at least 1');
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
  async submitTransaction<T extends SignedTransaction>(
    tx: T,
    mode: PostMode = 'commit',
    options: CallOptions = {},
  ): Promise<Submitted<T>> {
    const timeoutMs = options.timeoutMs ?? (mode === 'commit' ? this.commitTimeoutMs : this.requestTimeoutMs);
    const id = typeof tx.id === 'string' ? tx.id : undefined;
    let outcomeUnknown = false;
    return this.withFailover(options, async (node, deadline) => {
      if (outcomeUnknown && id !== undefined) {
        const known = await this.statusOn(node, id, deadline);
        if (known !== undefined && statusSatisfies(known.status, mode)) {
          return { transaction: tx, status: known.status };
        }
      }
      try {
        const reply = await this.send(
          node,
          { method: 'POST', path: '/transactions', query: { mode }, body: tx, timeoutMs },
          deadline,
        );
        const status = reply.headers.get('x-transaction-status');
        return { transaction: reply.json as T, status: isTransactionState(status) ? status : null };
      } catch (err) {
        if (isRetryable(err)) outcomeUnknown = true;
        throw err;
      }
    });
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
  async pollStatusAndFetch(id: string, options: PollOptions = {}): Promise<PollResult> {
    const intervalMs = options.intervalMs ?? limits.pollIntervalMs;
    const timeoutMs = options.timeoutMs ?? limits.pollTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    let last: TransactionStatus | undefined;
    const timedOut = (cause?: unknown) =>
      new TimeoutError(
        `transaction ${id} not decided within ${timeoutMs} ms (last status: ${last?.status ?? 'unknown'})`,
        { timeoutMs, cause },
      );
    for (;;) {
      const callTimeoutMs = Math.max(1, deadline - Date.now());
      try {
        last = await this.getStatus(id, { callTimeoutMs });
        if (last.status === 'invalid') return { status: 'invalid', record: last };
        if (last.status === 'valid') {
          const transaction = await this.getTransaction(id, { callTimeoutMs });
          return { status: 'valid', record: last, transaction };
        }
      } catch (err) {
        // A request cut short by the poll's own deadline is the poll timing out.
        if (err instanceof TimeoutError && Date.now() >= deadline) throw timedOut(err);
        if (!(err instanceof HttpError && err.status === 404)) throw err;
      }
      if (Date.now() + intervalMs > deadline) throw timedOut();
      await delay(intervalMs);
    }
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
    return (await this.getReply(path, query, options)).json;
  }

  /** A GET of one page of a list: its items and the cursor of the next page. */
  async getPage<T>(
    path: string,
    query: Readonly<Record<string, QueryValue>> = {},
    options: CallOptions = {},
  ): Promise<Page<T>> {
    const reply = await this.getReply(path, query, options);
    if (!Array.isArray(reply.json)) throw new TypeError(`${path}: expected a JSON array`);
    return { items: reply.json as T[], next: nextCursor(reply.headers) };
  }

  private getReply(
    path: string,
    query: Readonly<Record<string, QueryValue>>,
    options: CallOptions,
  ): Promise<Reply> {
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    return this.withFailover(options, (node, deadline) =>
      this.send(node, { method: 'GET', path, query, timeoutMs }, deadline),
    );
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
      pool: this.pool,
      WebSocket: this.webSocket,
      headers: this.headers,
      streamHeight: async () => {
        try {
          const health = await this.health({ callTimeoutMs: this.requestTimeoutMs });
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

  // ------------------------------------------------------------------ failover core

  /**
   * Runs `attempt` against one node after another until it succeeds, fails for good (not
   * retryable), or the call runs out of attempts or time; then throws the last error.
   */
  private async withFailover<T>(
    options: CallOptions,
    attempt: (node: NodeTarget, deadline: number) => Promise<T>,
  ): Promise<T> {
    const callTimeoutMs = options.callTimeoutMs ?? this.callTimeoutMs;
    const deadline = Date.now() + callTimeoutMs;
    // Only retryable errors are kept here, and those are all DriverErrors.
    let lastError: Error | undefined;
    for (let n = 0; n < this.attemptsMax; n++) {
      const node = await this.nextNode(deadline);
      if (node === undefined) break;
      try {
        const result = await attempt(node, deadline);
        this.pool.succeed(node);
        return result;
      } catch (err) {
        if (!isRetryable(err)) {
          // The node answered; the request itself was refused. Another node would say the same.
          if (err instanceof HttpError) this.pool.succeed(node);
          throw err;
        }
        // An attempt cut short by the call's own deadline says nothing against the node.
        if (err instanceof TimeoutError && Date.now() >= deadline) throw err;
        this.pool.fail(node);
        lastError = err as Error;
      }
    }
    throw (
      lastError ??
      new TimeoutError(`no node could be asked within ${callTimeoutMs} ms`, { timeoutMs: callTimeoutMs })
    );
  }

  /** The next node to ask, waiting out backoffs if every node is backed off; undefined past the deadline. */
  private async nextNode(deadline: number): Promise<NodeTarget | undefined> {
    for (;;) {
      const pick = this.pool.pick();
      if ('node' in pick) return pick.node;
      if (Date.now() + pick.waitMs >= deadline) return undefined;
      await delay(pick.waitMs);
    }
  }

  /** The status of a transaction on one node (no failover: used inside an attempt). Undefined on 404. */
  private async statusOn(
    node: NodeTarget,
    id: string,
    deadline: number,
  ): Promise<TransactionStatus | undefined> {
    try {
      const path = `/transactions/${encodeURIComponent(id)}/status`;
      const reply = await this.send(
        node,
        { method: 'GET', path, timeoutMs: this.requestTimeoutMs },
        deadline,
      );
      return reply.json as TransactionStatus;
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** One exchange with a node; its timeout never reaches past the call's deadline. */
  private send(node: NodeTarget, spec: RequestSpec, deadline: number): Promise<Reply> {
    return exchange(this.fetchFn, {
      method: spec.method,
      url: `${node.apiRoot}${spec.path}${queryString(spec.query ?? {})}`,
      headers: { ...this.headers, ...node.headers },
      body: spec.body,
      timeoutMs: Math.max(1, Math.min(spec.timeoutMs, deadline - Date.now())),
    });
  }
}

function isTransactionState(s: string | null): s is TransactionState {
  return s !== null && (transactionStates as readonly string[]).includes(s);
}

/** Whether a known status already gives what a post in `mode` waits for. `invalid` never does: re-posting gets the reason. */
function statusSatisfies(status: TransactionStatus['status'], mode: PostMode): boolean {
  if (status === 'valid') return true;
  return mode !== 'commit' && (status === 'backlog' || status === 'undecided');
}
