import { connect, type Socket } from 'node:net';

/**
 * A minimal keep-alive HTTP/1.1 client for the load generator, with pipelining.
 *
 * Why not node:http or undici: the load generator shares the machine's cores with the node it
 * measures, so every microsecond it spends per request is taken from the node. Posting a 750-byte
 * transaction to a local server that echoes it with a 202 (`node bench/load-client.mjs`, 64 in
 * flight) cost 48 µs of CPU per request with node:http (Agent, keep-alive), 35 µs with undici 7
 * (Pool, 8 sockets × 8 pipelined) and 8 µs with this client unpaced; paced at 2,000/s, where each
 * answer wakes the process on its own, 84, 74 and 48 µs. It speaks only what the load needs:
 * requests with a Content-Length body, answers framed by Content-Length or chunked encoding.
 */
export interface HttpAnswer {
  /** The HTTP status, or 0 when the request failed (connection refused, reset, closed early). */
  readonly status: number;
  readonly body: Buffer;
  /** The status line and headers, as received (read with `headerOf`). */
  readonly head?: string;
  /** Why the request failed, when `status` is 0. */
  readonly error?: string;
}

export interface HttpClientOptions {
  /** Sockets opened to the server (lazily, as requests need them). */
  readonly connections: number;
  /** Requests in flight on one socket at once; 1 disables pipelining. */
  readonly pipelining: number;
}

interface Pending {
  readonly resolve: (answer: HttpAnswer) => void;
}

const CRLF2 = Buffer.from('\r\n\r\n');

class Connection {
  readonly inFlight: Pending[] = [];
  private socket: Socket | undefined;
  private buffered: Buffer | undefined;
  private corked = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  send(head: string, body: Uint8Array | undefined, pending: Pending): void {
    const socket = this.socket ?? this.open();
    this.inFlight.push(pending);
    // Requests issued in the same tick leave in one write (one system call), not one each.
    if (!this.corked) {
      this.corked = true;
      socket.cork();
      process.nextTick(() => {
        this.corked = false;
        socket.uncork();
      });
    }
    socket.write(head, 'latin1');
    if (body !== undefined && body.length > 0) socket.write(body);
  }

  close(): void {
    this.socket?.destroy();
  }

  private open(): Socket {
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    this.socket = socket;
    this.buffered = undefined;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.drop(socket, err.message));
    socket.on('close', () => this.drop(socket, 'connection closed'));
    return socket;
  }

  // Forgets a socket that failed or that the server closes; what was in flight on it fails, and
  // the next request opens a new one.
  private drop(socket: Socket, why: string): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.buffered = undefined;
    socket.destroy();
    for (const p of this.inFlight.splice(0)) p.resolve({ status: 0, body: Buffer.alloc(0), error: why });
  }

  private onData(chunk: Buffer): void {
    let buf = this.buffered === undefined ? chunk : Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const answer = parseAnswer(buf);
      if (answer === undefined) break;
      buf = buf.subarray(answer.consumed);
      const pending = this.inFlight.shift();
      pending?.resolve({ status: answer.status, body: answer.body, head: answer.head });
      if (answer.close) {
        // The server ends the connection; whatever was pipelined behind this answer fails with it.
        if (this.socket) this.drop(this.socket, 'connection closed by the server');
        return;
      }
    }
    this.buffered = buf.length > 0 ? buf : undefined;
  }
}

/** One complete answer at the start of `buf`, or undefined when more bytes are needed. */
export function parseAnswer(
  buf: Buffer,
): { status: number; head: string; body: Buffer; consumed: number; close: boolean } | undefined {
  const headEnd = buf.indexOf(CRLF2);
  if (headEnd < 0) return undefined;
  const head = buf.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  let length = 0;
  let chunked = false;
  let close = false;
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (name === 'content-length') length = Number(value);
    else if (name === 'transfer-encoding') chunked = value.includes('chunked');
    else if (name === 'connection') close = value === 'close';
  }
  const start = headEnd + 4;
  if (!chunked) {
    if (buf.length < start + length) return undefined;
    return { status, head, body: buf.subarray(start, start + length), consumed: start + length, close };
  }
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buf.toString('latin1', at, lineEnd), 16);
    if (!Number.isFinite(size)) throw new Error('bad chunk size in HTTP answer');
    if (size === 0) {
      // No trailers are expected; the last chunk is followed by an empty line.
      if (buf.length < lineEnd + 4) return undefined;
      return { status, head, body: Buffer.concat(parts), consumed: lineEnd + 4, close };
    }
    if (buf.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** The value of header `name` (any case) in an answer, or undefined. */
export function headerOf(answer: HttpAnswer, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const line of (answer.head ?? '').split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted)
      return line.slice(colon + 1).trim();
  }
  return undefined;
}

export class HttpClient {
  private readonly connections: Connection[];
  private readonly waiting: { head: string; body: Uint8Array | undefined; pending: Pending }[] = [];
  private readonly hostHeader: string;
  private next = 0;
  /** Requests sent so far (answered or not). */
  requests = 0;

  constructor(
    origin: string | URL,
    private readonly options: HttpClientOptions,
  ) {
    const url = new URL(origin);
    if (url.protocol !== 'http:')
      throw new Error(`load client: only http:// is supported, not ${url.protocol}`);
    const port = Number(url.port || 80);
    this.hostHeader = url.host;
    this.connections = Array.from(
      { length: Math.max(1, options.connections) },
      () => new Connection(url.hostname.replace(/^\[|\]$/g, ''), port),
    );
  }

  /** Sends a request; never rejects (a failed request answers status 0 with `error`). */
  request(
    method: string,
    path: string,
    body?: Uint8Array,
    contentType = 'application/json',
  ): Promise<HttpAnswer> {
    const head =
      body === undefined
        ? `${method} ${path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\n\r\n`
        : `${method} ${path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\nContent-Type: ${contentType}\r\n` +
          `Content-Length: ${body.length}\r\n\r\n`;
    return new Promise((resolve) => {
      const pending: Pending = {
        resolve: (answer) => {
          resolve(answer);
          this.dispatchWaiting();
        },
      };
      this.requests++;
      const conn = this.pick();
      if (conn) conn.send(head, body, pending);
      else this.waiting.push({ head, body, pending });
    });
  }

  close(): void {
    for (const c of this.connections) c.close();
  }

  // Round-robin over connections with room; undefined when every one is full.
  private pick(): Connection | undefined {
    const n = this.connections.length;
    for (let i = 0; i < n; i++) {
      const c = this.connections[(this.next + i) % n] as Connection;
      if (c.inFlight.length < this.options.pipelining) {
        this.next = (this.next + i + 1) % n;
        return c;
      }
    }
    return undefined;
  }

  private dispatchWaiting(): void {
    while (this.waiting.length > 0) {
      const conn = this.pick();
      if (!conn) return;
      const w = this.waiting.shift()!;
      conn.send(w.head, w.body, w.pending);
    }
  }
}
