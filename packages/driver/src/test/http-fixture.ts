// A real local HTTP server for the driver's unit tests, whose every answer the test decides:
// JSON, an error status, no body, a stalled answer, or a dropped connection. Requests are recorded.
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';

export interface Recorded {
  readonly method: string;
  /** Path and query, e.g. `/api/v1/transactions?mode=commit`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What to do with one request. */
export type Answer =
  | { readonly json: unknown; readonly status?: number; readonly headers?: Record<string, string> }
  | { readonly text: string; readonly status: number; readonly contentType?: string }
  /** Reads the request, then closes the connection without a word. */
  | { readonly drop: true }
  /** Never answers (until the fixture closes). */
  | { readonly stall: true };

export type Handler = (req: Recorded, index: number) => Answer;

export class HttpFixture {
  readonly requests: Recorded[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly stalled = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    public handler: Handler,
  ) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () =>
        this.answer({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }, res),
      );
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(handler: Handler): Promise<HttpFixture> {
    const fixture = new HttpFixture(createServer(), handler);
    await new Promise<void>((resolve) => fixture.server.listen(0, '127.0.0.1', resolve));
    return fixture;
  }

  get port(): number {
    const address = this.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('not listening');
    return address.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Requests whose path (without query) is `path`. */
  requestsTo(method: string, path: string): Recorded[] {
    return this.requests.filter((r) => r.method === method && r.url.split('?')[0] === path);
  }

  private answer(req: Recorded, res: ServerResponse): void {
    const index = this.requests.push(req) - 1;
    const a = this.handler(req, index);
    if ('drop' in a) {
      res.socket?.destroy();
    } else if ('stall' in a) {
      this.stalled.add(res);
    } else if ('json' in a) {
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers });
      res.end(JSON.stringify(a.json));
    } else {
      res.writeHead(a.status, { 'content-type': a.contentType ?? 'text/plain' });
      res.end(a.text);
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port on which nothing listens (it was free a moment ago): connections are refused. */
export async function refusedUrl(): Promise<string> {
  const f = await HttpFixture.start(() => ({ json: null }));
  const url = f.url;
  await f.close();
  return url;
}
