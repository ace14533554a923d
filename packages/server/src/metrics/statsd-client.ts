import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export interface StatsdOptions {
  /** `statsd.host`; the push is off when it is empty (see `statsdFromConfig`). */
  readonly host: string;
  readonly port: number;
  /** `statsd.rate`: the fraction of transaction operations sent (0..1). */
  readonly rate: number;
  /** Where sampling draws from; tests give a seeded one. Default `Math.random`. */
  readonly random?: () => number;
  /** Prefix of every name; default `bigchaindb.`, as the seed's Telegraf dashboards expect. */
  readonly prefix?: string;
}

/** What the client could not send, for the node's own metrics. */
export interface StatsdCounts {
  sent: number;
  dropped: number;
  errors: number;
}

/** One UDP datagram's payload: small enough for any path MTU (1500 minus IP and UDP headers). */
const packetBytesMax = 1432;
/** Distinct counters summed in one turn; more are dropped (the names are a short fixed list). */
const countersMax = 256;
/** Datagrams handed to the kernel and not yet reported sent; beyond this, lines are dropped. */
const inFlightMax = 64;

/**
 * A StatsD client that can never slow or stop the node: counters are summed within an event-loop
 * turn, and lines go out over UDP, several to a datagram, from one packet buffer (bounded: a full buffer is sent, not grown) flushed at the end
 * of the event-loop turn. The host name is resolved once at start, not per packet; until it is,
 * and when it does not resolve, lines are dropped and counted. Send errors (no listener, ICMP
 * refusals, a closed socket) are swallowed and counted, never thrown.
 */
export class StatsdClient {
  readonly counts: StatsdCounts = { sent: 0, dropped: 0, errors: 0 };
  readonly rate: number;
  readonly #socket: Socket;
  readonly #port: number;
  readonly #random: () => number;
  readonly #prefix: string;
  #address: string | undefined;
  #buffer = '';
  /** Counters summed within this turn, by name and kind (`|c` or `|c|@rate`). */
  readonly #counters = new Map<string, { head: string; tail: string; value: number }>();
  #flushScheduled = false;
  #inFlight = 0;
  #closed = false;
  readonly ready: Promise<void>;

  constructor(options: StatsdOptions) {
    this.rate = Math.min(1, Math.max(0, options.rate));
    this.#port = options.port;
    this.#random = options.random ?? Math.random;
    this.#prefix = options.prefix ?? 'bigchaindb.';
    const family = isIP(options.host) === 6 ? 'udp6' : 'udp4';
    this.#socket = createSocket(family);
    this.#socket.on('error', () => {
      this.counts.errors++;
    });
    // The socket must not keep a finished process alive.
    this.#socket.unref();
    if (isIP(options.host) !== 0) {
      this.#address = options.host;
      this.ready = Promise.resolve();
    } else {
      this.ready = lookup(options.host, { family: 4 })
        .then(({ address }) => {
          this.#address = address;
        })
        .catch(() => {
          this.counts.errors++;
        });
    }
  }

  /** A counter (`|c`), always sent; increments of one turn go as one line with their sum. */
  increment(name: string, value = 1): void {
    this.#count(name, value, '|c');
  }

  /**
   * A counter for transaction operations: counted for `rate` of them, marked `|@rate` (StatsD
   * divides by the rate, so the sum of one turn's sampled increments keeps its meaning).
   */
  incrementSampled(name: string, value = 1): void {
    if (!this.#sampled()) return;
    this.#count(name, value, `|c${this.#rateSuffix()}`);
  }

  gauge(name: string, value: number): void {
    this.#line(`${this.#prefix}${name}:${value}|g`);
  }

  /** A timer (`|ms`), always sent. */
  timing(name: string, ms: number): void {
    this.#line(`${this.#prefix}${name}:${round(ms)}|ms`);
  }

  /** A timer of a transaction operation (`write_transaction`): sampled as `incrementSampled`. */
  timingSampled(name: string, ms: number): void {
    if (!this.#sampled()) return;
    this.#line(`${this.#prefix}${name}:${round(ms)}|ms${this.#rateSuffix()}`);
  }

  close(): void {
    if (this.#closed) return;
    this.#drainCounters();
    this.#flush();
    this.#closed = true;
    this.#socket.close();
  }

  #sampled(): boolean {
    return this.rate >= 1 || (this.rate > 0 && this.#random() < this.rate);
  }

  #rateSuffix(): string {
    return this.rate >= 1 ? '' : `|@${this.rate}`;
  }

  /** Sums a counter until the end of the turn: thousands of transactions a second make one line each. */
  #count(name: string, value: number, tail: string): void {
    if (this.#closed) return;
    if (this.#address === undefined) {
      this.counts.dropped++;
      return;
    }
    const key = `${name}${tail}`;
    const pending = this.#counters.get(key);
    if (pending !== undefined) {
      pending.value += value;
      return;
    }
    if (this.#counters.size >= countersMax) {
      this.counts.dropped++;
      return;
    }
    this.#counters.set(key, { head: `${this.#prefix}${name}:`, tail, value });
    this.#scheduleFlush();
  }

  #line(line: string): void {
    if (this.#closed) return;
    if (this.#address === undefined) {
      this.counts.dropped++;
      return;
    }
    if (this.#buffer.length > 0 && this.#buffer.length + 1 + line.length > packetBytesMax) this.#flush();
    this.#buffer = this.#buffer.length === 0 ? line : `${this.#buffer}\n${line}`;
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      this.#drainCounters();
      this.#flush();
    });
  }

  #drainCounters(): void {
    if (this.#counters.size === 0) return;
    const counters = [...this.#counters.values()];
    this.#counters.clear();
    for (const c of counters) this.#line(`${c.head}${c.value}${c.tail}`);
  }

  #flush(): void {
    const payload = this.#buffer;
    if (payload.length === 0 || this.#closed) return;
    this.#buffer = '';
    const lines = countLines(payload);
    if (this.#inFlight >= inFlightMax || this.#address === undefined) {
      this.counts.dropped += lines;
      return;
    }
    this.#inFlight++;
    try {
      this.#socket.send(payload, this.#port, this.#address, (err) => {
        this.#inFlight--;
        if (err) this.counts.errors++;
        else this.counts.sent += lines;
      });
    } catch {
      this.#inFlight--;
      this.counts.errors++;
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function countLines(payload: string): number {
  let n = 1;
  for (let i = payload.indexOf('\n'); i !== -1; i = payload.indexOf('\n', i + 1)) n++;
  return n;
}
