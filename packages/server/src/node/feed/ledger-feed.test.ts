// The ledger feed over a scripted chain: it streams only the decided prefix, so a block decided
// while a lower one is still undecided waits for it, and it starts below the first undecided block.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BlockStatus, StoredBlock } from '../../store/index.js';
import { waitFor } from '@bigchaindb-ts/testing';
import { LedgerFeed, type FeedReads } from './ledger-feed.js';

/** A chain whose block statuses the test sets; blocks hold no transactions. */
class ScriptedChain implements FeedReads {
  readonly statuses: BlockStatus[] = [];
  reads = 0;
  add(...statuses: BlockStatus[]): void {
    this.statuses.push(...statuses);
  }
  latestHeight() {
    return Promise.resolve(this.statuses.length === 0 ? null : this.statuses.length - 1);
  }
  firstUndecidedHeight() {
    const h = this.statuses.indexOf('undecided');
    return Promise.resolve(h < 0 ? null : h);
  }
  getBlocksAfter(height: number, limit: number) {
    this.reads++;
    const out: StoredBlock[] = [];
    for (let h = height + 1; h < this.statuses.length && out.length < limit; h++)
      out.push({
        height: h,
        status: this.statuses[h]!,
        block: {
          id: h.toString(16).padStart(64, '0'),
          signature: 'sig',
          block: { timestamp: String(h), transactions: [], node_pubkey: 'maker', voters: ['maker'] },
        },
      });
    return Promise.resolve(out);
  }
}

function feedOver(chain: ScriptedChain): LedgerFeed {
  return new LedgerFeed(chain, {
    pollIntervalMs: 60_000,
    onError: (err) => {
      throw err;
    },
  });
}

test('the feed starts below the first undecided block and waits for it', async () => {
  const chain = new ScriptedChain();
  chain.add('valid', 'valid', 'undecided', 'valid', 'invalid');
  const feed = feedOver(chain);
  let advances = 0;
  feed.onAdvance(() => advances++);
  feed.start();
  await feed.ready;
  assert.equal(feed.frontier, 1);
  // Block 3 is decided, block 2 is not: nothing moves.
  feed.kick();
  await waitFor('a read', () => Promise.resolve(chain.reads >= 2 ? true : undefined));
  assert.equal(feed.frontier, 1);
  assert.equal(advances, 0);
  chain.statuses[2] = 'invalid';
  feed.kick();
  await waitFor('the frontier', () => Promise.resolve(feed.frontier === 4 ? true : undefined));
  assert.ok(advances >= 1);
  const blocks = await feed.blocksAfter(1, 10);
  assert.deepEqual(
    blocks.map((b) => [b.height, b.status]),
    [
      [2, 'invalid'],
      [3, 'valid'],
      [4, 'invalid'],
    ],
  );
  // Nothing past the frontier, even when asked for more.
  chain.add('valid');
  assert.deepEqual(await feed.blocksAfter(4, 10), []);
  await feed.stop();
});

test('an empty chain starts at -1; history below the cache comes from the store', async () => {
  const chain = new ScriptedChain();
  const feed = feedOver(chain);
  feed.start();
  await feed.ready;
  assert.equal(feed.frontier, -1);
  chain.add(...Array.from({ length: 150 }, () => 'valid' as const));
  feed.kick();
  await waitFor('the frontier', () => Promise.resolve(feed.frontier === 149 ? true : undefined));
  const first = await feed.blocksAfter(-1, 5);
  assert.deepEqual(
    first.map((b) => b.height),
    [0, 1, 2, 3, 4],
  );
  const last = await feed.blocksAfter(147, 5);
  assert.deepEqual(
    last.map((b) => b.height),
    [148, 149],
  );
  await feed.stop();
});
