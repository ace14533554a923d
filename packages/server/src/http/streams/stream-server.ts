import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { errorBody, type ApiErrorCode } from '../errors.js';
import { LedgerFeed, type NodeService, type TxStatusEvent } from '../../node/index.js';
import { BlockSubscription } from './block-subscription.js';
import {
  blockMessages,
  invalidTransactionMessage,
  streamNames,
  validTransactionMessages,
  type StreamName,
} from './stream-messages.js';

export const streamsPathPrefix = '/api/v1/streams/';

/** Most stream clients at once; more get 503 until some leave. */
export const streamSubscribersMax = 1_000;
/** Largest frame a client may send (clients have nothing to say; anything larger closes the socket). */
const clientFrameBytesMax = 1_024;
/** Unsent bytes at which a client of the (unbuffered, live-only) rejection stream is dropped. */
const invalidStreamBufferBytesMax = 4 * 1024 * 1024;

export interface StreamServerOptions {
  /** How often the feed looks for decisions the node did not announce (another member's). */
  readonly feedPollIntervalMs?: number;
  /** How often clients are pinged; one that has not answered the previous ping is dropped. */
  readonly pingIntervalMs?: number;
  readonly onError: (err: unknown) => void;
}

interface Subscriber {
  readonly socket: WebSocket;
  readonly stream: StreamName;
  alive: boolean;
}

/** Query parameters each stream takes. */
const streamParameters: Record<StreamName, readonly string[]> = {
  valid_transactions: ['from_height', 'asset_id'],
  blocks: ['from_height'],
  invalid_transactions: [],
};

/**
 * The WebSocket event streams, served on the HTTP port (`GET /api/v1/streams/<name>` with
 * `Upgrade: websocket`), which is what `GET /` advertises. BigchainDB ran them on a second port.
 *
 * - `valid_transactions` and `blocks` follow the ledger feed in height order; `?from_height=N`
 *   first replays every decided block above N from the store, then continues live, with nothing
 *   missed or repeated. Without it a client starts at the feed's frontier.
 * - `invalid_transactions` reports rejections of accepted transactions as this node makes them.
 *   It is live only (rejections are not ledger events and have no height): their durable record
 *   is the status endpoint.
 */
export class StreamServer {
  readonly feed: LedgerFeed;
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: clientFrameBytesMax });
  readonly #subscribers = new Set<Subscriber>();
  #pinger: NodeJS.Timeout | undefined;
  readonly #onBlock = () => this.feed.kick();
  readonly #onTx = (e: TxStatusEvent) => {
    if (e.status === 'invalid') this.#broadcastInvalid(e);
  };

  constructor(
    private readonly node: NodeService,
    private readonly options: StreamServerOptions,
  ) {
    this.feed = new LedgerFeed(node.store, {
      pollIntervalMs: options.feedPollIntervalMs ?? 1_000,
      onError: options.onError,
      vet: (stored) => node.reads.vetBlock(stored),
    });
  }

  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  /** Starts following the ledger and answers WebSocket upgrades on `server`. */
  start(server: Server): void {
    this.node.events.on('blockDecided', this.#onBlock);
    this.node.events.on('status', this.#onTx);
    this.feed.start();
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.#upgrade(req, socket, head),
    );
    const pingEveryMs = this.options.pingIntervalMs ?? 30_000;
    this.#pinger = setInterval(() => this.#ping(), pingEveryMs);
    this.#pinger.unref();
  }

  /** Closes every client with 1001 (going away) and stops following the ledger. */
  async close(): Promise<void> {
    this.node.events.off('blockDecided', this.#onBlock);
    this.node.events.off('status', this.#onTx);
    clearInterval(this.#pinger);
    for (const s of this.#subscribers) s.socket.close(1001, 'server shutting down');
    this.#subscribers.clear();
    await this.feed.stop();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    const name = url.pathname.replace(/\/$/, '').slice(streamsPathPrefix.length) as StreamName;
    if (!url.pathname.startsWith(streamsPathPrefix) || !streamNames.includes(name))
      return refuse(socket, 404, 'NotFound', 'Not found');
    const parsed = parseStreamQuery(name, url.searchParams);
    if (typeof parsed === 'string') return refuse(socket, 400, 'InvalidParameter', parsed);
    if (this.#subscribers.size >= streamSubscribersMax)
      return refuse(socket, 503, 'TooManySubscribers', 'Too many stream clients; try again later');
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      const subscriber: Subscriber = { socket: ws, stream: name, alive: true };
      this.#subscribers.add(subscriber);
      ws.on('pong', () => (subscriber.alive = true));
      ws.on('error', () => ws.terminate());
      ws.once('close', () => this.#subscribers.delete(subscriber));
      if (name === 'invalid_transactions') return;
      const render =
        name === 'blocks'
          ? blockMessages
          : (b: Parameters<typeof validTransactionMessages>[0]) =>
              validTransactionMessages(b, parsed.assetId);
      void this.feed.ready.then(() => {
        if (ws.readyState !== ws.OPEN) return;
        new BlockSubscription(
          this.feed,
          ws,
          render,
          parsed.fromHeight ?? this.feed.frontier,
          this.options.onError,
        );
      });
    });
  }

  #broadcastInvalid(e: TxStatusEvent): void {
    const text = invalidTransactionMessage(e);
    for (const s of this.#subscribers) {
      if (s.stream !== 'invalid_transactions' || s.socket.readyState !== s.socket.OPEN) continue;
      // Live only, so nothing to catch up from: a client this far behind is dropped, not buffered for.
      if (s.socket.bufferedAmount > invalidStreamBufferBytesMax) s.socket.close(1013, 'client too slow');
      else s.socket.send(text);
    }
  }

  #ping(): void {
    for (const s of this.#subscribers) {
      if (!s.alive) {
        s.socket.terminate();
        continue;
      }
      s.alive = false;
      s.socket.ping();
    }
  }
}

/** The stream's parameters, or why they are refused. */
function parseStreamQuery(
  name: StreamName,
  params: URLSearchParams,
): { fromHeight?: number; assetId?: string } | string {
  const allowed = streamParameters[name];
  const out: { fromHeight?: number; assetId?: string } = {};
  for (const key of new Set(params.keys())) {
    if (!allowed.includes(key)) return `Unknown query parameter: ${key}`;
    const values = params.getAll(key);
    if (values.length > 1) return `Invalid query parameter ${key}: must be given once`;
    const value = values[0]!;
    if (key === 'from_height') {
      if (!/^[0-9]{1,15}$/.test(value))
        return 'Invalid query parameter from_height: must be a block height (an integer >= 0)';
      out.fromHeight = Number(value);
    } else if (key === 'asset_id') {
      if (!/^[0-9a-fA-F]{64}$/.test(value))
        return 'Invalid query parameter asset_id: must be 64 hexadecimal characters';
      out.assetId = value.toLowerCase();
    }
  }
  return out;
}

/** Answers an upgrade request with an HTTP error and the usual JSON error body, then closes. */
function refuse(socket: Duplex, status: number, code: ApiErrorCode, message: string): void {
  const body = JSON.stringify(errorBody(status, message, code));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Access-Control-Allow-Origin: *\r\n' +
      'Connection: close\r\n\r\n' +
      body,
  );
}
