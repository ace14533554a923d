import type { Fate } from './collect.js';
import type { Sent } from './load-runner.js';

export interface LoadReport {
  readonly sent: number;
  readonly accepted: number;
  readonly refused: number;
  readonly valid: number;
  readonly invalid: number;
  readonly missing: number;
  readonly pending: number;
  /** Accepted transactions per second over the sending window. */
  readonly acceptedPerSecond: number;
  /** Transactions decided valid per second, from the first send to the last decision. */
  readonly committedPerSecond: number;
  /** Accept → valid latency percentiles, ms (from the client's 202 to the node's decision). */
  readonly latencyMs: {
    readonly p50: number;
    readonly p95: number;
    readonly p99: number;
    readonly max: number;
  };
  readonly refusedByCode: Readonly<Record<string, number>>;
}

export function summarize(sent: readonly Sent[], fates: readonly Fate[]): LoadReport {
  const accepted = sent.filter((s) => s.httpStatus === 202);
  const refusedByCode: Record<string, number> = {};
  for (const s of sent) {
    if (s.httpStatus !== 202)
      refusedByCode[s.errorCode ?? `HTTP ${s.httpStatus}`] =
        (refusedByCode[s.errorCode ?? `HTTP ${s.httpStatus}`] ?? 0) + 1;
  }
  const ackAt = new Map(accepted.map((s) => [s.id, s.answeredAtMs]));
  const first = Math.min(...sent.map((s) => s.sentAtMs));
  const lastAck = Math.max(...accepted.map((s) => s.answeredAtMs));
  const valid = fates.filter((f) => f.status === 'valid');
  const lastDecision = Math.max(...valid.map((f) => f.decidedAtMs ?? 0));
  const latencies = valid
    .map((f) => (f.decidedAtMs ?? 0) - (ackAt.get(f.id) ?? 0))
    .map((ms) => Math.max(0, ms))
    .sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return {
    sent: sent.length,
    accepted: accepted.length,
    refused: sent.length - accepted.length,
    valid: valid.length,
    invalid: fates.filter((f) => f.status === 'invalid').length,
    missing: fates.filter((f) => f.status === 'missing').length,
    pending: fates.filter((f) => f.status === 'backlog' || f.status === 'undecided').length,
    acceptedPerSecond: accepted.length === 0 ? 0 : (accepted.length * 1000) / Math.max(1, lastAck - first),
    committedPerSecond: valid.length === 0 ? 0 : (valid.length * 1000) / Math.max(1, lastDecision - first),
    latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: latencies[latencies.length - 1] ?? 0 },
    refusedByCode,
  };
}

export function formatReport(r: LoadReport, label: string): string {
  const rows: [string, string][] = [
    ['sent', String(r.sent)],
    ['accepted (202)', String(r.accepted)],
    ['refused', `${r.refused}${r.refused ? ' ' + JSON.stringify(r.refusedByCode) : ''}`],
    ['valid / invalid / pending / missing', `${r.valid} / ${r.invalid} / ${r.pending} / ${r.missing}`],
    ['accepted per second', r.acceptedPerSecond.toFixed(0)],
    ['committed (valid) per second', r.committedPerSecond.toFixed(0)],
    [
      'accept→valid latency p50 / p95 / p99 / max (ms)',
      `${r.latencyMs.p50} / ${r.latencyMs.p95} / ${r.latencyMs.p99} / ${r.latencyMs.max}`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [`${label}`, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n');
}
