import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { generateKeypair, inputLinks, type SignedTransaction } from '@bigchaindb-ts/core';
import { UnitBuilder, type BuildSpec, type BuiltBatch } from './build.js';
import { planWorkload, unitRoles, type Plan, type WorkloadKind } from './plan.js';

export type { WorkloadKind } from './plan.js';

/** Transactions that must be sent one after another, each once the previous one was accepted. */
export type Stream = readonly SignedTransaction[];

export interface WorkloadOptions {
  readonly kind: WorkloadKind;
  /** Transactions in all, conflicts included. */
  readonly count: number;
  /** Length of each transfer chain, CREATE included (default 10). */
  readonly chainLength?: number;
  /** Fraction of the transactions that are deliberate double spends (default 0). */
  readonly conflicts?: number;
  /** Owners of every output (default 1); with more, outputs are joint (see `threshold`). */
  readonly owners?: number;
  /** Signatures needed to spend a joint output (default: all owners). */
  readonly threshold?: number;
  /** Divisible assets: amounts of 1,000,000 split at every transfer (default false). */
  readonly divisible?: boolean;
  /** Signing threads (default: one per core); 1 signs in this thread. */
  readonly threads?: number;
  /** Called now and then with how many transactions are signed. */
  readonly onProgress?: (made: number, total: number) => void;
}

/**
 * A signed workload, kept compact so that a million transactions fit: per transaction only its id,
 * its serialized body (outside the JS heap), the output it spends and whether it is a deliberate
 * double spend. Stream `s` is transactions `streamStart[s]` to `streamStart[s + 1] - 1`.
 */
export class Workload {
  constructor(
    /** 64 hex characters per transaction. */
    private readonly idBytes: Buffer,
    private readonly bodyChunks: readonly Buffer[],
    private readonly bodyChunk: Int32Array,
    private readonly bodyStart: Int32Array,
    private readonly bodyEnd: Int32Array,
    /** Index of the transaction whose output this one spends (one input each), -1 for a CREATE. */
    readonly spendTx: Int32Array,
    readonly spendOut: Int32Array,
    /** 1 for a deliberate double spend. */
    readonly conflict: Uint8Array,
    readonly streamStart: Int32Array,
    /** Keys whose outputs only this workload's chains hold, for the server-side outputs check. */
    readonly chainKeys: readonly string[],
    /** What was asked for, for the report. */
    readonly description: string,
  ) {}

  get size(): number {
    return this.spendTx.length;
  }

  get streams(): number {
    return this.streamStart.length - 1;
  }

  get conflicts(): number {
    return this.conflict.reduce((n, c) => n + c, 0);
  }

  id(i: number): string {
    return this.idBytes.toString('latin1', i * 64, i * 64 + 64);
  }

  body(i: number): Buffer {
    return this.bodyChunks[this.bodyChunk[i]!]!.subarray(this.bodyStart[i], this.bodyEnd[i]);
  }

  /** A workload of given signed transactions (each stream sent in order); spends are found by id. */
  static fromStreams(streams: readonly Stream[], description = 'given transactions'): Workload {
    const txs = streams.flat();
    const index = new Map(txs.map((tx, i) => [tx.id, i]));
    const body = Buffer.from(txs.map((tx) => JSON.stringify(tx)).join(''));
    const bodyStart = new Int32Array(txs.length);
    const bodyEnd = new Int32Array(txs.length);
    let at = 0;
    txs.forEach((tx, i) => {
      bodyStart[i] = at;
      at += Buffer.byteLength(JSON.stringify(tx));
      bodyEnd[i] = at;
    });
    const spendTx = new Int32Array(txs.length).fill(-1);
    const spendOut = new Int32Array(txs.length);
    const owners = new Set<string>();
    txs.forEach((tx, i) => {
      const link = inputLinks(tx)[0];
      if (link === undefined) return;
      spendTx[i] = index.get(link.transaction_id) ?? -1;
      spendOut[i] = link.output_index;
      for (const o of tx.outputs) for (const k of o.public_keys ?? []) owners.add(k);
    });
    const streamStart = new Int32Array(streams.length + 1);
    streams.forEach((s, i) => (streamStart[i + 1] = streamStart[i]! + s.length));
    return new Workload(
      Buffer.from(txs.map((tx) => tx.id).join(''), 'latin1'),
      [body],
      new Int32Array(txs.length),
      bodyStart,
      bodyEnd,
      spendTx,
      spendOut,
      new Uint8Array(txs.length),
      streamStart,
      [...owners],
      description,
    );
  }
}

