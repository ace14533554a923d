import { createSocket, type Socket } from 'node:dgram';
import { waitFor } from '@bigchaindb-ts/testing';

/** A real StatsD-side UDP socket on 127.0.0.1 that keeps every line it receives, and the datagrams. */
export class UdpListener {
  readonly lines: string[] = [];
  datagrams = 0;

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {}

  static async start(): Promise<UdpListener> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const listener = new UdpListener(socket, socket.address().port);
    socket.on('message', (msg) => {
      listener.datagrams++;
      listener.lines.push(...msg.toString('utf8').split('\n'));
    });
    return listener;
  }

  /** Waits until a received line matches `pattern`; returns it. */
  line(pattern: RegExp): Promise<string> {
    return waitFor(`a StatsD line matching ${String(pattern)}`, () =>
      Promise.resolve(this.lines.find((l) => pattern.test(l))),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
