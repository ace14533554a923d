// Helpers for the node's tests: a Bigchain with test-friendly defaults, a store wrapper that injects
// failures into chosen methods (to hold the pipelines at a stage, or to "crash" them), a stand-in
// federation member that only votes, and bounded polling of statuses.
import {
  defaultLimits,
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  signTransaction,
  type Keypair,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import { pino } from 'pino';
import { BaseConsensusRules } from '../../consensus/index.js';
import { createVote, systemClock, unixTimestamp, type Block, type Clock } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { waitFor } from '@bigchaindb-ts/testing';
import { Bigchain, type BigchainOptions } from '../bigchain.js';

export const silentLogger = pino({ level: 'silent' });

/** A node on `store` with everything on the main thread and short pipeline intervals. */
export function makeBigchain(
  store: Store,
  keypair: Keypair,
  overrides: Partial<Omit<BigchainOptions, 'store' | 'keypair'>> = {},
): Bigchain {
  return new Bigchain({
    store,
    keypair,
    keyring: [],
    rules: new BaseConsensusRules(),
    clock: systemClock,
    limits: defaultLimits,
    logger: silentLogger,
    threads: 0,
    blockTxCountMax: 1000,
    flushIntervalMs: 5,
    backlogReassignDelayMs: 30_000,
    voteQuorum: 'majority',
    commitWaitMs: 20_000,
    pollIntervalMs: 20,
    ...overrides,
  });
}

/**
 * Wraps a store so that the methods named in `failing` reject with an injected error. The node's
 * pipelines log the failure and retry on their next tick, so failing `writeBlock` holds
 * transactions in the backlog and failing `writeVotes` holds blocks undecided; clearing the set
 * lets them move on. A failure also stands in for a crash at that point: nothing was written.
 */
export class FaultyStore {
  readonly failing = new Set<keyof Store>();
  /** How many calls failed, by method. */
  readonly faults = new Map<keyof Store, number>();
  readonly store: Store;
  constructor(inner: Store) {
    this.store = new Proxy(inner, {
      get: (target, prop, receiver) => {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]): unknown => {
          const name = prop as keyof Store;
          if (this.failing.has(name)) {
            this.faults.set(name, (this.faults.get(name) ?? 0) + 1);
            return Promise.reject(new Error(`injected fault: ${String(prop)}`));
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  /** Waits until `method` has failed `count` more times than now: proof a pipeline tried and was held. */
  async heldAt(method: keyof Store, count = 2): Promise<void> {
    const target = (this.faults.get(method) ?? 0) + count;
    await waitFor(`${method} to be tried`, () =>
      Promise.resolve((this.faults.get(method) ?? 0) >= target ? true : undefined),
    );
  }
}

/**
 * A federation member that is up only to vote: it signs a vote (valid, unless `judge` says
 * otherwise) on every block it has not voted on yet. It never makes blocks, so its backlog stays
 * where it is unless the stale monitor of a live member moves it.
 */
export class PeerVoter {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  constructor(
    private readonly store: Store,
    readonly keypair: Keypair,
    private readonly judge: (block: Block) => boolean = () => true,
    private readonly clock: Clock = systemClock,
  ) {}

  start(): this {
    this.timer = setInterval(() => void this.tick(), 15);
    return this;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 5));
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const blocks = await this.store.getUnvotedBlocks(this.keypair.publicKey, { limit: 50 });
      const votes = blocks.map((b) =>
        createVote(this.keypair, {
          voting_for_block: b.block.id,
          previous_block: b.block.id,
          is_block_valid: this.judge(b.block),
          invalid_reason: null,
          timestamp: unixTimestamp(this.clock),
        }),
      );
      if (votes.length > 0) await this.store.writeVotes(votes);
    } catch {
      // The store may be closing at the end of a test; the next tick tries again.
    } finally {
      this.running = false;
    }
  }
}

export type Status = 'backlog' | 'undecided' | 'valid' | 'invalid';

/** Waits until the transaction's status is one of `wanted`; returns the status record. */
export async function waitForStatus(
  node: Bigchain,
  id: string,
  wanted: Status | readonly Status[],
  timeoutMs = 15_000,
) {
  const set = new Set<string>(typeof wanted === 'string' ? [wanted] : wanted);
  let last: string | undefined;
  let why = '';
  try {
    return await waitFor(
      `${id} to become ${[...set].join(' or ')}`,
      async () => {
        const s = await node.reads.getStatus(id);
        last = s?.status;
        why = s?.reasonCode ? ` ${s.reasonCode}: ${s.reason ?? ''}` : '';
        return s && set.has(s.status) ? s : undefined;
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message} (last status: ${last ?? 'unknown'}${why})`, { cause: err });
  }
}

/** Submits a signed transaction as the HTTP layer would: JSON text. */
export function submit(node: Bigchain, tx: SignedTransaction, mode: 'async' | 'sync' | 'commit' = 'async') {
  return node.submit(JSON.stringify(tx), mode);
}

/** A CREATE of `amount` owned by `owner`, with a random nonce so every call is a new asset. */
export function createTx(
  owner: Keypair,
  metadata: Record<string, unknown> | null = null,
  amount = '1',
): SignedTransaction {
  const data = { nonce: generateKeypair().publicKey };
  return signTransaction(
    makeCreateTransaction(data, metadata, [makeOwnerOutput(owner.publicKey, amount)], [owner.publicKey]),
    owner.privateKey,
  );
}

/** A TRANSFER of output `outputIndex` of `tx` (owned by `from`) to `to`. */
export function transferTx(
  tx: SignedTransaction,
  from: Keypair,
  to: Keypair,
  metadata: Record<string, unknown> | null = null,
  outputIndex = 0,
): SignedTransaction {
  const amount = tx.outputs[outputIndex]?.amount ?? '1';
  return signTransaction(
    makeTransferTransaction([{ tx, outputIndex }], [makeOwnerOutput(to.publicKey, amount)], metadata),
    from.privateKey,
  );
}
