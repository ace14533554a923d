import { availableParallelism } from 'node:os';
import type { Limits } from '@bigchaindb-ts/core';
import { WorkerPool } from './worker-pool.js';
import { verifyOne, type VerifyRequest, type VerifyResult } from './verify-worker.js';

/**
 * Phase 1 of validation for the node, on `threads` worker threads (0 = on the calling thread, for
 * tests and tiny deployments). A node never verifies the same transaction twice: callers keep the
 * ids that passed (see `Bigchain.verified`).
 */
export class StatelessValidator {
  private readonly pool: WorkerPool<VerifyRequest, VerifyResult> | undefined;

  constructor(
    private readonly limits: Limits,
    threads: number,
  ) {
    this.pool =
      threads > 0
        ? new WorkerPool({ script: new URL('./verify-worker.js', import.meta.url), size: threads })
        : undefined;
  }

  /** Default thread count: one per core, since HTTP and the store mostly wait on I/O. */
  static defaultThreads(): number {
    return Math.max(1, availableParallelism());
  }

  validate(text: string, nowMs: number): Promise<VerifyResult> {
    const req: VerifyRequest = { text, nowMs, limits: this.limits };
    return this.pool ? this.pool.run(req) : Promise.resolve(verifyOne(req));
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
