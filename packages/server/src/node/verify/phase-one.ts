import { BoundedCache, type CheckedTransaction, type SignedTransaction } from '@bigchaindb-ts/core';
import type { Clock } from '../../model/index.js';
import { checkedCacheSize } from '../constants.js';
import { StatelessValidator } from './stateless-validator.js';
import type { VerifyResult } from './verify-worker.js';
import type { WorkerPoolStats } from './worker-pool.js';

/** A transaction refused by a check, with its reason: what a block maker rejects or a voter votes on. */
export interface TxRejection {
  readonly txId: string;
  readonly code: string;
  readonly reason: string;
}

/**
 * Phase 1 (schema, id, every fulfillment) for the whole node, with a memory: a transaction this
 * process verified is never verified again when a block is made of it or voted on. Bounded; a
 * miss only costs a re-verification. Results that depend on the clock (timeouts) are not reused.
 */
export class PhaseOne {
  readonly #validator: StatelessValidator;
  readonly #checked = new BoundedCache<string, CheckedTransaction>(checkedCacheSize);

  constructor(
    validator: StatelessValidator,
    private readonly clock: Clock,
  ) {
    this.#validator = validator;
  }

  /** Checks a posted text; the caller remembers it (`remember`) once it is accepted. */
  check(text: string): Promise<VerifyResult> {
    return this.#validator.validate(text, this.clock.nowMs());
  }

  remember(checked: CheckedTransaction): void {
    this.#checked.set(checked.tx.id, checked);
  }

  /** The phase-1 result of a transaction this process verified, if it still remembers it. */
  known(id: string): CheckedTransaction | undefined {
    return this.#checked.get(id);
  }

  has(id: string): boolean {
    return this.#checked.has(id);
  }

  /**
   * Phase 1 for a batch: reuses what this process verified, and verifies (in the worker pool)
   * only what it has not seen: after a restart, from another member, or clock-dependent. Refused
   * transactions are appended to `rejections` and left out of the answer.
   */
  async checkAll(
    txs: readonly SignedTransaction[],
    rejections: TxRejection[],
  ): Promise<CheckedTransaction[]> {
    const nowMs = this.clock.nowMs();
    const out = await Promise.all(
      txs.map(async (tx): Promise<CheckedTransaction | undefined> => {
        const known = this.#checked.get(tx.id);
        if (known && !known.clockDependent) return known;
        const res = await this.#validator.validate(JSON.stringify(tx), nowMs);
        if (res.ok) {
          this.#checked.set(tx.id, res.checked);
          return res.checked;
        }
        rejections.push({ txId: tx.id, code: res.code, reason: res.message });
        return undefined;
      }),
    );
    return out.filter((c): c is CheckedTransaction => c !== undefined);
  }

  /** The verification worker pool's load, for metrics (read-only). */
  poolStats(): WorkerPoolStats {
    return this.#validator.poolStats();
  }

  close(): Promise<void> {
    return this.#validator.close();
  }
}
