import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import type { VerifyCeiling } from './ceiling.js';
import type { Outcome, OutputsCrossCheck } from './checks.js';
import { Fate, type RunRecord } from './record.js';
import type { RssFigures } from './rss.js';
import type { Workload } from './workload.js';

/** The figures of one measured run against one target (a node or a federation). */
export interface LoadResult {
  readonly label: string;
  readonly workload: string;
  readonly mode: string;
  readonly concurrency: number;
  readonly connections: number;
  readonly pipelining: number;
  /** Offered rate asked for, tx/s; null when unpaced. */
  readonly rate: number | null;
  /** Sending stopped after this many seconds (unpaced runs with a duration); null: the whole workload. */
  readonly durationSeconds: number | null;
  readonly outcome: Outcome;
  readonly sendSeconds: number;
  /** Sent per second over the sending window. */
  readonly offeredPerSecond: number;
  /** Accepted per second, from the first send to the last 202. */
  readonly acceptedPerSecond: number;
  /** Decided valid per second, from the first send to the last decision. */
  readonly committedPerSecond: number;
  /** Decided valid per second within the steady window: the sending window less its first tenth. */
  readonly steady: {
    readonly fromSeconds: number;
    readonly toSeconds: number;
    readonly committedPerSecond: number;
  };
  /** From sending a POST to its 202, over the accepted transactions. */
  readonly answerMs: { readonly p50: number; readonly p99: number };
  /** From the client's 202 to the node's decision, over the valid transactions. */
  readonly latencyMs: {
    readonly p50: number;
    readonly p95: number;
    readonly p99: number;
    readonly max: number;
  };
  readonly checks: {
    /** Nothing missing or pending, nothing unexpected, no output spent twice, the node's outputs agree. */
    readonly ok: boolean;
    readonly outputsSpentTwice: number;
    readonly outputs: OutputsCrossCheck | null;
  };
  readonly client: { readonly cpuSeconds: number; readonly requests: number; readonly usPerRequest: number };
  readonly ceiling: VerifyCeiling | null;
  /** Steady committed per second over the ceiling; null without a ceiling. */
  readonly committedOverCeiling: number | null;
  readonly rss: RssFigures | null;
  /** The machine's 1-minute load average when the run ended: how shared the cores were. */
  readonly loadAverage: number;
}

export interface Timing {
  readonly startedAt: number;
  readonly endedAt: number;
}

/** Rates and latency of a run from its per-transaction timestamps. */
export function rates(
  workload: Workload,
  record: RunRecord,
  timing: Timing,
): Pick<
  LoadResult,
  | 'sendSeconds'
  | 'offeredPerSecond'
  | 'acceptedPerSecond'
  | 'committedPerSecond'
  | 'steady'
  | 'answerMs'
  | 'latencyMs'
> {
  let sent = 0;
  let accepted = 0;
  let lastSend = timing.startedAt;
  let lastAck = timing.startedAt;
  const answers = new Float64Array(workload.size);
  for (let i = 0; i < workload.size; i++) {
    if (!record.sent(i)) continue;
    sent++;
    lastSend = Math.max(lastSend, record.sentAt[i]!);
    if (record.accepted(i)) {
      answers[accepted++] = record.answeredAt[i]! - record.sentAt[i]!;
      lastAck = Math.max(lastAck, record.answeredAt[i]!);
    }
  }
  const answerTimes = answers.subarray(0, accepted).sort();
  const answerPct = (p: number) =>
    accepted === 0 ? 0 : answerTimes[Math.min(accepted - 1, Math.floor((p / 100) * accepted))]!;
  const from = timing.startedAt + (lastSend - timing.startedAt) / 10;
  let valid = 0;
  let lastDecision = timing.startedAt;
  let inWindow = 0;
  const latencies = new Float64Array(workload.size);
  for (let i = 0; i < workload.size; i++) {
    if (record.fate[i] !== Fate.valid || !record.accepted(i)) continue;
    const at = record.decidedAt[i]!;
    if (Number.isNaN(at)) continue;
    latencies[valid++] = Math.max(0, at - record.answeredAt[i]!);
    lastDecision = Math.max(lastDecision, at);
    if (at >= from && at <= lastSend) inWindow++;
  }
  const sorted = latencies.subarray(0, valid).sort();
  const pct = (p: number) => (valid === 0 ? 0 : sorted[Math.min(valid - 1, Math.floor((p / 100) * valid))]!);
  const perSecond = (n: number, ms: number) => (n === 0 ? 0 : (n * 1000) / Math.max(1, ms));
  return {
    sendSeconds: (timing.endedAt - timing.startedAt) / 1000,
    offeredPerSecond: perSecond(sent, lastSend - timing.startedAt),
    acceptedPerSecond: perSecond(accepted, lastAck - timing.startedAt),
    committedPerSecond: perSecond(valid, lastDecision - timing.startedAt),
    steady: {
      fromSeconds: (from - timing.startedAt) / 1000,
      toSeconds: (lastSend - timing.startedAt) / 1000,
      committedPerSecond: perSecond(inWindow, lastSend - from),
    },
    answerMs: { p50: answerPct(50), p99: answerPct(99) },
    latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: valid === 0 ? 0 : sorted[valid - 1]! },
  };
}

