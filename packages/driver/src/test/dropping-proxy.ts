// A localhost TCP proxy in front of a node that can forward a POST and then drop the node's
// answer (users-reliability T8): the node acts on the request, the client never hears back.
import { connect, createServer, type Server, type Socket } from 'node:net';

export class DroppingProxy {
  /** POSTs whose answers are still to be dropped. */
  dropPosts = 0;
  /** Request lines seen, e.g. `POST /api/v1/transactions?mode=commit HTTP/1.1`. */
  readonly requestLines: string[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(upstreamPort: number): Promise<DroppingProxy> {
    const proxy = new DroppingProxy(createServer());
    proxy.server.on('connection', (client) => proxy.relay(client, upstreamPort));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  private relay(client: Socket, upstreamPort: number): void {
    const upstream = connect(upstreamPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    }
    // Whether the answer now coming back belongs to a POST that must go unanswered.
    let dropping = false;
    client.on('data', (chunk: Buffer) => {
      // Requests here are small: each starts a new chunk (no pipelining from fetch).
      const line = chunk.toString('latin1').split('\r\n', 1)[0] ?? '';
      if (/^[A-Z]+ \//.test(line)) {
        this.requestLines.push(line);
        if (line.startsWith('POST ') && this.dropPosts > 0) {
          this.dropPosts -= 1;
          dropping = true;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (dropping) {
        client.destroy();
        upstream.destroy();
      } else {
        client.write(chunk);
      }
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
