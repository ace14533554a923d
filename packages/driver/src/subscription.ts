import { BadResponseError, DriverError } from './errors.js';
import * as limits from './limits.js';
import { backoffDelayMs, type NodePool } from './node-pool.js';
import type { NodeTarget } from './node-spec.js';
import { queryString } from './query.js';
import { resolveWebSocket, type WebSocketConstructor, type WebSocketLike } from './websocket.js';

export type StreamName = 'valid_transactions' | 'blocks' | 'invalid_transactions';

/**
 * A transaction of a valid block. `height` is 2.x's, `block_id` 1.x's; `tx_index` of `tx_count`
 * (ours) place it among the messages the stream sends for that block.
 */
export interface ValidTransactionEvent {
  readonly transaction_id: string;
  readonly asset_id: string;
  readonly height: number;
  readonly block_id?: string;
  readonly tx_index?: number;
  readonly tx_count?: number;
  readonly [key: string]: unknown;
}

/** A decided block (valid or invalid). */
export interface BlockEvent {
  readonly height: number;
  readonly block_id?: string;
  readonly status?: 'valid' | 'invalid';
  readonly timestamp?: string;
  readonly node_pubkey?: string;
  readonly transaction_ids?: readonly string[];
  readonly [key: string]: unknown;
}

/** A transaction the node accepted and then rejected, with its reason. */
export interface InvalidTransactionEvent {
  readonly transaction_id: string;
  readonly status?: 'invalid';
  readonly reason_code?: string | null;
  readonly reason?: string | null;
  readonly [key: string]: unknown;
}

export type StreamEvent<E extends StreamName> = E extends 'valid_transactions'
  ? ValidTransactionEvent
  : E extends 'blocks'
    ? BlockEvent
    : InvalidTransactionEvent;

export interface SubscribeOptions<E extends StreamName> {
  /**
   * The server's `from_height`: the events of every block above this height are sent first, then
   * live ones (0: the whole chain). Default: the blocks decided from the moment of subscribing.
   * Not for `invalid_transactions`, which is live only (the status endpoint keeps every fate).
   */
  readonly fromHeight?: number;
  /** `valid_transactions` only: just this asset's transactions. */
  readonly assetId?: string;
  readonly onEvent: (event: StreamEvent<E>) => void;
  /**
   * Problems that do not end the subscription (a dropped connection, a malformed message): it
   * reconnects by itself. After a fatal one (the server refused the subscription), `closed` is true.
   */
  readonly onError?: (error: Error) => void;
  /** Each time a connection is open (the first time, and after every reconnect). */
  readonly onOpen?: () => void;
}

export interface Subscription {
  /** Stops for good: no reconnect, no more events. */
  close(): void;
  /** The height of the last event delivered. */
  readonly lastHeight: number | undefined;
  /** Every event up to this height has been delivered; a reconnect asks for the blocks above it. */
  readonly position: number | undefined;
  readonly closed: boolean;
  /** Resolves when the first connection is open; rejects if the subscription ends before that. */
  readonly opened: Promise<void>;
}

export interface StreamContext {
  readonly pool: NodePool<NodeTarget>;
  readonly WebSocket: WebSocketConstructor | undefined;
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The height the node's streams have reached (every block up to it is decided and streamed), or
   * undefined when the node does not say. Throws when the node cannot be asked right now.
   */
  readonly streamHeight: () => Promise<number | undefined>;
}

// WebSocket close codes by which a server refuses the subscription itself; reconnecting would only
// be refused again. (Our server refuses with an HTTP status on the upgrade instead; see below.)
function isRefusalCode(code: number): boolean {
  return code === 1008 || (code >= 4400 && code < 4500);
}

// The `ws` package reports an HTTP answer to the upgrade as "Unexpected server response: 400".
// Browsers say nothing, and so keep retrying with backoff.
function refusedStatus(event: unknown): number | undefined {
  const e = event as { message?: unknown; error?: { message?: unknown } } | null;
  const text =
    typeof e?.message === 'string' ? e.message : typeof e?.error?.message === 'string' ? e.error.message : '';
  const m = /Unexpected server response: (\d{3})/.exec(text);
  if (!m) return undefined;
  const status = Number(m[1]);
  return status >= 400 && status < 500 && status !== 408 && status !== 429 ? status : undefined;
}

/** The identity of an event within its height, for dropping the ones replayed after a resume. */
function eventKey(stream: StreamName, event: Record<string, unknown>): string {
  const id = stream === 'blocks' ? event.block_id : event.transaction_id;
  return typeof id === 'string' ? id : JSON.stringify(event);
}

/** Whether `event` is the last message its block has for this stream. */
function completesBlock(stream: StreamName, event: Record<string, unknown>): boolean {
  if (stream === 'blocks') return true;
  const { tx_index: i, tx_count: n } = event;
  return typeof i === 'number' && typeof n === 'number' && i === n - 1;
}

