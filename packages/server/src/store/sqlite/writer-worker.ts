import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
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
const { path } = workerData as WriterWorkerData;
let nowMs = Date.now();
// The writer touches every index of the ledger; its cache is what keeps those pages at hand.
const store = new SqliteStore(new Database(path), {
  clock: { nowMs: () => nowMs },
  cacheKiB: writerCacheKiB,
});
const port = parentPort!;

type Args<M extends WriterMethod> = Parameters<Store[M]>;
const run: { [M in WriterMethod]: (args: Args<M>) => Promise<unknown> } = {
  addToBacklog: (a) => store.addToBacklog(...a),
  writeBlock: (a) => store.writeBlock(...a),
  decideBlock: (a) => store.decideBlock(...a),
  rejectTransactions: (a) => store.rejectTransactions(...a),
  writeVotes: (a) => store.writeVotes(...a),
};

port.on('message', (call: WriterCall) => {
  nowMs = call.nowMs;
  let reply: Promise<WriterReply>;
  try {
    reply = run[call.method](call.args as never).then(
      (value): WriterReply => ({ seq: call.seq, ok: true, value }),
      (err: unknown): WriterReply => ({ seq: call.seq, ok: false, error: describe(err) }),
    );
  } catch (err) {
    reply = Promise.resolve({ seq: call.seq, ok: false, error: describe(err) });
  }
  void reply.then((r) => port.postMessage(r));
});

function describe(err: unknown): Extract<WriterReply, { ok: false }>['error'] {
  if (err instanceof ConflictError) return { kind: 'conflict', txs: err.txs, spends: err.spends };
  if (err instanceof StoreError) return { kind: 'store', code: err.code, message: err.message };
  return { kind: 'other', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}
