import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type {
  AcceptedEvent,
  BlockDecidedEvent,
  BlockWrittenEvent,
  Finding,
  NodeService,
  RejectedEvent,
  VoteCastEvent,
  WorkerPoolStats,
} from '../node/index.js';
import type { TimedStoreWrite } from './instrumented-store.js';
import { NodeStatusProbe, type NodeStatus } from './node-status.js';
import { registerScrapeGauges, sharedLedgerRead } from './scrape-gauges.js';
import type { StatsdClient } from './statsd-client.js';

/** The node as metrics see it: its port, plus what a `Bigchain` offers operators when present. */
export type MeteredNode = NodeService & {
  readonly modeName?: string;
  verifyPoolStats?(): WorkerPoolStats;
};

export interface NodeMetricsOptions {
  readonly node: MeteredNode;
  /** StatsD push of the same measurements (see `statsdFromConfig`); absent, nothing is pushed. */
  readonly statsd?: StatsdClient;
  /** How often gauges are pushed to StatsD; default 10 s (Telegraf's default flush). */
  readonly statsdGaugeIntervalMs?: number;
  /** What `bigchaindb_status` reports; default a probe without a disk check. */
  readonly status?: NodeStatusProbe;
  /** Process metrics (CPU, memory, event loop, GC); default on. Off in tests that build many registries. */
  readonly processMetrics?: boolean;
}

/** Accepted transactions remembered for the accept→valid latency; the oldest is forgotten first. */
const latencyTrackedMax = 100_000;
/** Distinct rejection codes given their own label value; the rest count as `other`. */
const rejectionCodesMax = 64;

const sizeBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2000, 5000];
const secondsBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const storeBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The node's metrics: one prom-client registry fed by the node's events, the timed store, the
 * HTTP edge and reads made at scrape time, exposed two ways: `render()` for `GET /metrics`
 * (Prometheus text) and, when a StatsD client is given, pushed as it happens (counters, timers;
 * transaction operations sampled by `statsd.rate`) and every few seconds (gauges read from the
 * registry). Every listener counts and returns: nothing here waits, and nothing grows unbounded.
 */
export class NodeMetrics {
  readonly registry = new Registry();
  readonly #node: MeteredNode;
  readonly #statsd: StatsdClient | undefined;
  readonly #status: NodeStatusProbe;
  readonly #acceptedAt = new Map<string, number>();
  readonly #rejectionCodes = new Set<string>();
  #lastDecidedAtMs: number | null = null;
  #subscribers: () => number = () => 0;
  readonly #readLedger = sharedLedgerRead(() => this.#node.store);
  #gaugeTimer: NodeJS.Timeout | undefined;
  #detach: (() => void) | undefined;
  readonly #statsdGaugeIntervalMs: number;
  /** Set when the HTTP edge counts ingest refusals itself (every 4xx to a POST), so the node's own ingest events are not counted twice. */
  #edgeCountsIngest = false;

  readonly accepted: Counter;
  readonly rejected: Counter<'code' | 'stage'>;
  readonly committed: Counter<'status'>;
  readonly blocksWritten: Counter;
  readonly blocksDecided: Counter<'status'>;
  readonly votesCast: Counter<'valid'>;
  readonly blockSize: Histogram;
  readonly blockInterval: Histogram;
  readonly acceptToValid: Histogram;
  readonly ingestBatch: Histogram;
  readonly storeWrite: Histogram<'operation'>;
  readonly storeWriteErrors: Counter<'operation'>;
  readonly httpRequests: Counter<'route' | 'method' | 'status_class'>;
  readonly httpDuration: Histogram<'route' | 'method'>;
  readonly findings: Counter<'code'>;

