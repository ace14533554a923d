import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ed25519Backend } from '@bigchaindb-ts/core';

/** This machine's ceiling: Ed25519 verifications per second on all cores, through the node's verify. */
export interface VerifyCeiling {
  readonly perSecond: number;
  readonly threads: number;
  /** The core's Ed25519 implementation: `sodium-native` or `node:crypto`. */
  readonly backend: string;
  readonly seconds: number;
}

/**
 * Starts one worker thread per core; each verifies real signatures (256 distinct keys and 32-byte
 * messages, as transaction inputs sign) with the core's `verifyEd25519` for `seconds`, all at once,
 * and the rates are summed. Run it when nothing else of the benchmark runs: it is the yardstick
 * that committed transactions per second are divided by, so figures from different days and
 * machines compare.
 */
export async function measureVerifyCeiling(
  options: { seconds?: number; threads?: number } = {},
): Promise<VerifyCeiling> {
  const seconds = options.seconds ?? 3;
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const workers = Array.from(
    { length: threads },
    () =>
      new Worker(new URL('./ceiling-worker.js', import.meta.url), { workerData: { seconds, items: 256 } }),
  );
  try {
    // Every thread prepares its signatures first, then all start together.
    await Promise.all(
      workers.map((w) => new Promise((resolve, reject) => w.once('message', resolve).once('error', reject))),
    );
    const results = await Promise.all(
      workers.map(
        (w) =>
          new Promise<{ ops: number; failed: number; seconds: number }>((resolve, reject) => {
            w.once('message', resolve).once('error', reject);
            w.postMessage('go');
          }),
      ),
    );
    const failed = results.reduce((n, r) => n + r.failed, 0);
    if (failed > 0) throw new Error(`verify ceiling: ${failed} valid signatures failed to verify`);
    return {
      perSecond: results.reduce((sum, r) => sum + r.ops / r.seconds, 0),
      threads,
      backend: ed25519Backend,
      seconds,
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
