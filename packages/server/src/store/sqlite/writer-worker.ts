import assert from 'node:assert/strict';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { LedgerIndex } from '../indexes/ledger-index.js';
import { ConflictError, StoreError } from '../errors.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from '../store.js';
import {
  writerCacheKiB,
  type WriterCall,
  type WriterMethod,
  type WriterReply,
  type WriterWorkerData,
} from './writer-protocol.js';

/**
 * The SQLite writer thread: owns the connection that makes the pipelines' writes, so their
 * commits (tens of milliseconds for a large block) never block the node's event loop. Calls run
 * one at a time, in the order they were sent, at the caller's clock reading.
 */
const { path, indexes: sources, walCheckpointPages } = workerData as WriterWorkerData;
let nowMs = Date.now();
const port = parentPort!;

/** The plugin indexes, imported here from the modules that export them. */
async function importIndexes(): Promise<LedgerIndex[]> {
  const indexes: LedgerIndex[] = [];
  for (const source of sources) {
    const module = (await import(source.module)) as Record<string, unknown>;
    const index = module[source.exportName] as LedgerIndex | undefined;
    assert.ok(index !== undefined, `${source.module} exports no ${source.exportName}`);
    assert.equal(index.name, source.name, `${source.module}#${source.exportName} is another index`);
    indexes.push(index);
  }
  return indexes;
}

// The writer touches every index of the ledger; its cache is what keeps those pages at hand.
// Calls that arrive while the indexes load wait for them, in the order they came.
const ready = importIndexes().then(
  (indexes) =>
    new SqliteStore(new Database(path), {
      clock: { nowMs: () => nowMs },
      cacheKiB: writerCacheKiB,
      indexes,
      ...(walCheckpointPages === undefined ? {} : { walCheckpointPages }),
    }),
);

type Args<M extends WriterMethod> = Parameters<Store[M]>;
const run: { [M in WriterMethod]: (store: SqliteStore, args: Args<M>) => Promise<unknown> } = {
  addToBacklog: (store, a) => store.addToBacklog(...a),
  writeBlock: (store, a) => store.writeBlock(...a),
  decideBlock: (store, a) => store.decideBlock(...a),
  rejectTransactions: (store, a) => store.rejectTransactions(...a),
  writeVotes: (store, a) => store.writeVotes(...a),
};

port.on('message', (call: WriterCall) => {
  const reply = ready.then((store) => {
    // Each call runs synchronously to its commit, so the clock reading is its own.
    nowMs = call.nowMs;
    return run[call.method](store, call.args as never);
  });
  void reply
    .then(
      (value): WriterReply => ({ seq: call.seq, ok: true, value }),
      (err: unknown): WriterReply => ({ seq: call.seq, ok: false, error: describe(err) }),
    )
    .then((r) => port.postMessage(r));
});

function describe(err: unknown): Extract<WriterReply, { ok: false }>['error'] {
  if (err instanceof ConflictError)
    return { kind: 'conflict', txs: err.txs, spends: err.spends, claims: err.claims };
  if (err instanceof StoreError) return { kind: 'store', code: err.code, message: err.message };
  return { kind: 'other', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}