  constructor(options: NodeMetricsOptions) {
    const { node } = options;
    this.#node = node;
    this.#statsd = options.statsd;
    this.#statsdGaugeIntervalMs = options.statsdGaugeIntervalMs ?? 10_000;
    this.#status = options.status ?? new NodeStatusProbe(node);
    const registers = [this.registry];
    if (options.processMetrics !== false)
      collectDefaultMetrics({ register: this.registry, prefix: 'bigchaindb_' });

    this.accepted = new Counter({
      name: 'bigchaindb_transactions_accepted_total',
      help: 'Transactions accepted into the backlog (POST answered 202).',
      registers,
    });
    this.rejected = new Counter({
      name: 'bigchaindb_transactions_rejected_total',
      help: 'Transactions refused, by code: at ingest (every 4xx answer to a POST of a transaction) or taken out of the backlog by a block maker (stage block).',
      labelNames: ['code', 'stage'],
      registers,
    });
    this.committed = new Counter({
      name: 'bigchaindb_transactions_committed_total',
      help: 'Transactions whose fate is decided: valid (in a block decided valid) or invalid (rejected by a block maker).',
      labelNames: ['status'],
      registers,
    });
    this.blocksWritten = new Counter({
      name: 'bigchaindb_blocks_written_total',
      help: 'Blocks this node wrote.',
      registers,
    });
    this.blocksDecided = new Counter({
      name: 'bigchaindb_blocks_decided_total',
      help: 'Blocks whose election this node saw end, by outcome.',
      labelNames: ['status'],
      registers,
    });
    this.votesCast = new Counter({
      name: 'bigchaindb_votes_cast_total',
      help: 'Votes this node cast, by verdict.',
      labelNames: ['valid'],
      registers,
    });
    this.blockSize = new Histogram({
      name: 'bigchaindb_block_size_transactions',
      help: 'Transactions per decided block.',
      buckets: sizeBuckets,
      registers,
    });
    this.blockInterval = new Histogram({
      name: 'bigchaindb_block_interval_seconds',
      help: 'Time between two successive block decisions seen by this node.',
      buckets: secondsBuckets,
      registers,
    });
    this.acceptToValid = new Histogram({
      name: 'bigchaindb_transaction_accept_to_valid_seconds',
      help: 'From a transaction accepted here to its block decided valid.',
      buckets: secondsBuckets,
      registers,
    });
    this.ingestBatch = new Histogram({
      name: 'bigchaindb_ingest_batch_size',
      help: 'Transactions per backlog write of ingest (one batch of accepted POSTs).',
      buckets: sizeBuckets,
      registers,
    });
    this.storeWrite = new Histogram({
      name: 'bigchaindb_store_write_seconds',
      help: "Time of the pipelines' store writes, by operation.",
      labelNames: ['operation'],
      buckets: storeBuckets,
      registers,
    });
    this.storeWriteErrors = new Counter({
      name: 'bigchaindb_store_write_errors_total',
      help: "Pipelines' store writes that failed, by operation.",
      labelNames: ['operation'],
      registers,
    });
    this.httpRequests = new Counter({
      name: 'bigchaindb_http_requests_total',
      help: 'HTTP requests answered, by route pattern, method and status class (2xx, 4xx, ...).',
      labelNames: ['route', 'method', 'status_class'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'bigchaindb_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern and method.',
      labelNames: ['route', 'method'],
      buckets: secondsBuckets,
      registers,
    });
    this.findings = new Counter({
      name: 'bigchaindb_watchdog_findings_total',
      help: 'Distinct things the node refused to trust (ignored blocks and votes, stored data found altered), by code.',
      labelNames: ['code'],
      registers,
    });

    registerScrapeGauges(registers, {
      node,
      ledger: () => this.#readLedger(),
      subscribers: () => this.#subscribers(),
      status: this.#status,
      ...(this.#statsd === undefined ? {} : { statsd: this.#statsd }),
    });
  }

  /** Starts listening to the node's events (and pushing gauges to StatsD). Idempotent. */
  attach(): this {
    if (this.#detach !== undefined) return this;
    const { events } = this.#node;
    const onAccepted = (e: AcceptedEvent): void => this.#onAccepted(e);
    const onRejected = (e: RejectedEvent): void => this.#onRejected(e);
    const onWritten = (e: BlockWrittenEvent): void => this.#onBlockWritten(e);
    const onDecided = (e: BlockDecidedEvent): void => this.#onBlockDecided(e);
    const onVote = (e: VoteCastEvent): void => this.#onVote(e);
    const onFinding = (e: Finding): void => this.#onFinding(e);
    events.on('accepted', onAccepted);
    events.on('rejected', onRejected);
    events.on('blockWritten', onWritten);
    events.on('blockDecided', onDecided);
    events.on('voteCast', onVote);
    events.on('finding', onFinding);
    if (this.#statsd !== undefined) {
      this.#gaugeTimer = setInterval(() => void this.pushGauges(), this.#statsdGaugeIntervalMs);
      this.#gaugeTimer.unref();
    }
    this.#detach = () => {
      events.off('accepted', onAccepted);
      events.off('rejected', onRejected);
      events.off('blockWritten', onWritten);
      events.off('blockDecided', onDecided);
      events.off('voteCast', onVote);
      events.off('finding', onFinding);
      clearInterval(this.#gaugeTimer);
    };
    return this;
  }

  /** Stops listening; the StatsD client is the caller's to close. */
  detach(): void {
    this.#detach?.();
    this.#detach = undefined;
  }

  /** `GET /metrics`'s body. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The node's health, as `bigchaindb_status` reports it (for `GET /api/v1/health`). */
  status(): Promise<NodeStatus> {
    return this.#status.check();
  }

  /** Where `bigchaindb_websocket_subscribers` reads from (the API's stream server, once built). */
  countSubscribersWith(read: () => number): void {
    this.#subscribers = read;
  }

  /** For `instrumentStore`: one pipeline write settled. */
  readonly observeStoreWrite = (
    write: TimedStoreWrite,
    seconds: number,
    rows: number,
    failed: boolean,
  ): void => {
    this.storeWrite.observe({ operation: write }, seconds);
    if (failed) this.storeWriteErrors.inc({ operation: write });
    else if (write === 'addToBacklog') this.ingestBatch.observe(rows);
    this.#statsd?.timing(`store.${write}`, seconds * 1000);
  };

  /**
   * For the HTTP edge: one answer sent. `rejectionCode`: for a 4xx answer to a POST of a
   * transaction, the error body's code (counted as a rejection at ingest).
   */
  observeHttp(
    route: string,
    method: string,
    statusCode: number,
    seconds: number,
    rejectionCode?: string,
  ): void {
    this.httpRequests.inc({ route, method, status_class: `${Math.floor(statusCode / 100)}xx` });
    this.httpDuration.observe({ route, method }, seconds);
    if (rejectionCode !== undefined) this.#countRejection(rejectionCode, 'ingest');
    else if (method === 'POST' && route === '/api/v1/transactions' && statusCode < 300)
      this.#statsd?.timingSampled('write_transaction', seconds * 1000);
  }

  /** Called by the HTTP edge when it takes over counting ingest refusals (see `observeHttp`). */
  countIngestRefusalsAtEdge(): void {
    this.#edgeCountsIngest = true;
  }

  /** Sends every unlabelled gauge of the registry to StatsD (`|g`), read as a scrape would. */
  async pushGauges(): Promise<void> {
    const statsd = this.#statsd;
    if (statsd === undefined) return;
    try {
      for (const metric of await this.registry.getMetricsAsJSON()) {
        if (String(metric.type) !== 'gauge' || !metric.name.startsWith('bigchaindb_')) continue;
        const value = metric.values.find((v) => Object.keys(v.labels).length === 0);
        if (value === undefined) continue;
        statsd.gauge(metric.name.slice('bigchaindb_'.length), value.value);
      }
    } catch {
      // A failed read (the store away) skips one push; bigchaindb_status says why.
    }
  }

  #onAccepted(e: AcceptedEvent): void {
    this.accepted.inc();
    this.#statsd?.incrementSampled('transactions.accepted');
    const map = this.#acceptedAt;
    if (map.size >= latencyTrackedMax) {
      // Maps iterate in insertion order: the first key is the oldest acceptance.
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    map.set(e.id, performance.now());
  }

  #onRejected(e: RejectedEvent): void {
    if (e.id !== undefined) this.#acceptedAt.delete(e.id);
    if (e.stage === 'block') {
      this.committed.inc({ status: 'invalid' });
      this.#statsd?.incrementSampled('transactions.committed.invalid');
      this.#countRejection(e.code, 'block');
    } else if (!this.#edgeCountsIngest) {
      this.#countRejection(e.code, 'ingest');
    }
  }

  #countRejection(code: string, stage: 'ingest' | 'block'): void {
    let label = code;
    if (!this.#rejectionCodes.has(code)) {
      if (this.#rejectionCodes.size >= rejectionCodesMax) label = 'other';
      else this.#rejectionCodes.add(code);
    }
    this.rejected.inc({ code: label, stage });
    this.#statsd?.incrementSampled(`transactions.rejected.${stage}`);
  }

  #onBlockWritten(_e: BlockWrittenEvent): void {
    this.blocksWritten.inc();
    this.#statsd?.increment('blocks.written');
  }

  #onBlockDecided(e: BlockDecidedEvent): void {
    this.blocksDecided.inc({ status: e.status });
    this.#statsd?.increment(`blocks.decided.${e.status}`);
    const nowMs = performance.now();
    if (this.#lastDecidedAtMs !== null) {
      const intervalMs = nowMs - this.#lastDecidedAtMs;
      this.blockInterval.observe(intervalMs / 1000);
      this.#statsd?.timing('block.interval', intervalMs);
    }
    this.#lastDecidedAtMs = nowMs;
    if (e.status !== 'valid') return;
    const n = e.transactionIds.length;
    this.blockSize.observe(n);
    this.committed.inc({ status: 'valid' }, n);
    this.#statsd?.gauge('block.size', n);
    if (n > 0) this.#statsd?.incrementSampled('transactions.committed.valid', n);
    for (const id of e.transactionIds) {
      const at = this.#acceptedAt.get(id);
      if (at === undefined) continue;
      this.#acceptedAt.delete(id);
      const ms = nowMs - at;
      this.acceptToValid.observe(ms / 1000);
      this.#statsd?.timingSampled('transaction.accept_to_valid', ms);
    }
  }

  #onVote(e: VoteCastEvent): void {
    this.votesCast.inc({ valid: String(e.valid) });
    this.#statsd?.increment(`votes.cast.${e.valid ? 'valid' : 'invalid'}`);
  }

  #onFinding(e: Finding): void {
    this.findings.inc({ code: e.code });
    this.#statsd?.increment(`findings.${e.code}`);
  }
}
