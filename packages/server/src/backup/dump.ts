import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { VoteQuorum } from '../model/index.js';
import type { Store } from '../store/index.js';
import { DumpWriter, dumpFormat, dumpFormatVersion, type DumpTrailer } from './format.js';
import type { Progress } from './progress.js';

export interface DumpOptions {
  /** A path, or `-` for stdout. */
  readonly file: string;
  readonly federation: readonly string[];
  readonly voteQuorum: VoteQuorum;
  /** Continue a dump that ended at this height (null: a full dump). */
  readonly afterHeight: number | null;
  readonly previousDigest: string | null;
  readonly progress?: Progress;
}

export interface DumpSummary extends DumpTrailer {
  readonly bytes: number;
}

/** Writes the decided chain (above `afterHeight`) as of one snapshot of the store to a dump file. */
export async function dumpChain(store: Store, options: DumpOptions): Promise<DumpSummary> {
  const out: Writable =
    options.file === '-' ? process.stdout : createWriteStream(options.file, { flags: 'wx' });
  const writer = new DumpWriter(out);
  await writer.write({
    type: 'header',
    format: dumpFormat,
    version: dumpFormatVersion,
    created_at: new Date().toISOString(),
    backend: store.backend,
    federation: [...options.federation],
    vote_quorum: options.voteQuorum,
    after_height: options.afterHeight,
    previous_digest: options.previousDigest,
  });
  let blocks = 0;
  let votes = 0;
  let transactions = 0;
  const { toHeight } = await store.exportChain(options.afterHeight ?? -1, async (page) => {
    for (const [i, stored] of page.blocks.entries()) {
      // The dump holds the decided prefix only (see `exportChain`).
      if (stored.status === 'undecided')
        throw new Error(`block ${stored.height} is undecided in the snapshot`);
      const blockVotes = page.votes[i] ?? [];
      await writer.writeBlock(
        {
          type: 'block',
          height: stored.height,
          status: stored.status,
          decided_at_ms: page.decidedAtMs[i]!,
          votes: blockVotes,
        },
        stored.text,
      );
      blocks++;
      votes += blockVotes.length;
      transactions += stored.transactionCount;
    }
    options.progress?.({ blocks, transactions, bytes: writer.bytes });
  });
  const trailer = await writer.finish({
    // An incremental dump with nothing new still reaches where the one it continues ended.
    to_height: toHeight ?? options.afterHeight,
    blocks,
    votes,
    transactions,
  });
  return { ...trailer, bytes: writer.bytes };
}
