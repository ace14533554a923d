// A pass-through HTTP proxy that records the status of every answer, so a test can drive a real
// node through a client it does not control (the official driver) and still check that no request
// got a 5xx.
import { createServer, request, type Server } from 'node:http';

export class RecordingProxy {
  readonly answers: { readonly what: string; readonly status: number }[] = [];
  #server: Server | undefined;

  private constructor(private readonly target: URL) {}

  /** Listens on a free local port and forwards everything to `target` (an http:// origin). */
  static async start(target: string): Promise<RecordingProxy> {
    const proxy = new RecordingProxy(new URL(target));
    const server = createServer((req, res) => {
      const upstream = request(
        {
          host: proxy.target.hostname,
          port: proxy.target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          proxy.answers.push({ what: `${req.method} ${req.url}`, status: answer.statusCode ?? 0 });
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        proxy.answers.push({ what: `${req.method} ${req.url}`, status: 502 });
        res.writeHead(502).end();
      });
      req.pipe(upstream);
    });
    proxy.#server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    const address = this.#server?.address();
    if (address === null || typeof address !== 'object') throw new Error('the proxy is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}