export function subscribe<E extends StreamName>(
  stream: E,
  options: SubscribeOptions<E>,
  ctx: StreamContext,
): Subscription {
  const ordered = stream !== 'invalid_transactions';
  if (options.fromHeight !== undefined) {
    if (!ordered) throw new TypeError('invalid_transactions is live only: it takes no fromHeight');
    if (!(Number.isSafeInteger(options.fromHeight) && options.fromHeight >= 0))
      throw new RangeError(`fromHeight must be a block height (an integer >= 0), got ${options.fromHeight}`);
  }
  if (options.assetId !== undefined && stream !== 'valid_transactions') {
    throw new TypeError('only valid_transactions can be filtered by assetId');
  }
  const backoff = { baseMs: limits.streamBackoffBaseMs, factor: 2, capMs: limits.streamBackoffCapMs };
  let socket: WebSocketLike | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let lastHeight: number | undefined;
  let position = options.fromHeight;
  // Without fromHeight, the start is pinned to the node's stream height before connecting, so a
  // reconnect before the first event still resumes from there. Asked until a node answers.
  let startPinned = !ordered || position !== undefined;
  let drops = 0;
  // Keys of the events delivered at heights above `position`: a resume replays those blocks whole.
  const seen = new Map<number, Set<string>>();
  let resolveOpened!: () => void;
  let rejectOpened!: (err: Error) => void;
  const opened = new Promise<void>((resolve, reject) => {
    resolveOpened = resolve;
    rejectOpened = reject;
  });
  // Unobserved rejections of `opened` must not crash a process that only uses onError.
  opened.catch(() => undefined);

  const report = (err: Error) => {
    try {
      options.onError?.(err);
    } catch {
      // A throwing error handler must not stop the stream.
    }
  };

  const finish = (err?: Error) => {
    if (closed) return;
    closed = true;
    if (timer !== undefined) clearTimeout(timer);
    const s = socket;
    socket = undefined;
    s?.close(1000, 'closed by client');
    if (err) report(err);
    rejectOpened(err ?? new DriverError('subscription closed before it opened'));
  };

  const advance = (to: number) => {
    if (position !== undefined && to <= position) return;
    position = to;
    for (const h of seen.keys()) if (h <= to) seen.delete(h);
  };

  const deliver = (raw: unknown, url: string) => {
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(typeof raw === 'string' ? raw : String(raw)) as Record<string, unknown>;
      if (typeof event !== 'object' || event === null || Array.isArray(event))
        throw new TypeError('not an object');
    } catch (cause) {
      report(
        new BadResponseError(`stream ${stream}: a message that is not a JSON object`, {
          url,
          status: 101,
          cause,
        }),
      );
      return;
    }
    const height = typeof event.height === 'number' ? event.height : undefined;
    if (ordered && height !== undefined) {
      if (position !== undefined && height <= position) return; // replayed, already delivered
      const key = eventKey(stream, event);
      let keys = seen.get(height);
      if (keys?.has(key)) return;
      if (keys === undefined) seen.set(height, (keys = new Set()));
      keys.add(key);
      lastHeight = height;
      // Blocks come in height order, so every block below this one is complete.
      advance(height - 1);
      if (completesBlock(stream, event)) advance(height);
    }
    try {
      options.onEvent(event as StreamEvent<E>);
    } catch (err) {
      report(err instanceof Error ? err : new DriverError(String(err)));
    }
  };

  const connect = async () => {
    timer = undefined;
    if (closed) return;
    let WS: WebSocketConstructor;
    try {
      WS = await resolveWebSocket(ctx.WebSocket);
    } catch (err) {
      finish(err as Error);
      return;
    }
    if (!startPinned) {
      try {
        position = await ctx.streamHeight();
        startPinned = true;
      } catch {
        // No node answers now; the connection attempt below fails over and backs off as well.
      }
    }
    if (closed) return;
    const pick = ctx.pool.pick();
    if (!('node' in pick)) {
      timer = setTimeout(() => void connect(), pick.waitMs);
      return;
    }
    const node = pick.node;
    const query = queryString({ from_height: ordered ? position : undefined, asset_id: options.assetId });
    const url = `${node.apiRoot.replace(/^http/, 'ws')}/streams/${stream}${query}`;
    const headers = { ...ctx.headers, ...node.headers };
    let ws: WebSocketLike;
    try {
      ws = Object.keys(headers).length > 0 ? new WS(url, [], { headers }) : new WS(url);
    } catch (err) {
      finish(new DriverError(`stream ${stream}: cannot open ${url}`, { url, cause: err }));
      return;
    }
    socket = ws;
    let wasOpen = false;
    let gotEvent = false;
    let refused: number | undefined;
    ws.onopen = () => {
      if (socket !== ws || closed) return;
      wasOpen = true;
      ctx.pool.succeed(node);
      resolveOpened();
      options.onOpen?.();
    };
    ws.onmessage = (e) => {
      if (socket !== ws || closed) return;
      gotEvent = true;
      drops = 0;
      deliver(e.data, url);
    };
    ws.onerror = (e) => {
      // The close event follows and decides what to do.
      refused = refusedStatus(e);
    };
    ws.onclose = (e) => {
      if (socket !== ws || closed) return;
      socket = undefined;
      if (refused !== undefined || isRefusalCode(e.code)) {
        const why = refused !== undefined ? `HTTP ${refused}` : `${e.code} ${e.reason}`;
        finish(new DriverError(`stream ${stream}: refused by ${url} (${why})`, { url }));
        return;
      }
      // A node that could not be reached is backed off in the connection's pool, and the next
      // attempt goes to another node (or waits for the soonest backoff). A connection that opened
      // and closed without a single event backs off on its own, so a node that accepts and drops
      // at once cannot make the client spin.
      if (!wasOpen) ctx.pool.fail(node);
      else if (!gotEvent) drops += 1;
      const resume = !ordered ? 'live' : position === undefined ? 'live' : `above height ${position}`;
      report(
        new DriverError(
          `stream ${stream}: ${wasOpen ? 'disconnected from' : 'could not connect to'} ${url} (${e.code}${e.reason ? ` ${e.reason}` : ''}); resuming ${resume}`,
          { url },
        ),
      );
      timer = setTimeout(() => void connect(), wasOpen ? backoffDelayMs(backoff, drops) : 0);
    };
  };

  void connect();

  return {
    close: () => finish(),
    get lastHeight() {
      return lastHeight;
    },
    get position() {
      return position;
    },
    get closed() {
      return closed;
    },
    opened,
  };
}
