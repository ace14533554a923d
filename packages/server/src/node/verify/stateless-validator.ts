import { availableParallelism } from 'node:os';
import type { Limits, SignedTransaction } from '@bigchaindb-ts/core';
import { WorkerPool, type WorkerPoolStats } from './worker-pool.js';
import {
  verifyOne,
  type VerifyRequest,
  type VerifyResult,
  type VerifyWorkerData,
  type WorkerVerifyResult,
} from './verify-worker.js';

/**
 * Phase 1 of validation for the node, on `threads` worker threads (0 = on the calling thread, for
 * tests and tiny deployments). A node never verifies the same transaction twice: callers keep the
 * ids that passed (see `Bigchain.verified`).
 */
export class StatelessValidator {
  private readonly pool: WorkerPool<VerifyRequest, WorkerVerifyResult> | undefined;

  constructor(
    private readonly limits: Limits,
    threads: number,
  ) {
    this.pool =
      threads > 0
        ? new WorkerPool({
            script: new URL('./verify-worker.js', import.meta.url),
            size: threads,
            workerData: { limits } satisfies VerifyWorkerData,
          })
        : undefined;
  }

  /** Default thread count: one per core, since HTTP and the store mostly wait on I/O. */
  static defaultThreads(): number {
    return Math.max(1, availableParallelism());
  }

  /** The worker pool's load; all zeros when verification runs on the main thread (`threads` 0). */
  poolStats(): WorkerPoolStats {
    return this.pool?.stats() ?? { queued: 0, inFlight: 0, busyWorkers: 0, workers: 0 };
  }

  validate(text: string, nowMs: number): Promise<VerifyResult> {
    const req: VerifyRequest = { text, nowMs };
    if (!this.pool) return Promise.resolve(verifyOne(req, this.limits));
    return this.pool.run(req).then((r): VerifyResult => {
      if (!r.ok) return r;
      // The worker parsed this very text and checked the result; it answers without the object.
      const tx = JSON.parse(text) as SignedTransaction;
      return {
        ok: true,
        checked: { tx, inputConditionUris: r.inputConditionUris, clockDependent: r.clockDependent },
      };
    });
  }

  /**
   * Phase 1 of a transaction the caller already holds parsed (a dump's block line, say): the
   * worker checks its JSON text, and the answer carries the caller's own object instead of a
   * second parse on the calling thread. The object must be plain JSON data (it came from
   * `JSON.parse`), so the text is exactly what it holds.
   */
  validateParsed(tx: SignedTransaction, nowMs: number): Promise<VerifyResult> {
    const req: VerifyRequest = { text: JSON.stringify(tx), nowMs };
    if (!this.pool) return Promise.resolve(verifyOne(req, this.limits));
    return this.pool.run(req).then((r): VerifyResult => {
      if (!r.ok) return r;
      return {
        ok: true,
        checked: { tx, inputConditionUris: r.inputConditionUris, clockDependent: r.clockDependent },
      };
    });
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
