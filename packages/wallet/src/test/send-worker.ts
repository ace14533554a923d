// One of the concurrency test's workers: its own connection to the shared database, `count`
// internal sends between random accounts of one wallet, as fast as it can. Reports what it did.
import { parentPort, workerData } from 'node:worker_threads';
import { ConflictResolver, openDatabase, type DatabaseTarget } from '../db/index.js';
import { isWalletError } from '../errors.js';
import { WalletBook } from '../model/index.js';
import { coinMap, testCoin } from './databases.js';

interface Job {
  readonly target: DatabaseTarget;
  readonly accountIds: readonly string[];
  readonly count: number;
  readonly seed: number;
  readonly retries: number;
}

export interface WorkerReport {
  readonly sent: number;
  readonly refused: number;
  readonly unresolved: number;
  readonly retries: number;
  /** Net change of each account from this worker's committed sends. */
  readonly deltas: Record<string, bigint>;
}

const job = workerData as Job;
// A small deterministic generator, so a failing run can be replayed from its seed.
let state = job.seed >>> 0 || 1;
const random = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};

const db = await openDatabase(job.target);
const resolver = new ConflictResolver(db, job.retries, random);
const book = new WalletBook(resolver, { now: Date.now, coins: coinMap(testCoin), eventHandlers: [] });
const deltas: Record<string, bigint> = {};
let sent = 0;
let refused = 0;
let unresolved = 0;
for (let i = 0; i < job.count; i++) {
  const from = job.accountIds[Math.floor(random() * job.accountIds.length)]!;
  let to = job.accountIds[Math.floor(random() * job.accountIds.length)]!;
  if (to === from) to = job.accountIds[(job.accountIds.indexOf(from) + 1) % job.accountIds.length]!;
  const amount = BigInt(1 + Math.floor(random() * 5));
  try {
    await book.transaction((b) => b.sendInternal(from, to, amount, `worker ${job.seed} #${i}`));
    deltas[from] = (deltas[from] ?? 0n) - amount;
    deltas[to] = (deltas[to] ?? 0n) + amount;
    sent += 1;
  } catch (err) {
    if (isWalletError(err, 'NotEnoughAccountBalance')) refused += 1;
    else if (isWalletError(err, 'CannotResolveDatabaseConflict')) unresolved += 1;
    else throw err;
  }
}
await db.close();
const report: WorkerReport = { sent, refused, unresolved, retries: resolver.stats.retries, deltas };
parentPort?.postMessage(report);