/** The machine the figures were taken on. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly loadAverage: number;
}

export function describeMachine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: Number(loadavg()[0]!.toFixed(2)),
  };
}

export function machineLine(m: Machine = describeMachine()): string {
  return `# machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, load average ${m.loadAverage}`;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (b: number) => `${int(b / 2 ** 20)} MiB`;
const merge = (...maps: Readonly<Record<string, number>>[]) => {
  const out: Record<string, number> = {};
  for (const m of maps) for (const [k, v] of Object.entries(m)) out[k] = (out[k] ?? 0) + v;
  return out;
};
const counts = (m: Readonly<Record<string, number>>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

/** A Markdown table: one row per figure, one column per result. */
export function formatTable(results: readonly LoadResult[]): string {
  const rows: [string, (r: LoadResult) => string][] = [
    ['workload', (r) => r.workload],
    [
      'mode, concurrency (per node: connections × pipelining)',
      (r) =>
        `${r.mode}, ${r.concurrency} (${r.connections} × ${r.pipelining})` +
        (r.rate === null ? '' : `, ${int(r.rate)} tx/s offered`) +
        (r.durationSeconds === null ? '' : `, sending stopped after ${r.durationSeconds} s`),
    ],
    [
      'sent / accepted / not sent',
      (r) => `${int(r.outcome.sent)} / ${int(r.outcome.accepted)} / ${int(r.outcome.notSent)}`,
    ],
    [
      'sent per second',
      (r) =>
        int(r.offeredPerSecond) +
        // A sender waits for each answer before its next send: at most concurrency / answer time.
        (r.rate !== null && r.offeredPerSecond < 0.9 * r.rate
          ? ` (the ${int(r.rate)} offered were not reached: every sender was waiting for an answer)`
          : ''),
    ],
    ['POST→202 p50 / p99 (ms)', (r) => `${r.answerMs.p50.toFixed(1)} / ${r.answerMs.p99.toFixed(1)}`],
    ['accepted per second', (r) => int(r.acceptedPerSecond)],
    ['committed (valid) per second, whole run', (r) => int(r.committedPerSecond)],
    [
      'committed per second, steady window',
      (r) =>
        `**${int(r.steady.committedPerSecond)}** (${r.steady.fromSeconds.toFixed(1)}–${r.steady.toSeconds.toFixed(1)} s)`,
    ],
    [
      'accept→valid p50 / p95 / p99 / max (ms)',
      (r) => [r.latencyMs.p50, r.latencyMs.p95, r.latencyMs.p99, r.latencyMs.max].map(int).join(' / '),
    ],
    [
      'ceiling (Ed25519 verify, all cores) per second',
      (r) =>
        r.ceiling ? `${int(r.ceiling.perSecond)} (${r.ceiling.threads} cores, ${r.ceiling.backend})` : '–',
    ],
    [
      'committed / ceiling',
      (r) => (r.committedOverCeiling === null ? '–' : `**${(r.committedOverCeiling * 100).toFixed(1)}%**`),
    ],
    [
      'valid / invalid / pending / missing',
      (r) => [r.outcome.valid, r.outcome.invalid, r.outcome.pending, r.outcome.missing].map(int).join(' / '),
    ],
    [
      'conflicts sent: refused / invalid / valid',
      (r) => {
        const c = r.outcome.conflicts;
        if (c.sent === 0) return '–';
        const sum = (m: Readonly<Record<string, number>>) => Object.values(m).reduce((a, b) => a + b, 0);
        return `${int(c.sent)}: ${int(sum(c.refusedByCode))} (${counts(c.refusedByCode) || '–'}) / ${int(sum(c.invalidByReason))} (${counts(c.invalidByReason) || '–'}) / ${int(c.valid)}`;
      },
    ],
    [
      'unexpected (refused or invalid ordinary txs, valid conflicts)',
      (r) => {
        const o = r.outcome;
        if (o.unexpected === 0) return '0';
        const b = o.unexpectedBreakdown;
        const parts = [
          b.conflictsWon ? `${int(b.conflictsWon)} conflicts won over the first-sent` : '',
          b.lostToConflict ? `${int(b.lostToConflict)} first-sent lost to them` : '',
          b.afterLostInput ? `${int(b.afterLostInput)} spent a tx that was not valid` : '',
          b.other ? `${int(b.other)} other` : '',
        ].filter(Boolean);
        return `**${int(o.unexpected)}**: ${parts.join(', ')} (${counts(merge(o.refusedByCode, o.invalidByReason)) || '–'})`;
      },
    ],
    ['outputs spent by two valid txs', (r) => int(r.checks.outputsSpentTwice)],
    [
      "node's unspent outputs that a valid tx spent (keys, links read)",
      (r) =>
        r.checks.outputs
          ? `${int(r.checks.outputs.listedButSpent)} (${r.checks.outputs.keys} keys, ${int(r.checks.outputs.listed)} links)`
          : '–',
    ],
    ['checks', (r) => (r.checks.ok ? 'ok' : '**FAILED**')],
    ['load average (1 min) at the end', (r) => r.loadAverage.toFixed(1)],
    [
      'client CPU: seconds, µs per request',
      (r) => `${r.client.cpuSeconds.toFixed(1)} s, ${r.client.usPerRequest.toFixed(1)} µs`,
    ],
    [
      'node RSS: peak / after run / after idle',
      (r) =>
        r.rss
          ? `${mib(r.rss.peakBytes)} / ${mib(r.rss.afterRunBytes)} / ${mib(r.rss.endBytes)} (${r.rss.idleSeconds} s idle)`
          : '–',
    ],
  ];
  const header = ['', ...results.map((r) => r.label)];
  const lines = [header, header.map(() => '---'), ...rows.map(([name, f]) => [name, ...results.map(f)])];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
