import { Counter, Gauge, type Registry } from 'prom-client';
import type { LedgerReads, WorkerPoolStats } from '../node/index.js';
import { version } from '../version.js';
import type { MeteredNode } from './node-metrics.js';
import type { NodeStatusProbe } from './node-status.js';
import type { StatsdClient } from './statsd-client.js';

/** The store's heights and backlog, as one scrape reads them. */
export interface LedgerRead {
  readonly latest: number | null;
  readonly firstUndecided: number | null;
  readonly backlog: number;
}

/**
 * One read of the store's heights and backlog per scrape: the three gauges collected together
 * share the read in flight; the next scrape reads afresh.
 */
export function sharedLedgerRead(store: () => LedgerReads): () => Promise<LedgerRead> {
  let inFlight: Promise<LedgerRead> | null = null;
  return () => {
    if (inFlight !== null) return inFlight;
    const s = store();
    inFlight = Promise.all([s.latestHeight(), s.firstUndecidedHeight(), s.countBacklog()])
      .then(
        ([latest, firstUndecided, backlog]): LedgerRead => ({ latest, firstUndecided, backlog }),
        // A store that does not answer leaves these gauges unknown (NaN); the scrape still
        // succeeds and bigchaindb_status says why.
        (): LedgerRead => ({ latest: Number.NaN, firstUndecided: Number.NaN, backlog: Number.NaN }),
      )
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
}

/** What the gauges read when Prometheus scrapes. */
export interface ScrapeSources {
  readonly node: MeteredNode;
  readonly ledger: () => Promise<LedgerRead>;
  readonly subscribers: () => number;
  readonly status: NodeStatusProbe;
  readonly statsd?: StatsdClient;
}

/**
 * The gauges read at scrape time (heights, backlog, the verification pool, subscribers, the
 * federation, status, node info) and the StatsD outcome counter: bounded, cheap reads, none on
 * the node's hot paths.
 */
export function registerScrapeGauges(registers: Registry[], sources: ScrapeSources): void {
  const { node, ledger, subscribers, status, statsd } = sources;
  // Gauges read when scraped: bounded, cheap reads (three indexed store reads shared by the
  // scrape, and in-memory reports).
  new Gauge({
    name: 'bigchaindb_backlog_size',
    help: 'Transactions waiting for a block, all members.',
    registers,
    async collect() {
      this.set((await ledger()).backlog);
    },
  });
  new Gauge({
    name: 'bigchaindb_block_height',
    help: 'Height of the newest block in the store (-1 before the first).',
    registers,
    async collect() {
      this.set((await ledger()).latest ?? -1);
    },
  });
  new Gauge({
    name: 'bigchaindb_decided_height',
    help: 'Every block up to this height is decided (-1 before the first).',
    registers,
    async collect() {
      const { latest, firstUndecided } = await ledger();
      this.set(firstUndecided === null ? (latest ?? -1) : firstUndecided - 1);
    },
  });
  const pool = (): WorkerPoolStats =>
    node.verifyPoolStats?.() ?? { queued: 0, inFlight: 0, busyWorkers: 0, workers: 0 };
  new Gauge({
    name: 'bigchaindb_verify_queue_length',
    help: 'Transactions waiting for a signature-verification worker.',
    registers,
    collect() {
      this.set(pool().queued);
    },
  });
  new Gauge({
    name: 'bigchaindb_verify_in_flight',
    help: 'Transactions being verified by the worker pool.',
    registers,
    collect() {
      this.set(pool().inFlight);
    },
  });
  new Gauge({
    name: 'bigchaindb_verify_workers_busy',
    help: 'Signature-verification workers busy (of bigchaindb_verify_workers).',
    registers,
    collect() {
      this.set(pool().busyWorkers);
    },
  });
  new Gauge({
    name: 'bigchaindb_verify_workers',
    help: 'Signature-verification workers (server.threads).',
    registers,
    collect() {
      this.set(pool().workers);
    },
  });
  new Gauge({
    name: 'bigchaindb_websocket_subscribers',
    help: 'Clients connected to the event streams.',
    registers,
    collect() {
      this.set(subscribers());
    },
  });
  new Gauge({
    name: 'bigchaindb_federation_members',
    help: 'Members of the federation, this node included.',
    registers,
    collect() {
      this.set(node.federation.length);
    },
  });
  new Gauge({
    name: 'bigchaindb_federation_members_alive',
    help: 'Members not suspected down (they vote on blocks within the reassign delay).',
    registers,
    collect() {
      this.set(node.federationReport().members.filter((m) => !m.suspectedDown).length);
    },
  });
  new Gauge({
    name: 'bigchaindb_watchdog_tampered_blocks',
    help: 'Stored blocks the watchdog found altered (not served).',
    registers,
    collect() {
      this.set(node.federationReport().watchdog.tamperedBlocks.length);
    },
  });
  new Gauge({
    name: 'bigchaindb_status',
    help: '0 healthy; 1 store unreachable; 2 behind the federation; 3 watchdog finding; 4 disk nearly full.',
    registers,
    async collect() {
      this.set((await status.check()).code);
    },
  });
  new Gauge({
    name: 'bigchaindb_node_info',
    help: "Always 1: the node's version, store backend, public key and consensus mode as labels.",
    labelNames: ['version', 'backend', 'key', 'mode'],
    registers,
  }).set(
    { version, backend: node.store.backend, key: node.publicKey, mode: node.modeName ?? 'federation' },
    1,
  );
  if (statsd !== undefined) {
    let reported = { sent: 0, dropped: 0, errors: 0 };
    new Counter({
      name: 'bigchaindb_statsd_lines_total',
      help: 'StatsD lines by outcome: sent, dropped (no address yet, or too many datagrams in flight), error (send failed).',
      labelNames: ['outcome'],
      registers,
      collect() {
        const now = { ...statsd.counts };
        this.inc({ outcome: 'sent' }, now.sent - reported.sent);
        this.inc({ outcome: 'dropped' }, now.dropped - reported.dropped);
        this.inc({ outcome: 'error' }, now.errors - reported.errors);
        reported = now;
      },
    });
  }
}
