// The consensus-mode seam, with a small example mode plugged in: blocks are cut only when the
// operator says so (no timers), each written decided by this node alone. It reuses the block
// maker over the node's own state; ingest, the rules chain, the pending pool and the reads are
// the node's and work unchanged under it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/core';
import { createGenesisBlock, unixTimestamp } from '../../model/index.js';
import { harness, type Harness } from '../../store/test/backends.js';
import type { Bigchain } from '../bigchain.js';
import { BlockPacing, createBlockMaker, VoteLog } from '../pipelines/index.js';
import { createTx, makeBigchain, submit, transferTx, waitForStatus } from '../test/node-harness.js';
import type { ConsensusMode, ModeRuntime } from './consensus-mode.js';

/** The example: a mode whose blocks are cut by `cut()`, for one node alone. */
function manualMode(): ConsensusMode & { cut(): Promise<void> } {
  let runtime: (ModeRuntime & { cut(): Promise<void> }) | undefined;
  return {
    name: 'manual',
    cut: () => (runtime ? runtime.cut() : Promise.reject(new Error('not started'))),
    create(ctx) {
      assert.equal(ctx.federation.length, 1, 'the manual mode is for one node alone');
      const pacing = new BlockPacing();
      const maker = createBlockMaker(ctx, {
        pacing,
        voteLog: new VoteLog(),
        kicks: { blocks: () => {}, voting: () => {} },
      });
      let running = Promise.resolve();
      runtime = {
        assigneeOf: () => ctx.publicKey,
        async resume() {
          if ((await ctx.store.latestHeight()) !== null) return;
          const genesis = createGenesisBlock(ctx.keypair, ctx.federation, unixTimestamp(ctx.clock));
          await ctx.store.writeBlock(genesis, { onlyFirst: true });
        },
        run() {},
        accepted() {},
        onChange() {},
        runStaleMonitor: () => Promise.resolve(0),
        settle: () => running,
        stop: () => running,
        cut() {
          running = running.then(() => maker.run());
          return running;
        },
      };
      return runtime;
    },
  };
}

describe('consensus mode seam: an example mode plugged in (SQLite)', () => {
  let h: Harness;
  let node: Bigchain;
  const mode = manualMode();
  const alice = generateKeypair();
  const bob = generateKeypair();
  before(async () => {
    h = harness('sqlite');
    node = makeBigchain(await h.fresh(), generateKeypair(), { mode });
    await node.start();
  });
  after(async () => {
    await node.stop();
    await h.cleanup();
  });

  test('the mode decides when blocks are made: nothing until it cuts, then valid', async () => {
    assert.equal(node.modeName, 'manual');
    assert.equal((await node.store.getBlocksByHeight([0]))[0]?.block.block.transactions.length, 0, 'genesis');
    const tx = createTx(alice, { manual: 1 });
    assert.equal((await submit(node, tx)).ok, true);
    // Ingest's view includes the pending CREATE: its transfer is accepted before any block.
    const next = transferTx(tx, alice, bob);
    assert.equal((await submit(node, next)).ok, true);
    await node.settle();
    assert.equal((await node.reads.getStatus(tx.id))?.status, 'backlog');
    assert.equal(await node.store.latestHeight(), 0, 'no block was made by a timer');
    await mode.cut();
    await waitForStatus(node, tx.id, 'valid');
    await waitForStatus(node, next.id, 'valid');
    node.assertPendingConsistent();
  });
});
