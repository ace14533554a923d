import type { CallOptions, ConnectionOptions } from './connection-types.js';
import { delay } from './delay.js';
import { HttpError, TimeoutError, isRetryable } from './errors.js';
import * as limits from './limits.js';
import { NodePool, type BackoffPolicy } from './node-pool.js';
import { nodeTarget, type NodeSpec, type NodeTarget } from './node-spec.js';
import { queryString, type QueryValue } from './query.js';
import { exchange, type FetchLike, type Reply } from './transport.js';

/** One request of an attempt, before it is aimed at a node. */
export interface RequestSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  readonly timeoutMs: number;
}

/**
 * The failover core of a Connection: its nodes with their BEP-14 backoff, its settings, and the
 * loop that runs an attempt against one node after another. The API methods live on Connection.
 */
export class Failover {
  readonly nodes: readonly NodeTarget[];
  readonly pool: NodePool<NodeTarget>;
  readonly headers: Readonly<Record<string, string>>;
  readonly requestTimeoutMs: number;
  readonly commitTimeoutMs: number;
  private readonly fetchFn: FetchLike;
  private readonly callTimeoutMs: number;
  private readonly attemptsMax: number;

  constructor(nodes: NodeSpec | readonly NodeSpec[], options: ConnectionOptions) {
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
  }

  /** A GET below the API root, with failover: the node's 2xx answer and its headers. */
  get(path: string, query: Readonly<Record<string, QueryValue>>, options: CallOptions): Promise<Reply> {
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    return this.call(options, (node, deadline) =>
      this.send(node, { method: 'GET', path, query, timeoutMs }, deadline),
    );
  }

  /**
   * Runs `attempt` against one node after another until it succeeds, fails for good (not
   * retryable), or the call runs out of attempts or time; then throws the last error.
   */
  async call<T>(
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

  /** One exchange with a node; its timeout never reaches past the call's deadline. */
  send(node: NodeTarget, spec: RequestSpec, deadline: number): Promise<Reply> {
    return exchange(this.fetchFn, {
      method: spec.method,
      url: `${node.apiRoot}${spec.path}${queryString(spec.query ?? {})}`,
      headers: { ...this.headers, ...node.headers },
      body: spec.body,
      timeoutMs: Math.max(1, Math.min(spec.timeoutMs, deadline - Date.now())),
    });
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
}