/** Describes workload options in the words of the `bigchaindb load` flags. */
export function describeWorkload(o: WorkloadOptions): string {
  return [
    `${o.count} ${o.kind}`,
    o.kind === 'create' ? '' : `chains of ${o.chainLength ?? 10}`,
    o.conflicts ? `${(o.conflicts * 100).toFixed(1)}% conflicts` : '',
    (o.owners ?? 1) > 1 ? `${o.threshold ?? o.owners}-of-${o.owners} owners` : '',
    o.divisible ? 'divisible' : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** Transactions per signing batch (a worker's unit of work and of progress). */
const batchSize = 2000;

/**
 * Plans and signs a workload, before any timing starts. Units are signed in batches by worker
 * threads (one per core by default; signing runs at ~10,000 transactions per second per thread).
 */
export async function makeWorkload(options: WorkloadOptions): Promise<Workload> {
  const plan = planWorkload(options);
  const spec = buildSpec(plan, options);
  const total = plan.unitStart[plan.unitLength.length]!;
  const batches: [number, number][] = [];
  for (let u = 0; u < plan.unitLength.length;) {
    const from = u;
    while (u < plan.unitLength.length && plan.unitStart[u]! - plan.unitStart[from]! < batchSize) u++;
    batches.push([from, u]);
  }
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), batches.length));
  const built: BuiltBatch[] = [];
  let made = 0;
  const done = (b: BuiltBatch) => {
    built.push(b);
    made += plan.unitStart[b.toUnit]! - plan.unitStart[b.fromUnit]!;
    options.onProgress?.(made, total);
  };
  if (threads === 1) {
    const builder = new UnitBuilder(spec);
    for (const [from, to] of batches) {
      done(builder.batch(from, to));
      // Lets progress output and signals through between batches.
      await new Promise((r) => setImmediate(r));
    }
  } else {
    await signInWorkers(spec, batches, threads, done);
  }
  return assemble(plan, spec, built, describeWorkload(options));
}

function buildSpec(plan: Plan, options: WorkloadOptions): BuildSpec {
  const owners = Math.floor(options.owners ?? 1);
  const threshold = Math.floor(options.threshold ?? owners);
  if (owners < 1 || owners > 8) throw new RangeError('owners must be 1 to 8');
  if (threshold < 1 || threshold > owners)
    throw new RangeError('threshold must be 1 to the number of owners');
  // At most 49 keys in all: the core keeps 64 imported signing keys, so none is imported twice.
  const groups = Math.max(2, Math.min(16, Math.floor(48 / (2 * owners))));
  const keys = Array.from({ length: 2 * groups * owners + 1 }, () => generateKeypair());
  const group = (g: number) => keys.slice(g * owners, (g + 1) * owners).map((k) => k.publicKey);
  return {
    run: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
    keys,
    chainGroups: Array.from({ length: groups }, (_, g) => group(g)),
    createGroups: Array.from({ length: groups }, (_, g) => group(groups + g)),
    sink: keys[keys.length - 1]!.publicKey,
    threshold,
    divisible: options.divisible ?? false,
    unitLength: plan.unitLength,
    unitConflicts: plan.unitConflicts,
  };
}

async function signInWorkers(
  spec: BuildSpec,
  batches: readonly [number, number][],
  threads: number,
  done: (b: BuiltBatch) => void,
): Promise<void> {
  let next = 0;
  const workers = Array.from(
    { length: threads },
    () => new Worker(new URL('./workload-worker.js', import.meta.url), { workerData: spec }),
  );
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              const batch = batches[next++];
              if (batch === undefined) return resolve();
              worker.postMessage(batch);
            };
            worker.on('message', (b: BuiltBatch) => {
              done(b);
              give();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (next <= batches.length) reject(new Error(`signing worker exited with ${code}`));
            });
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function assemble(plan: Plan, spec: BuildSpec, built: BuiltBatch[], description: string): Workload {
  const units = plan.unitLength.length;
  const total = plan.unitStart[units]!;
  const ids = Buffer.allocUnsafeSlow(total * 64);
  const bodyChunk = new Int32Array(total);
  const bodyStart = new Int32Array(total);
  const bodyEnd = new Int32Array(total);
  const chunks: Buffer[] = [];
  for (const b of built) {
    const first = plan.unitStart[b.fromUnit]!;
    const n = plan.unitStart[b.toUnit]! - first;
    if (b.offsets.length !== n + 1) throw new Error('signing batch does not match the plan');
    Buffer.from(b.ids.buffer, b.ids.byteOffset, b.ids.byteLength).copy(ids, first * 64);
    const chunk = chunks.push(Buffer.from(b.bodies.buffer, b.bodies.byteOffset, b.bodies.byteLength)) - 1;
    for (let k = 0; k < n; k++) {
      bodyChunk[first + k] = chunk;
      bodyStart[first + k] = b.offsets[k]!;
      bodyEnd[first + k] = b.offsets[k + 1]!;
    }
  }
  const spendTx = new Int32Array(total).fill(-1);
  const spendOut = new Int32Array(total);
  const conflict = new Uint8Array(total);
  for (let u = 0; u < units; u++) {
    const start = plan.unitStart[u]!;
    unitRoles(plan.unitLength[u]!, plan.unitConflicts[u]!).forEach((role, k) => {
      if (role.spends >= 0) spendTx[start + k] = start + role.spends;
      if (role.conflict) conflict[start + k] = 1;
    });
  }
  return new Workload(
    ids,
    chunks,
    bodyChunk,
    bodyStart,
    bodyEnd,
    spendTx,
    spendOut,
    conflict,
    plan.unitStart,
    spec.chainGroups.flat(),
    description,
  );
}
