import { loadavg } from 'node:os';
import { measureVerifyCeiling, type VerifyCeiling } from './ceiling.js';
import { classify, countOutputsSpentTwice, crossCheckOutputs } from './checks.js';
import { collectDecisions } from './collect.js';
import { Fate, RunRecord } from './record.js';
import { rates, type LoadResult } from './report.js';
import { RssSampler } from './rss.js';
import { sendWorkload, type SendMode } from './send.js';
import type { Workload } from './workload.js';

export interface MeasureOptions {
  readonly label: string;
  /** API roots of the nodes to send to (streams dealt round-robin); fates are read from the first. */
  readonly targets: readonly string[];
  /** Signed before this is called (signing is never timed). */
  readonly workload: Workload;
  readonly concurrency: number;
  readonly connections?: number;
  readonly rate: number | null;
  readonly mode: SendMode;
  /** Stop sending after this many seconds (null: send the whole workload). */
  readonly durationSeconds?: number | null;
  /** Seconds of the verify-ceiling window, measured first (0: skip; or pass `ceiling`). */
  readonly ceilingSeconds?: number;
  readonly ceiling?: VerifyCeiling;
  /** Node processes whose resident set is sampled (Linux). */
  readonly pids?: readonly number[];
  /** Idle seconds after the run during which the resident set is still sampled (default 10). */
  readonly idleSeconds?: number;
  /** Ask the node which outputs are unspent for a few workload keys (default true). */
  readonly crossCheck?: boolean;
  /** Progress text (a status line, not a result). */
  readonly onProgress?: (text: string) => void;
}

/**
 * One measured run, the same for `bigchaindb load`, bench/node.mjs and bench/federation.mjs:
 * the verify ceiling (alone on the machine), then the load with the node's memory sampled, the
 * fates of everything accepted, an idle time for memory, and the correctness checks.
 */
export async function measureLoad(options: MeasureOptions): Promise<LoadResult> {
  const { workload } = options;
  const progress = options.onProgress ?? (() => undefined);
  let ceiling = options.ceiling ?? null;
  if (!ceiling && (options.ceilingSeconds ?? 3) > 0) {
    progress(`${options.label}: measuring the Ed25519 verify ceiling`);
    ceiling = await measureVerifyCeiling({ seconds: options.ceilingSeconds ?? 3 });
  }
  const record = new RunRecord(workload.size);
  const sampler = new RssSampler(options.pids ?? []);
  const sampling = sampler.available;
  if (sampling) sampler.start();

  const cpuBefore = process.cpuUsage();
  const sent = await sendWorkload({
    targets: options.targets,
    workload,
    record,
    concurrency: options.concurrency,
    ...(options.connections === undefined ? {} : { connections: options.connections }),
    rate: options.rate,
    mode: options.mode,
    durationMs: options.durationSeconds ? options.durationSeconds * 1000 : null,
    onProgress: (n) => progress(`${options.label}: sent ${n}/${workload.size}`),
  });
  const cpu = process.cpuUsage(cpuBefore);

  const accepted: number[] = [];
  for (let i = 0; i < workload.size; i++) if (record.accepted(i)) accepted.push(i);
  await collectDecisions(options.targets[0]!, (i) => workload.id(i), Int32Array.from(accepted), record, {
    onProgress: (n, of) => progress(`${options.label}: decided ${n}/${of}`),
  });
  let rss = null;
  if (sampling) {
    const idle = options.idleSeconds ?? 10;
    progress(`${options.label}: ${idle} s idle, sampling the node's memory`);
    sampler.runEnd();
    rss = (await sampler.finish(idle)) ?? null;
  }

  const outcome = classify(workload, record);
  const outputsSpentTwice = countOutputsSpentTwice(
    workload.spendTx,
    workload.spendOut,
    (i) => record.fate[i] === Fate.valid,
  );
  const outputs =
    options.crossCheck === false ? null : await crossCheckOutputs(options.targets[0]!, workload, record);
  const r = rates(workload, record, sent);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    label: options.label,
    workload: workload.description,
    mode: options.mode,
    concurrency: options.concurrency,
    connections: sent.connections,
    pipelining: sent.pipelining,
    rate: options.rate,
    durationSeconds: options.durationSeconds ?? null,
    outcome,
    ...r,
    checks: {
      ok:
        outcome.missing === 0 &&
        outcome.pending === 0 &&
        outcome.unexpected === 0 &&
        outputsSpentTwice === 0 &&
        (outputs === null || outputs.listedButSpent === 0),
      outputsSpentTwice,
      outputs,
    },
    client: {
      cpuSeconds,
      requests: sent.requests,
      usPerRequest: sent.requests === 0 ? 0 : (cpuSeconds * 1e6) / sent.requests,
    },
    ceiling,
    committedOverCeiling: ceiling ? r.steady.committedPerSecond / ceiling.perSecond : null,
    rss,
    loadAverage: loadavg()[0]!,
  };
}
