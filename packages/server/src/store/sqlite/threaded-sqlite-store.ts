import { Worker } from 'node:worker_threads';
import { systemClock, type Clock } from '../../model/index.js';
import { ConflictError, StoreError } from '../errors.js';
import type { LedgerIndex } from '../indexes/ledger-index.js';
import type { Store } from '../store.js';
import type { SqliteDatabase } from './sqlite-client.js';
import { SqliteStore } from './sqlite-store.js';
import type { WriterCall, WriterMethod, WriterReply, WriterWorkerData } from './writer-protocol.js';

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * The SQLite store for a node: reads run here, on this thread's connection, and the pipelines'
 * writes run on a second connection to the same file in a writer thread (`writer-worker.ts`).
 *
 * better-sqlite3 is synchronous, so a block's commit on the event loop stalled every request for
 * its duration (a 400-transaction block: ~35 ms; the loop's delay reached 150 ms at 3,000 tx/s).
 * In WAL mode readers never wait for the writer and see each write once it has committed, which
 * is when its promise resolves here: a caller that awaited a write reads what it wrote. Rare
 * writes (`init`, `drop`, and `reassignStale`, whose callback cannot cross threads) stay on this
 * connection and wait for the writer's lock through `busy_timeout`; the writer's prepared
 * statements recompile by themselves after a schema change.
 */
export class ThreadedSqliteStore extends SqliteStore implements Store {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #clock: Clock;
  #seq = 0;
  #failed: Error | null = null;

  /** Every index in `options.indexes` must name its `source`, so the writer thread can import it too. */
  constructor(
    db: SqliteDatabase,
    path: string,
    options: { clock?: Clock; indexes?: readonly LedgerIndex[]; walCheckpointPages?: number } = {},
  ) {
    super(db, options);
    this.#clock = options.clock ?? systemClock;
    const indexes = (options.indexes ?? []).map((index) => {
      if (index.source === undefined)
        throw new StoreError(
          'invalid_argument',
          `ledger index "${index.name}" has no source for the SQLite writer thread to import it from`,
        );
      return { name: index.name, module: index.source.module, exportName: index.source.exportName };
    });
    this.#worker = new Worker(new URL('./writer-worker.js', import.meta.url), {
      workerData: {
        path,
        indexes,
        ...(options.walCheckpointPages === undefined
          ? {}
          : { walCheckpointPages: options.walCheckpointPages }),
      } satisfies WriterWorkerData,
    });
    this.#worker.on('message', (reply: WriterReply) => this.#settle(reply));
    this.#worker.on('error', (err) => this.#fail(err));
    this.#worker.on('exit', (code) => this.#fail(new Error(`the SQLite writer thread exited (${code})`)));
    // Idle, it must not keep a finished process alive; with calls in flight it must.
    this.#worker.unref();
  }

  override addToBacklog(...args: Parameters<Store['addToBacklog']>): ReturnType<Store['addToBacklog']> {
    return this.#call('addToBacklog', args) as ReturnType<Store['addToBacklog']>;
  }

  override writeBlock(...args: Parameters<Store['writeBlock']>): ReturnType<Store['writeBlock']> {
    return this.#call('writeBlock', args) as ReturnType<Store['writeBlock']>;
  }

  override decideBlock(...args: Parameters<Store['decideBlock']>): ReturnType<Store['decideBlock']> {
    return this.#call('decideBlock', args) as ReturnType<Store['decideBlock']>;
  }

  override rejectTransactions(
    ...args: Parameters<Store['rejectTransactions']>
  ): ReturnType<Store['rejectTransactions']> {
    return this.#call('rejectTransactions', args) as ReturnType<Store['rejectTransactions']>;
  }

  override writeVotes(...args: Parameters<Store['writeVotes']>): ReturnType<Store['writeVotes']> {
    return this.#call('writeVotes', args) as ReturnType<Store['writeVotes']>;
  }

  override async close(): Promise<void> {
    // Calls already sent finish first; the writer's connection closes with its thread.
    while (this.#pending.size > 0 && this.#failed === null) await new Promise((r) => setTimeout(r, 5));
    this.#failed ??= new StoreError('unavailable', 'the store is closed');
    // Referenced while it stops, so its exit is waited for (WorkerPool.close also holds the loop
    // with a timer: there the reference alone was not enough; here no failure has been seen).
    this.#worker.ref();
    await this.#worker.terminate();
    await super.close();
  }

  #call(method: WriterMethod, args: readonly unknown[]): Promise<unknown> {
    if (this.#failed) return Promise.reject(this.#failed);
    const seq = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(seq, { resolve, reject });
      if (this.#pending.size === 1) this.#worker.ref();
      const call: WriterCall = { seq, method, args, nowMs: this.#clock.nowMs() };
      this.#worker.postMessage(call);
    });
  }

  #settle(reply: WriterReply): void {
    const pending = this.#pending.get(reply.seq);
    if (!pending) return;
    this.#pending.delete(reply.seq);
    if (this.#pending.size === 0) this.#worker.unref();
    if (reply.ok) {
      pending.resolve(reply.value);
      return;
    }
    const e = reply.error;
    if (e.kind === 'conflict') pending.reject(new ConflictError(e.txs, e.spends, e.claims));
    else if (e.kind === 'store') pending.reject(new StoreError(e.code, e.message));
    else pending.reject(new Error(e.message));
  }

  #fail(err: Error): void {
    if (this.#failed) return;
    this.#failed = new StoreError('unavailable', `the SQLite writer thread failed: ${err.message}`, {
      cause: err,
    });
    for (const p of this.#pending.values()) p.reject(this.#failed);
    this.#pending.clear();
  }
}
