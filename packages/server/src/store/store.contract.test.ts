// The store's contract: one suite, run against every backend on a real database, no mocks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SignedTransaction } from '@bigchaindb-ts/core';
import { ManualClock } from '../model/index.js';
import { waitFor } from '@bigchaindb-ts/testing';
import { ConflictError, StoreError, type Store, type StoreChange } from './index.js';
import { backendCases, harness, type Harness } from './test/backends.js';
import {
  alice,
  block,
  bob,
  carol,
  create,
  creates,
  node1,
  node2,
  node3,
  persona,
  transfer,
  vote,
} from './test/fixtures.js';

const cases = await backendCases();

/** Writes a block of `txs` and decides it; returns the block. */
async function commit(store: Store, txs: readonly SignedTransaction[], valid = true) {
  const b = block(txs);
  await store.writeBlock(b);
  await store.decideBlock(b.id, valid);
  return b;
}

async function rejectsWith<E extends Error>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`);
    return err;
  }
  assert.fail(`expected ${type.name}, but the call succeeded`);
}

for (const { backend, skip } of cases) {
  describe(`store contract: ${backend}`, { skip }, () => {
    let h: Harness;
    before(() => {
      h = harness(backend);
    });
    after(async () => {
      await h.cleanup();
    });

    test('init creates the tables once and says so', async () => {
      const store = await h.empty();
      assert.equal(await store.exists(), false);
      assert.deepEqual(await store.init(), { created: true });
      assert.equal(await store.exists(), true);
      assert.deepEqual(await store.init(), { created: false });
      await store.drop();
      assert.equal(await store.exists(), false);
    });

    test('blocks get gap-free heights and come back exactly as written', async () => {
      const store = await h.fresh();
      assert.equal(await store.latestHeight(), null);
      const genesis = block([]);
      const b1 = block(creates(3));
      const b2 = block(creates(2, bob));
      assert.deepEqual(await store.writeBlock(genesis, { onlyFirst: true }), { height: 0, created: true });
      assert.deepEqual(
        await store.writeBlock(block([]), { onlyFirst: true }),
        { height: 0, created: false },
        'a second genesis is not written',
      );
      assert.deepEqual(await store.writeBlock(b1), { height: 1, created: true });
      assert.deepEqual(await store.writeBlock(b2), { height: 2, created: true });
      assert.deepEqual(
        await store.writeBlock(b1),
        { height: 1, created: false },
        'rewriting a block is idempotent',
      );
      assert.equal(await store.latestHeight(), 2);

      const byHeight = await store.getBlocksByHeight([2, 0, 7]);
      assert.deepEqual(byHeight[0], { height: 2, status: 'undecided', block: b2 });
      assert.deepEqual(byHeight[1], { height: 0, status: 'undecided', block: genesis });
      assert.equal(byHeight[2], null);
      assert.deepEqual(
        (await store.getBlocksById([b1.id, 'f'.repeat(64)])).map((b) => b?.height ?? null),
        [1, null],
      );
      assert.deepEqual(
        (await store.getBlocksAfter(0, 10)).map((b) => b.block),
        [b1, b2],
      );
      assert.deepEqual(
        (await store.getBlocksAfter(-1, 1)).map((b) => b.height),
        [0],
      );
      const tx = b1.block.transactions[1]!;
      const [status] = await store.getStatuses([tx.id]);
      assert.deepEqual(
        status && [status.txId, status.status, status.blockId, status.height, status.reasonCode],
        [tx.id, 'undecided', b1.id, 1, null],
      );
    });

    test('concurrent writers get distinct, gap-free heights', async () => {
      const first = await h.fresh();
      // Separate stores are separate connection pools (on SQLite, separate handles on one file).
      const writers = [first, await h.another(), await h.another(), await h.another()];
      const blocks = writers.map((_, w) =>
        Array.from({ length: 5 }, (_, i) => block(creates(3, alice, `w${w}b${i}`))),
      );
      const results = await Promise.all(
        writers.map(async (store, w) => {
          const heights: number[] = [];
          for (const b of blocks[w]!) heights.push((await store.writeBlock(b)).height);
          return heights;
        }),
      );
      const all = results.flat().sort((a, b) => a - b);
      assert.deepEqual(
        all,
        Array.from({ length: 20 }, (_, i) => i),
      );
      // Each writer's blocks are in its own order too.
      for (const heights of results)
        assert.deepEqual(
          heights,
          [...heights].sort((a, b) => a - b),
        );
      const stored = await first.getBlocksAfter(-1, 100);
      assert.deepEqual(
        stored.map((b) => b.height),
        all,
      );
      for (const [w, heights] of results.entries())
        heights.forEach((height, i) => assert.equal(stored[height]!.block.id, blocks[w]![i]!.id));
    });

    test('a transaction cannot sit in two live blocks', async () => {
      const store = await h.fresh();
      const [t1, t2] = creates(2);
      const a = block([t1!]);
      await store.writeBlock(a);
      const b = block([t1!, t2!]);
      const err = await rejectsWith(store.writeBlock(b), ConflictError);
      assert.equal(err.code, 'conflict');
      assert.ok(err instanceof StoreError);
      assert.deepEqual(err.txs, [{ txId: t1!.id, blockId: a.id }]);
      assert.deepEqual(err.spends, []);
      assert.deepEqual(err.losers, [t1!.id]);
      // Nothing of the refused block was written.
      assert.equal(await store.latestHeight(), 0);
      assert.deepEqual(await store.getStatuses([t2!.id]), [null]);
      assert.deepEqual(await store.getBlocksById([b.id]), [null]);

      // A transaction listed twice in one block collides with the block itself.
      const twice = block([t2!, t2!]);
      const dup = await rejectsWith(store.writeBlock(twice), ConflictError);
      assert.deepEqual(dup.txs, [{ txId: t2!.id, blockId: twice.id }]);

      // Once its block is invalid, the transaction is free again.
      await store.decideBlock(a.id, false);
      assert.equal((await store.writeBlock(b)).height, 1);
    });

    test('an output cannot have two live spenders, and the conflict names them', async () => {
      const store = await h.fresh();
      const c = create(alice, { kind: 'coin' });
      await commit(store, [c]);
      const toBob = transfer(c, 0, alice, bob);
      const toCarol = transfer(c, 0, alice, carol);
      const b1 = block([toBob]);
      await store.writeBlock(b1);
      const link = { transaction_id: c.id, output_index: 0 };
      assert.deepEqual(await store.getSpenders([link, { transaction_id: c.id, output_index: 1 }]), [
        { txId: toBob.id, blockId: b1.id, height: 1, status: 'undecided' },
        null,
      ]);
      const other = create(bob, { kind: 'other' });
      const b2 = block([other, toCarol]);
      const err = await rejectsWith(store.writeBlock(b2), ConflictError);
      assert.deepEqual(err.spends, [{ output: link, txId: toCarol.id, spentBy: toBob.id, blockId: b1.id }]);
      assert.deepEqual(err.losers, [toCarol.id]);
      assert.deepEqual(await store.getStatuses([other.id]), [null], 'the refused block left no trace');

      // Two spends of one output inside one block collide too.
      const inOne = block([toBob, toCarol]);
      await store.decideBlock(b1.id, false);
      const dup = await rejectsWith(store.writeBlock(inOne), ConflictError);
      assert.deepEqual(dup.spends, [
        { output: link, txId: toCarol.id, spentBy: toBob.id, blockId: inOne.id },
      ]);

      // After the invalid decision the output is free: the loser can now be written.
      const b3 = block([other, toCarol]);
      assert.equal((await store.writeBlock(b3)).height, 2);
      await store.decideBlock(b3.id, true);
      assert.deepEqual(await store.getSpenders([link]), [
        { txId: toCarol.id, blockId: b3.id, height: 2, status: 'valid' },
      ]);
    });

    test('of several racing blocks spending one output, exactly one is written', async () => {
      const first = await h.fresh();
      const coin = create(alice, { kind: 'race' });
      await commit(first, [coin]);
      const racers = [first, ...(await Promise.all([1, 2, 3, 4, 5].map(() => h.another())))];
      const spends = racers.map((_, i) => transfer(coin, 0, alice, persona(20 + i)));
      const blocks = spends.map((t) => block([t]));
      const results = await Promise.allSettled(racers.map((store, i) => store.writeBlock(blocks[i]!)));
      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      assert.equal(winners.length, 1, 'exactly one racer wins');
      const winner = winners[0]!;
      const link = { transaction_id: coin.id, output_index: 0 };
      for (const [i, r] of results.entries()) {
        if (i === winner) continue;
        assert.equal(r.status, 'rejected');
        assert.ok(r.reason instanceof ConflictError, String(r.reason));
        assert.deepEqual(r.reason.spends, [
          { output: link, txId: spends[i]!.id, spentBy: spends[winner]!.id, blockId: blocks[winner]!.id },
        ]);
      }
      assert.deepEqual(await first.getSpenders([link]), [
        { txId: spends[winner]!.id, blockId: blocks[winner]!.id, height: 1, status: 'undecided' },
      ]);
      assert.equal(await first.latestHeight(), 1, 'the losers left no height behind');

      // Two nodes deciding the same block at once: one records it, the other learns the outcome.
      const decisions = await Promise.all([
        racers[1]!.decideBlock(blocks[winner]!.id, true),
        racers[2]!.decideBlock(blocks[winner]!.id, true),
      ]);
      assert.deepEqual(decisions.map((d) => d.changed).sort(), [false, true]);
      assert.equal((await first.getOutputs(persona(20 + winner).publicKey, { limit: 5 })).items.length, 1);
    });

    test('a valid decision settles statuses and feeds the query indexes', async () => {
      const store = await h.fresh();
      const coin = create(
        alice,
        { name: 'Blue Gold coin', issuer: 'Mint of Lisbon' },
        { note: 'first issue' },
        '10',
      );
      const art = create(bob, { title: 'A painting of the harbour' }, { gallery: 'harbour gallery' });
      const b1 = await commit(store, [coin, art]);
      const t1 = transfer(coin, 0, alice, bob, { note: 'sold to bob' });
      const b2 = await commit(store, [t1]);
      const t2 = transfer(t1, 0, bob, carol);
      const b3 = block([t2]);
      await store.writeBlock(b3);

      const statuses = await store.getStatuses([coin.id, t1.id, t2.id, 'f'.repeat(64)]);
      assert.deepEqual(
        statuses.map((s) => s && [s.status, s.blockId, s.height]),
        [['valid', b1.id, 0], ['valid', b2.id, 1], ['undecided', b3.id, 2], null],
      );
      const found = await store.getTransactions([t2.id, coin.id, 'f'.repeat(64)]);
      assert.equal(found[0], null, 'undecided transactions are not in the ledger');
      assert.deepEqual(found[1], { tx: coin, height: 0, blockId: b1.id, status: 'valid' });
      assert.equal(found[2], null);
      assert.deepEqual(await store.getTransactions([t2.id], { includeUndecided: true }), [
        { tx: t2, height: 2, blockId: b3.id, status: 'undecided' },
      ]);

      // Outputs by public key: bob's output of t1 is spent by t2 (undecided), alice's coin output by t1.
      const bobs = await store.getOutputs(bob.publicKey, { limit: 10 });
      assert.deepEqual(bobs.items, [
        {
          link: { transaction_id: art.id, output_index: 0 },
          amount: '1',
          assetId: art.id,
          height: 0,
          spentBy: null,
        },
        {
          link: { transaction_id: t1.id, output_index: 0 },
          amount: '10',
          assetId: coin.id,
          height: 1,
          spentBy: t2.id,
        },
      ]);
      assert.equal(bobs.next, null);
      assert.deepEqual(
        (await store.getOutputs(bob.publicKey, { spent: false, limit: 10 })).items.map(
          (o) => o.link.transaction_id,
        ),
        [art.id],
      );
      assert.deepEqual(
        (await store.getOutputs(bob.publicKey, { spent: true, limit: 10 })).items.map(
          (o) => o.link.transaction_id,
        ),
        [t1.id],
      );
      assert.deepEqual(
        (await store.getOutputs(carol.publicKey, { limit: 10 })).items,
        [],
        'only valid blocks feed it',
      );

      // Transactions by asset, in ledger order, with the operation filter.
      const history = await store.getTransactionsByAsset(coin.id, { limit: 10 });
      assert.deepEqual(
        history.items.map((t) => t.tx.id),
        [coin.id, t1.id],
      );
      assert.deepEqual(
        (await store.getTransactionsByAsset(coin.id, { operation: 'TRANSFER', limit: 10 })).items.map(
          (t) => t.tx,
        ),
        [t1],
      );
      assert.deepEqual(
        (await store.getTransactionsByAsset(coin.id, { operation: 'CREATE', limit: 10 })).items.map(
          (t) => t.tx,
        ),
        [coin],
      );
      // List reads keep the stored text (what the API serves).
      assert.deepEqual(
        history.items.map((t) => [t.text, t.height, t.blockId, t.status]),
        [
          [JSON.stringify(coin), 0, b1.id, 'valid'],
          [JSON.stringify(t1), 1, b2.id, 'valid'],
        ],
      );

      // Full-text search over asset data and metadata.
      assert.deepEqual(await store.searchAssets('gold', { limit: 10 }), [
        { id: coin.id, data: coin.asset.data },
      ]);
      assert.deepEqual(await store.searchAssets('LISBON coin', { limit: 10 }), [
        { id: coin.id, data: coin.asset.data },
      ]);
      assert.deepEqual(await store.searchAssets('lisbon -coin', { limit: 10 }), []);
      assert.deepEqual(
        (await store.searchAssets('painting or gold', { limit: 10 })).map((m) => m.id).sort(),
        [art.id, coin.id].sort(),
      );
      assert.deepEqual(await store.searchAssets('"harbour painting"', { limit: 10 }), []);
      assert.deepEqual((await store.searchAssets('"painting of the harbour"', { limit: 10 })).length, 1);
      assert.deepEqual(await store.searchAssets('-gold', { limit: 10 }), [], 'only exclusions match nothing');
      assert.deepEqual(await store.searchAssets('   ', { limit: 10 }), []);
      assert.deepEqual(
        (await store.searchMetadata('harbour', { limit: 10 })).map((m) => m.id),
        [art.id],
      );
      assert.deepEqual(await store.searchMetadata('bob', { limit: 10 }), [
        { id: t1.id, metadata: { note: 'sold to bob' } },
      ]);
      assert.deepEqual(
        (await store.searchMetadata('first or sold', { limit: 1 })).length,
        1,
        'the limit holds',
      );

      // Deciding again changes nothing; deciding the other way reports the recorded outcome.
      assert.deepEqual(await store.decideBlock(b2.id, true), {
        status: 'valid',
        changed: false,
        requeued: 0,
      });
      assert.deepEqual(await store.decideBlock(b2.id, false), {
        status: 'valid',
        changed: false,
        requeued: 0,
      });
      assert.deepEqual(
        (await store.getOutputs(bob.publicKey, { limit: 10 })).items.length,
        2,
        'no duplicate rows',
      );
      const [stored] = await store.getBlocksById([b2.id]);
      assert.equal(stored?.status, 'valid');
    });

    test('a block written with its deciding vote equals one written, voted on and decided', async () => {
      const coin = create(alice, { name: 'one-step coin' }, { note: 'issue' }, '5');
      const t1 = transfer(coin, 0, alice, bob, { note: 'to bob' });
      const blocks = [block([coin]), block([t1])];
      const votes = blocks.map((blk) => vote(node1, blk, true));
      // The same blocks on a fresh store each way, at the same clock; everything read must match.
      const run = async (oneStep: boolean) => {
        const store = await h.fresh(new ManualClock(1_700_000_000_000));
        for (const [i, blk] of blocks.entries()) {
          if (oneStep) {
            assert.deepEqual(await store.writeBlock(blk, { decideWith: votes[i]! }), {
              height: i,
              created: true,
            });
          } else {
            await store.writeBlock(blk);
            await store.writeVotes([votes[i]!]);
            await store.decideBlock(blk.id, true);
          }
        }
        const ids = [coin.id, t1.id];
        const blockIds = blocks.map((x) => x.id);
        return {
          statuses: await store.getStatuses(ids),
          txs: await store.getTransactions(ids),
          spenders: await store.getSpenders([{ transaction_id: coin.id, output_index: 0 }]),
          outputs: await store.getOutputs(bob.publicKey, { limit: 10 }),
          outputsWithBlocks: await store.getOutputs(alice.publicKey, { limit: 10, withBlocks: true }),
          linksOnly: await store.getOutputs(bob.publicKey, { limit: 10, withSpenders: false }),
          byAsset: await store.getTransactionsByAsset(coin.id, { limit: 10 }),
          votes: await store.getVotes(blockIds),
          blocks: await store.getBlocksById(blockIds),
          digests: await store.getBlockDigests(-1, 10),
          // Idempotent like any block write: the same block again writes nothing.
          again: await store.writeBlock(blocks[1]!, { decideWith: votes[1]! }),
        };
      };
      const classic = await run(false);
      const oneStep = await run(true);
      assert.deepEqual(oneStep, classic);
      assert.deepEqual(
        oneStep.blocks.map((x) => x?.status),
        ['valid', 'valid'],
      );
      assert.deepEqual(oneStep.again, { height: 1, created: false });
      // Without spenders, outputs are the same minus `spentBy`.
      assert.deepEqual(
        oneStep.linksOnly.items,
        oneStep.outputs.items.map(({ spentBy: _, ...rest }) => rest),
      );
      // Outputs name their (valid) block when asked: alice's coin output sits in the first block.
      assert.deepEqual(
        oneStep.outputsWithBlocks.items.map((o) => [o.link.transaction_id, o.block]),
        [[coin.id, { id: blocks[0]!.id, height: 0 }]],
      );
    });

    test('an invalid decision releases the block and requeues its transactions', async () => {
      const clock = new ManualClock(1_000_000);
      const store = await h.fresh(clock);
      const coin = create(alice, { kind: 'coin' });
      await commit(store, [coin]);
      const spend = transfer(coin, 0, alice, bob);
      const fresh = create(carol, { kind: 'fresh' });
      await store.addToBacklog([
        { tx: spend, assignee: node2.publicKey },
        { tx: fresh, assignee: node2.publicKey },
      ]);
      const bad = block([spend, fresh], node2);
      await store.writeBlock(bad);
      assert.equal(await store.countBacklog(), 0, 'writing a block empties the backlog of its transactions');
      clock.advance(500);
      assert.deepEqual(await store.decideBlock(bad.id, false, { requeueTo: node3.publicKey }), {
        status: 'invalid',
        changed: true,
        requeued: 2,
      });
      const statuses = await store.getStatuses([spend.id, fresh.id]);
      assert.deepEqual(
        statuses.map((s) => s && [s.status, s.blockId, s.height, s.updatedAtMs]),
        [
          ['backlog', null, null, 1_000_500],
          ['backlog', null, null, 1_000_500],
        ],
      );
      assert.deepEqual(await store.getSpenders([{ transaction_id: coin.id, output_index: 0 }]), [null]);
      const queued = await store.takeBacklog(node3.publicKey, 10);
      assert.deepEqual(
        queued.map((q) => q.tx),
        [spend, fresh],
      );
      assert.deepEqual(await store.getTransactions([spend.id], { includeUndecided: true }), [null]);

      // The retry lands in a valid block; the history keeps both blocks with their statuses.
      const good = await commit(store, [spend, fresh]);
      const containing = await store.getBlocksContaining(spend.id);
      assert.deepEqual(
        containing.map((b) => [b.block.id, b.status]),
        [
          [bad.id, 'invalid'],
          [good.id, 'valid'],
        ],
      );
      assert.deepEqual(await store.getBlocksContaining('f'.repeat(64)), []);
      // An invalid block's transactions never feed the indexes twice.
      assert.deepEqual(
        (await store.getTransactionsByAsset(coin.id, { limit: 10 })).items.map((t) => t.tx.id),
        [coin.id, spend.id],
      );
    });

    test('statuses and blocks survive closing and reopening the store', async () => {
      const store = await h.fresh();
      const coin = create(alice, { kind: 'durable' });
      const waiting = create(bob, { kind: 'waiting' });
      const b = await commit(store, [coin]);
      await store.addToBacklog([{ tx: waiting, assignee: node1.publicKey }]);
      await store.rejectTransactions([
        { txId: 'e'.repeat(64), code: 'InvalidSignature', reason: 'bad signature' },
      ]);
      await store.close();

      const reopened = await h.another();
      assert.deepEqual(await reopened.init(), { created: false });
      const statuses = await reopened.getStatuses([coin.id, waiting.id, 'e'.repeat(64)]);
      assert.deepEqual(
        statuses.map((s) => s && [s.status, s.blockId, s.reasonCode, s.reason]),
        [
          ['valid', b.id, null, null],
          ['backlog', null, null, null],
          ['invalid', null, 'InvalidSignature', 'bad signature'],
        ],
      );
      assert.deepEqual((await reopened.getBlocksById([b.id]))[0]?.block, b);
      assert.deepEqual(
        (await reopened.takeBacklog(node1.publicKey, 5)).map((i) => i.tx),
        [waiting],
      );
    });

    test('backlog: add, take in arrival order, count, reassign stale, reject', async () => {
      const clock = new ManualClock(10_000);
      const store = await h.fresh(clock);
      const txs = creates(5, alice, 'queued');
      const outcomes = await store.addToBacklog([
        { tx: txs[0]!, assignee: node1.publicKey },
        { tx: txs[1]!, assignee: node2.publicKey },
        { tx: txs[2]!, assignee: node1.publicKey },
        { tx: txs[0]!, assignee: node2.publicKey },
      ]);
      assert.deepEqual(
        outcomes.map((o) => [o.txId, o.added, o.status]),
        [
          [txs[0]!.id, true, 'backlog'],
          [txs[1]!.id, true, 'backlog'],
          [txs[2]!.id, true, 'backlog'],
          [txs[0]!.id, false, 'backlog'],
        ],
      );
      clock.advance(1_000);
      await store.addToBacklog([
        { tx: txs[3]!, assignee: node1.publicKey },
        { tx: txs[4]!, assignee: node1.publicKey },
      ]);
      assert.equal(await store.countBacklog(), 5);
      assert.equal(await store.countBacklog(node1.publicKey), 4);
      const taken = await store.takeBacklog(node1.publicKey, 3);
      assert.deepEqual(
        taken.map((i) => i.tx.id),
        [txs[0]!.id, txs[2]!.id, txs[3]!.id],
      );
      assert.deepEqual(taken[0], {
        tx: txs[0],
        assignee: node1.publicKey,
        assignedAtMs: 10_000,
        receivedAtMs: 10_000,
      });
      assert.equal(await store.countBacklog(), 5, 'taking does not remove');

      // Only transactions assigned before the cutoff move, to whatever the chooser says.
      clock.advance(1_000);
      const moved = await store.reassignStale(10_500, (e) =>
        e.assignee === node1.publicKey ? node3.publicKey : node1.publicKey,
      );
      assert.deepEqual(moved, [
        { txId: txs[0]!.id, from: node1.publicKey, to: node3.publicKey },
        { txId: txs[1]!.id, from: node2.publicKey, to: node1.publicKey },
        { txId: txs[2]!.id, from: node1.publicKey, to: node3.publicKey },
      ]);
      assert.deepEqual(
        (await store.takeBacklog(node3.publicKey, 10)).map((i) => [i.tx.id, i.assignedAtMs]),
        [
          [txs[0]!.id, 12_000],
          [txs[2]!.id, 12_000],
        ],
      );
      assert.deepEqual(
        await store.reassignStale(10_500, () => node2.publicKey),
        [],
        'nothing is stale twice',
      );

      // Rejection takes a transaction out with a reason; a live one cannot be rejected.
      await store.writeBlock(block([txs[4]!]));
      const rejected = await store.rejectTransactions([
        { txId: txs[1]!.id, code: 'DoubleSpend', reason: 'output already spent' },
        { txId: txs[4]!.id, code: 'DoubleSpend', reason: 'too late' },
      ]);
      assert.deepEqual(rejected, [
        { txId: txs[1]!.id, rejected: true, status: 'invalid' },
        { txId: txs[4]!.id, rejected: false, status: 'undecided' },
      ]);
      assert.equal(await store.countBacklog(), 3);
      const [status] = await store.getStatuses([txs[1]!.id]);
      assert.deepEqual(
        [status?.status, status?.reasonCode, status?.reason],
        ['invalid', 'DoubleSpend', 'output already spent'],
      );
      // A rejected transaction may be offered again later (its inputs may exist by then).
      assert.deepEqual(
        (await store.addToBacklog([{ tx: txs[1]!, assignee: node2.publicKey }])).map((o) => o.added),
        [true],
      );
      assert.deepEqual(
        (await store.addToBacklog([{ tx: txs[4]!, assignee: node2.publicKey }])).map((o) => [
          o.added,
          o.status,
        ]),
        [[false, 'undecided']],
      );
    });

    test('votes are unique per block and node, and drive the vote queue', async () => {
      const store = await h.fresh();
      const b0 = block([]);
      const b1 = block(creates(1));
      const b2 = block(creates(1, bob));
      // A vote may arrive before its block (another node of the federation wrote it first).
      const early = vote(node2, b2, true, b1.id);
      assert.deepEqual(await store.writeVotes([early]), [
        { blockId: b2.id, nodePubkey: node2.publicKey, written: true },
      ]);
      for (const b of [b0, b1, b2]) await store.writeBlock(b);

      const v0 = vote(node1, b0, true);
      const v1 = vote(node1, b1, false, b0.id);
      const again = vote(node1, b1, true, b0.id);
      const outcomes = await store.writeVotes([v0, v1, again, vote(node2, b0, true)]);
      assert.deepEqual(
        outcomes.map((o) => o.written),
        [true, true, false, true],
      );
      assert.deepEqual(
        (await store.writeVotes([again])).map((o) => o.written),
        [false],
        'a later duplicate is reported, not thrown',
      );
      const votes = await store.getVotes([b1.id, b0.id, b2.id, 'f'.repeat(64)]);
      assert.deepEqual(votes[0], [v1], 'the first vote is kept');
      assert.equal(votes[1]?.length, 2);
      assert.deepEqual(votes[2], [early]);
      assert.deepEqual(votes[3], []);

      assert.deepEqual(
        (await store.getUnvotedBlocks(node1.publicKey, { limit: 10 })).map((b) => b.height),
        [2],
      );
      assert.deepEqual(
        (await store.getUnvotedBlocks(node2.publicKey, { limit: 10 })).map((b) => b.height),
        [1],
      );
      assert.deepEqual(
        (await store.getUnvotedBlocks(node3.publicKey, { afterHeight: 0, limit: 1 })).map((b) => b.height),
        [1],
      );
      assert.equal((await store.getLastVotedBlock(node1.publicKey))?.block.id, b1.id);
      assert.equal(
        (await store.getLastVotedBlock(node2.publicKey))?.block.id,
        b2.id,
        'the early vote learned its height',
      );
      assert.equal(await store.getLastVotedBlock(node3.publicKey), null);
      assert.deepEqual(await store.getVoteHeights([node2.publicKey, node3.publicKey, node1.publicKey]), [
        2,
        null,
        1,
      ]);
      assert.deepEqual(await store.getVoteHeights([]), []);
    });

    test('backlog transactions are read by id, whoever they are assigned to', async () => {
      const store = await h.fresh(new ManualClock(5_000));
      const [a, b, c] = creates(3, bob, 'by-id');
      await store.addToBacklog([
        { tx: a!, assignee: node1.publicKey },
        { tx: b!, assignee: node2.publicKey },
      ]);
      await store.writeBlock(block([c!]));
      const found = await store.getBacklogTransactions([b!.id, c!.id, a!.id, 'e'.repeat(64), b!.id]);
      assert.deepEqual(found, [
        { tx: b, assignee: node2.publicKey, assignedAtMs: 5_000, receivedAtMs: 5_000 },
        null,
        { tx: a, assignee: node1.publicKey, assignedAtMs: 5_000, receivedAtMs: 5_000 },
        null,
        { tx: b, assignee: node2.publicKey, assignedAtMs: 5_000, receivedAtMs: 5_000 },
      ]);
      assert.deepEqual(await store.getBacklogTransactions([]), []);
      // Once in a block, a transaction has left the backlog.
      await store.writeBlock(block([a!]));
      assert.deepEqual(await store.getBacklogTransactions([a!.id]), [null]);
    });

    test('block digests move when anything stored about a block changes, and only then', async () => {
      const store = await h.fresh();
      const b0 = block([]);
      const b1 = block(creates(2, carol, 'digest'));
      const b2 = block(creates(1, carol, 'digest-2'));
      for (const b of [b0, b1, b2]) await store.writeBlock(b);
      await store.writeVotes([vote(node1, b1, true)]);
      const before = await store.getBlockDigests(-1, 10);
      assert.deepEqual(
        before.map((d) => [d.height, d.blockId, d.status, d.voteCount]),
        [
          [0, b0.id, 'undecided', 0],
          [1, b1.id, 'undecided', 1],
          [2, b2.id, 'undecided', 0],
        ],
      );
      assert.equal(new Set(before.map((d) => d.digest)).size, 3);
      assert.deepEqual(await store.getBlockDigests(-1, 10), before, 'reading changes nothing');
      assert.deepEqual(await store.getBlockDigests(0, 1), [before[1]], 'pages by height');

      const digestOf = async (height: number) => (await store.getBlockDigests(height - 1, 1))[0]?.digest;
      await store.writeVotes([vote(node2, b1, true)]);
      const voted = await digestOf(1);
      assert.notEqual(voted, before[1]!.digest, 'a new vote');
      await store.decideBlock(b1.id, true);
      const decided = await digestOf(1);
      assert.notEqual(decided, voted, 'a decision');
      assert.equal(await digestOf(2), before[2]!.digest, 'other blocks stay');

      // Edits nobody should make: a transaction of a block, a vote.
      // pos = height × 65536 + position: the first transaction of block 1.
      await h.exec(`UPDATE transactions SET tx = replace(tx, 'digest', 'DIGEST') WHERE pos = 65536`);
      const edited = await digestOf(1);
      assert.notEqual(edited, decided, 'an edited transaction');
      await h.exec(`UPDATE votes SET vote = replace(vote, 'true', 'false')`);
      assert.notEqual(await digestOf(1), edited, 'an edited vote');
      await h.exec(`DELETE FROM blocks WHERE height = 2`);
      assert.deepEqual(
        (await store.getBlockDigests(-1, 10)).map((d) => d.height),
        [0, 1],
        'a deleted block is simply absent',
      );
      await assert.rejects(store.getBlockDigests(-1, 100_000), { code: 'invalid_argument' });
    });

    test("listen: PostgreSQL announces every writer's changes and direct edits; SQLite is not live", async () => {
      const store = await h.fresh();
      const changes: StoreChange[] = [];
      const subscription = await store.listen((c) => changes.push(c));
      if (backend === 'sqlite') {
        assert.equal(subscription.live, false);
        await subscription.close();
        return;
      }
      assert.equal(subscription.live, true);
      // Another connection writes (another node of the federation).
      const other = await h.another();
      const seen = async (kind: StoreChange['kind'], match: (c: StoreChange) => boolean = () => true) =>
        waitFor(`a ${kind} notification`, () =>
          Promise.resolve(changes.find((c) => c.kind === kind && match(c)) ? true : undefined),
        );
      const [t1, t2] = creates(2, alice, 'notified');
      await other.addToBacklog([{ tx: t1!, assignee: node2.publicKey }]);
      await seen('backlog', (c) => c.assignees?.includes(node2.publicKey) === true);
      await other.reassignStale(Number.MAX_SAFE_INTEGER, () => node3.publicKey);
      await seen('backlog', (c) => c.assignees?.includes(node3.publicKey) === true);
      const b = block([t1!, t2!]);
      await other.writeBlock(b);
      await seen('block');
      await other.writeVotes([vote(node1, b, true)]);
      await seen('vote');
      await other.decideBlock(b.id, true);
      await seen('decision');
      assert.equal(
        changes.some((c) => c.kind === 'tamper'),
        false,
        'nothing the store does counts as tampering',
      );
      await h.exec(`UPDATE transactions SET tx = tx || ' ' WHERE tx_id = '${t1!.id}'`);
      await seen('tamper', (c) => c.detail === 'transactions UPDATE');
      await h.exec(`UPDATE votes SET vote = vote || ' '`);
      await seen('tamper', (c) => c.detail === 'votes UPDATE');
      await h.exec(`DELETE FROM block_status`);
      await seen('tamper', (c) => c.detail === 'block_status DELETE');
      const count = changes.length;
      await subscription.close();
      await other.writeVotes([vote(node2, b, true)]);
      await other.latestHeight();
      assert.equal(changes.length, count, 'nothing after close');
    });

    test('page cursors are stable while the ledger grows', async () => {
      const store = await h.fresh();
      const first = creates(4, carol, 'page');
      await commit(store, first.slice(0, 2));
      await commit(store, first.slice(2));
      const seen: string[] = [];
      let page = await store.getOutputs(carol.publicKey, { limit: 3 });
      seen.push(...page.items.map((o) => o.link.transaction_id));
      assert.equal(page.items.length, 3);
      assert.notEqual(page.next, null);
      // New outputs arrive between pages: they come after the cursor, nothing shifts or repeats.
      const later = creates(3, carol, 'later');
      await commit(store, later);
      while (page.next !== null) {
        page = await store.getOutputs(carol.publicKey, { limit: 3, cursor: page.next });
        seen.push(...page.items.map((o) => o.link.transaction_id));
      }
      assert.deepEqual(
        seen,
        [...first, ...later].map((t) => t.id),
      );

      const c = create(alice, { kind: 'history' });
      const chain: SignedTransaction[] = [c];
      for (let i = 0; i < 4; i++)
        chain.push(transfer(chain.at(-1)!, 0, i % 2 === 0 ? alice : bob, i % 2 === 0 ? bob : alice));
      for (const t of chain) await commit(store, [t]);
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const p = await store.getTransactionsByAsset(c.id, {
          limit: 2,
          ...(cursor === undefined ? {} : { cursor }),
        });
        pages.push(p.items.map((t) => t.tx.id));
        cursor = p.next ?? undefined;
      } while (cursor !== undefined);
      assert.deepEqual(pages, [[chain[0]!.id, chain[1]!.id], [chain[2]!.id, chain[3]!.id], [chain[4]!.id]]);

      for (const cursor of ['', 'not a cursor', '-1', '1.2.3', 'zzzzzzzzzzzzzzzz'])
        await assert.rejects(store.getOutputs(carol.publicKey, { limit: 3, cursor }), (err: unknown) => {
          assert.ok(err instanceof StoreError && err.code === 'invalid_argument', String(err));
          return true;
        });
      await assert.rejects(store.getTransactionsByAsset(c.id, { limit: 0 }), { code: 'invalid_argument' });
      await assert.rejects(store.getBlocksAfter(0, 100_000), { code: 'invalid_argument' });
    });

    test('unicode and odd JSON keys are stored and returned exactly', async () => {
      const store = await h.fresh();
      // Written as JSON text, because an object literal cannot make an own key named __proto__.
      const text = String.raw`{
        "a.b": "dotted key",
        "$set": { "$where": "dollar keys" },
        "": "empty key",
        "__proto__": "an own key named __proto__",
        "ключ": "значение café naïve",
        "emoji": "🦊 fox \u2028 separator \u0001 control",
        "lone": "\ud800 half a pair",
        "nested": [{ "x.y": [1, 2.5, -0.125, 1e21, true, null] }],
        "10": "integer-like key",
        "9": "another"
      }`;
      const parsed = JSON.parse(text) as Record<string, unknown>;
      assert.ok(Object.hasOwn(parsed, '__proto__'));
      const tx = create(alice, parsed, { 'm.$': 'métadonnées' });
      await store.addToBacklog([{ tx, assignee: node1.publicKey }]);
      assert.deepEqual((await store.takeBacklog(node1.publicKey, 1))[0]?.tx, tx);
      const b = await commit(store, [tx]);
      const [found] = await store.getTransactions([tx.id]);
      assert.deepEqual(found?.tx, tx);
      assert.equal(JSON.stringify(found?.tx), JSON.stringify(tx), 'same text, same key order');
      assert.equal(JSON.stringify((await store.getBlocksById([b.id]))[0]?.block), JSON.stringify(b));
      assert.deepEqual(await store.searchAssets('значение', { limit: 5 }), [
        { id: tx.id, data: tx.asset.data },
      ]);
      assert.deepEqual((await store.searchAssets('CAFÉ fox', { limit: 5 })).length, 1);
      assert.deepEqual(
        (await store.searchMetadata('métadonnées', { limit: 5 })).map((m) => m.id),
        [tx.id],
      );
    });

    test('errors are StoreErrors with stable codes', async () => {
      const store = await h.fresh();
      await assert.rejects(store.decideBlock('f'.repeat(64), true), (err: unknown) => {
        assert.ok(err instanceof StoreError);
        assert.equal(err.code, 'not_found');
        return true;
      });
      await assert.rejects(store.searchAssets('x'.repeat(5_000), { limit: 1 }), { code: 'invalid_argument' });
      await store.close();
      await assert.rejects(store.latestHeight(), (err: unknown) => {
        assert.ok(err instanceof StoreError, String(err));
        assert.equal(err.code, 'unavailable');
        return true;
      });
    });

    test('exportChain reads the decided prefix of one snapshot, page by page, while writes go on', async () => {
      const store = await h.fresh(new ManualClock(7_000));
      const b0 = await commit(store, [create(alice, { n: 'x0' })]);
      const b1 = await commit(store, [create(alice, { n: 'x1' })], false);
      await commit(store, [create(alice, { n: 'x2' })]);
      await store.writeVotes([vote(node1, b1, false), vote(node2, b1, false, b0.id)]);
      const undecided = block([create(bob, { n: 'x3' })]);
      await store.writeBlock(undecided);
      const writer = await h.another();
      const pages: { heights: number[]; votes: number[]; decidedAtMs: number[] }[] = [];
      const result = await store.exportChain(
        -1,
        async (page) => {
          if (pages.length === 0) {
            // Decided and grown after the snapshot began: not seen by this export.
            await writer.decideBlock(undecided.id, true);
            await commit(writer, [create(carol, { n: 'x4' })]);
          }
          assert.equal(page.votes.length, page.blocks.length);
          pages.push({
            heights: page.blocks.map((b) => b.height),
            votes: page.votes.map((v) => v.length),
            decidedAtMs: [...page.decidedAtMs],
          });
        },
        { pageSize: 2 },
      );
      assert.deepEqual(result, { toHeight: 2 });
      assert.deepEqual(pages, [
        { heights: [0, 1], votes: [0, 2], decidedAtMs: [7_000, 7_000] },
        { heights: [2], votes: [0], decidedAtMs: [7_000] },
      ]);
      const statuses: string[] = [];
      const ids: string[] = [];
      const texts: { id: string; count: number; parsed: unknown }[] = [];
      const rest = await store.exportChain(2, (page) => {
        statuses.push(...page.blocks.map((b) => b.status));
        ids.push(...page.blocks.map((b) => b.block.id));
        texts.push(
          ...page.blocks.map((b) => ({ id: b.id, count: b.transactionCount, parsed: JSON.parse(b.text) })),
        );
        return Promise.resolve();
      });
      // The text a dump copies is the block exactly as written (and as `getBlock` reads it).
      assert.deepEqual(texts[0], { id: undecided.id, count: 1, parsed: undecided });
      assert.deepEqual(texts[0]?.parsed, (await store.getBlocksById([undecided.id]))[0]?.block);
      assert.deepEqual(rest, { toHeight: 4 });
      assert.deepEqual(statuses, ['valid', 'valid']);
      assert.equal(ids.length, 2);
      assert.equal(ids[0], undecided.id);
      let called = false;
      const none = await store.exportChain(4, () => {
        called = true;
        return Promise.resolve();
      });
      assert.deepEqual(none, { toHeight: null });
      assert.equal(called, false);
      await assert.rejects(
        store.exportChain(-1, () => Promise.resolve(), { pageSize: 10_000 }),
        { code: 'invalid_argument' },
      );
    });

    test('setShards and setReplicas say what they did', async () => {
      const store = await h.fresh();
      const replicas = await store.setReplicas(3);
      const shards = await store.setShards(4);
      if (backend === 'sqlite') {
        assert.match(replicas, /^Nothing done: .*SQLite/);
        assert.match(shards, /^Nothing done: .*SQLite/);
        return;
      }
      assert.match(replicas, /^Nothing changed: .*pg_stat_replication shows/);
      assert.match(
        shards,
        /^Recreated tx_status \(by tx_id\), live_spends \(by tx_id\), output_keys \(by public_key\) with 4 hash partitions/,
      );
      assert.match(await store.setShards(4), /^Nothing to do/);
      // The partitioned tables keep the contract.
      const coin = create(alice, { kind: 'sharded' });
      await commit(store, [coin]);
      assert.equal((await store.getStatuses([coin.id]))[0]?.status, 'valid');
      assert.equal((await store.getOutputs(alice.publicKey, { limit: 5 })).items.length, 1);
      assert.match(await store.setShards(2), /^Nothing changed: the database already holds 1 block/);
      await assert.rejects(store.setShards(0), { code: 'invalid_argument' });
    });
  });
}
