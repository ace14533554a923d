import assert from 'node:assert/strict';
import type { RulesChain } from '../consensus/index.js';
import type { Clock, Vote } from '../model/index.js';
import type { Store } from '../store/index.js';
import type { DumpBlockLine } from './format.js';
import type { Progress } from './progress.js';
import { ChainVerifier, DumpRefusal, type ChainSummary } from './verify.js';

/** Votes are written in batches of this many (one store transaction each). */
const voteBatch = 5_000;
/** Blocks checked but not yet written, at most. */
const writesAhead = 4;

/** Checks every file (as `verifyChain` does) without writing. */
export async function verifyChain(
  files: readonly string[],
  rules: RulesChain,
  progress?: Progress,
): Promise<ChainSummary> {
  assert.ok(files.length > 0, 'no file to verify');
  const verifier = new ChainVerifier(rules);
  try {
    for (const file of files) await verifier.verifyFile(file, undefined, progress);
    return verifier.finish();
  } finally {
    await verifier.close();
  }
}

/**
 * The clock a store being restored is opened with: set to each block's recorded decision time
 * before the block is written, so statuses and decisions carry the original node's times.
 */
export class ReplayClock implements Clock {
  #ms = Date.now();
  nowMs(): number {
    return this.#ms;
  }
  set(ms: number): void {
    this.#ms = ms;
  }
}

/** A store that is not empty: restore refuses it rather than mixing two ledgers. */
export class RestoreTargetNotEmpty extends Error {
  constructor(height: number) {
    super(`the store already holds blocks (up to height ${height}); restore writes only into an empty store`);
    this.name = 'RestoreTargetNotEmpty';
  }
}

/**
 * Restores a chain of dump files into an empty store: creates the tables, then checks each block
 * as `ChainVerifier` does and writes it once checked, with its decision (which feeds the ledger
 * indexes, so no rebuild is needed after) and its votes. When any check fails, or a write does,
 * every table is dropped again: the store was empty, so dropping is the roll-back, and the target
 * is left as it was found.
 */
export async function restoreChain(
  store: Store,
  files: readonly string[],
  rules: RulesChain,
  options: { readonly progress?: Progress; readonly clock?: ReplayClock } = {},
): Promise<ChainSummary> {
  assert.ok(files.length > 0, 'no file to restore');
  const { progress, clock } = options;
  await store.init();
  const latest = await store.latestHeight();
  if (latest !== null) throw new RestoreTargetNotEmpty(latest);
  const verifier = new ChainVerifier(rules);
  let votes: Vote[] = [];
  const flushVotes = async (): Promise<void> => {
    if (votes.length === 0) return;
    const batch = votes;
    votes = [];
    await store.writeVotes(batch);
  };
  const write = async (file: string, line: DumpBlockLine): Promise<void> => {
    if (!verifier.ledgerChecked)
      throw new DumpRefusal(
        { file, line: 0 },
        'the chain starts with an incremental dump: restore needs the full dump first',
      );
    if (typeof line.decided_at_ms !== 'number')
      throw new DumpRefusal({ file, line: 0, height: line.height }, 'the block line has no decided_at_ms');
    clock?.set(line.decided_at_ms);
    const [only] = line.votes;
    // A federation of one: the single vote decides, in the block's own transaction.
    const decideWith =
      line.status === 'valid' && line.votes.length === 1 && only?.vote.is_block_valid === true
        ? only
        : undefined;
    const written = await store.writeBlock(line.block, decideWith === undefined ? {} : { decideWith });
    assert.ok(
      written.created && written.height === line.height,
      `block ${line.block.id} written at height ${written.height}, not ${line.height}`,
    );
    if (decideWith === undefined) {
      const decision = await store.decideBlock(line.block.id, line.status === 'valid');
      assert.equal(decision.status, line.status);
      votes.push(...line.votes);
    }
    if (votes.length >= voteBatch) await flushVotes();
  };
  // Writes run one after another, behind the checks: block N is written (on the SQLite writer
  // thread, or over PostgreSQL's socket) while block N+1 is being verified. At most
  // `writesAhead` blocks wait, so memory stays bounded when the store is the slower side.
  let tail: Promise<void> = Promise.resolve();
  const waiting: Promise<void>[] = [];
  const enqueue = async (file: string, line: DumpBlockLine): Promise<void> => {
    const next = tail.then(() => write(file, line));
    // Its failure is seen when it is awaited below; until then it must not count as unhandled.
    next.catch(() => undefined);
    tail = next;
    waiting.push(next);
    if (waiting.length > writesAhead) await waiting.shift();
  };
  try {
    for (const file of files) await verifier.verifyFile(file, (line) => enqueue(file, line), progress);
    await tail;
    await flushVotes();
    return verifier.finish();
  } catch (err) {
    // Nothing may still be writing when the tables are dropped.
    await Promise.allSettled(waiting);
    await store.drop();
    throw err;
  } finally {
    await verifier.close();
  }
}
