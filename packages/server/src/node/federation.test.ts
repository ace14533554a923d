// Federation behaviour of the node in process, on every backend: members sharing one store, a
// key outside the federation, the election over member voters, the watchdog and tamper-safe
// reads, and assignment that follows who keeps voting. Real stores, real signatures; rows are
// tampered with through SQL as a person with database access would.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair, type SignedTransaction } from '@bigchaindb-ts/core';
import type { SubmitResult } from './node-service.js';
// The status probe judges a node from outside (metrics imports node, never the reverse).
import { NodeStatusProbe } from '../metrics/index.js';
import { createBlock, ManualClock, unixTimestamp } from '../model/index.js';
import { backendCases, harness, type Harness } from '../store/test/backends.js';
import { waitFor } from '@bigchaindb-ts/testing';
import type { Store } from '../store/index.js';
import type { Bigchain } from './bigchain.js';
import {
  createTx,
  FaultyStore,
  makeBigchain,
  PeerVoter,
  submit,
  transferTx,
  waitForStatus,
} from './test/node-harness.js';

const cases = await backendCases();

function accepted(r: SubmitResult): SignedTransaction {
  assert.ok(r.ok, r.ok ? '' : `refused: ${r.error.code}: ${r.error.message}`);
  return r.tx;
}

const now = () => unixTimestamp({ nowMs: () => Date.now() });

for (const { backend, skip } of cases) {
  describe(`federation in process: ${backend}`, { skip }, () => {
    let h: Harness;
    const running: Bigchain[] = [];
    const voters: PeerVoter[] = [];
    const me = generateKeypair();
    const peer = generateKeypair();
    const alice = generateKeypair();
    const bob = generateKeypair();
    const federation = [me.publicKey, peer.publicKey].sort();

    async function started(node: Bigchain): Promise<Bigchain> {
      running.push(node);
      await node.start();
      return node;
    }
    /** A new CREATE that `node` will put in a block itself (the peer voter makes none). */
    function ownCreate(node: Bigchain, metadata: Record<string, unknown> | null = null): SignedTransaction {
      for (;;) {
        const tx = createTx(alice, metadata);
        if (node.assigneeOf(tx.id) === me.publicKey) return tx;
      }
    }
    /** A node of its own with a voting peer that approves everything (so decisions take both). */
    async function withPeer(store: Store): Promise<Bigchain> {
      const node = await started(makeBigchain(store, me, { keyring: [peer.publicKey] }));
      voters.push(new PeerVoter(store, peer).start());
      return node;
    }

    before(() => {
      h = harness(backend);
    });
    afterEach(async () => {
      for (const v of voters.splice(0)) await v.stop();
      for (const n of running.splice(0)) await n.stop();
    });
    after(async () => {
      await h.cleanup();
    });

    test("a transfer posted to one member while its input waits in the other member's backlog is accepted and ends valid", async () => {
      const store = await h.fresh();
      // `a` cannot write blocks for now: what is assigned to it waits in the shared backlog.
      const faulty = new FaultyStore(store);
      const a = await started(makeBigchain(faulty.store, me, { keyring: [peer.publicKey] }));
      faulty.failing.add('writeBlock');
      const b = await started(makeBigchain(await h.another(), peer, { keyring: [me.publicKey] }));
      const coin = createTx(alice);
      await store.addToBacklog([{ tx: coin, assignee: me.publicKey }]);
      // `b` never saw the CREATE: it is neither in b's memory nor in a block, only in a's backlog.
      const spend = transferTx(coin, alice, bob);
      accepted(await submit(b, spend));
      assert.equal((await b.reads.getStatus(coin.id))?.status, 'backlog');
      faulty.failing.clear();
      await waitForStatus(a, coin.id, 'valid');
      await waitForStatus(b, spend.id, 'valid');
    });

    test('a block that loses a race at write time leaves out the transactions spending a loser', async () => {
      const store = await h.fresh();
      const rivalStore = await h.another();
      const node = await withPeer(store);
      const coin = accepted(await submit(node, ownCreate(node), 'commit'));
      const loser = transferTx(coin, alice, bob, { who: 'loser' });
      const child = transferTx(loser, bob, alice, { who: 'child' });
      const rival = transferTx(coin, alice, generateKeypair(), { who: 'rival' });
      // Right before this node writes its block, another member's block takes the coin.
      let raced = false;
      const racing = new Proxy(store, {
        get(target, prop, receiver) {
          const value: unknown = Reflect.get(target, prop, receiver);
          if (typeof value !== 'function') return value;
          // Called on the store itself: its private fields are not reachable through a proxy.
          const call = (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
          if (prop !== 'writeBlock') return call;
          return async (...args: unknown[]) => {
            if (!raced) {
              raced = true;
              await rivalStore.writeBlock(createBlock([rival], peer, federation, now()));
            }
            return call(...args);
          };
        },
      });
      await node.stop();
      const racer = await started(makeBigchain(racing, me, { keyring: [peer.publicKey] }));
      await store.addToBacklog([
        { tx: loser, assignee: me.publicKey },
        { tx: child, assignee: me.publicKey },
      ]);
      const lost = await waitForStatus(racer, loser.id, 'invalid');
      assert.equal(lost.reasonCode, 'DoubleSpend');
      const orphan = await waitForStatus(racer, child.id, 'invalid');
      assert.equal(orphan.reasonCode, 'InputDoesNotExist');
      assert.deepEqual(await store.getBlocksContaining(child.id), [], 'no block ever held the orphan');
      await waitForStatus(racer, rival.id, 'valid');
    });

    test('blocks and votes of a key outside the federation are ignored, voted invalid and reported once each', async () => {
      const store = await h.fresh();
      const node = await withPeer(store);
      const outsider = generateKeypair();
      const tx = createTx(alice, { from: 'outsider block' });
      // The outsider lists itself among the voters and votes for its own block.
      const block = createBlock([tx], outsider, [...federation, outsider.publicKey].sort(), now());
      await store.writeBlock(block);
      const own = new PeerVoter(store, outsider);
      voters.push(own.start());
      await waitFor('the outsider block to be decided', async () => {
        const [b] = await store.getBlocksById([block.id]);
        return b?.status === 'undecided' ? undefined : b;
      });
      assert.equal((await store.getBlocksById([block.id]))[0]?.status, 'invalid');
      // Its transaction was requeued to the federation and ends valid in a member's block.
      const s = await waitForStatus(node, tx.id, 'valid');
      assert.notEqual(s.blockId, block.id);
      // Votes on blocks decided before they arrived are the watchdog's to see.
      await waitFor('the outsider votes to be reported', async () => {
        await node.runWatchdog();
        return node.federationReport().findings.counts.VoteFromOutsider ? true : undefined;
      });
      const report = node.federationReport();
      assert.equal(report.findings.counts.BlockFromOutsider, 1);
      const recent = report.findings.recent.filter((f) => f.key === outsider.publicKey);
      assert.ok(recent.some((f) => f.code === 'BlockFromOutsider' && f.blockId === block.id));
      assert.ok(recent.some((f) => f.code === 'VoteFromOutsider'));
      // Polling reads the same votes again and again; each is still counted once.
      const votesBefore = report.findings.counts.VoteFromOutsider;
      await node.settle();
      assert.equal(node.federationReport().findings.counts.VoteFromOutsider, votesBefore);
    });

    test('a member that lists only itself as voter cannot decide its own block', async () => {
      const store = await h.fresh();
      const node = await withPeer(store);
      const tx = createTx(alice, { from: 'self-quorum' });
      // The peer is a member, but its block names a single voter: itself, who votes valid. This
      // node votes it invalid (InvalidVoters), and the tally over members never lets one vote do.
      const block = createBlock([tx], peer, [peer.publicKey], now());
      await store.writeBlock(block);
      await waitFor('the self-voted block to be decided', async () => {
        const [b] = await store.getBlocksById([block.id]);
        return b?.status === 'undecided' ? undefined : b;
      });
      assert.equal((await store.getBlocksById([block.id]))[0]?.status, 'invalid');
      await waitForStatus(node, tx.id, 'valid');
    });

    test('the watchdog finds edited transactions, forged votes and deleted blocks, and reads never serve them as valid', async () => {
      const store = await h.fresh();
      const node = await withPeer(store);
      const txs: SignedTransaction[] = [];
      const heights: number[] = [];
      for (const tag of ['edited', 'one-vote', 'two-votes', 'deleted']) {
        const tx = accepted(await submit(node, ownCreate(node, { tag }), 'commit'));
        const s = await waitForStatus(node, tx.id, 'valid');
        txs.push(tx);
        heights.push((await store.getStatuses([tx.id]))[0]!.height!);
        assert.ok(s.blockId);
      }
      assert.equal(new Set(heights).size, 4);
      await waitFor('both votes on every block', async () => {
        const blocks = await store.getBlocksByHeight(heights);
        const votes = await store.getVotes(blocks.map((b) => b!.block.id));
        return votes.every((v) => v.length === 2) ? true : undefined;
      });
      await node.runWatchdog();
      assert.equal(
        node.federationReport().watchdog.tamperedBlocks.length,
        0,
        'a clean chain has no findings',
      );
      // The status an operator's alert keys on (bigchaindb_status, health's node_status).
      const probe = new NodeStatusProbe(node);
      assert.deepEqual(await probe.check(), { code: 0, name: 'healthy' });
      const [edited, oneVote, twoVotes, deleted] = txs as [
        SignedTransaction,
        SignedTransaction,
        SignedTransaction,
        SignedTransaction,
      ];
      const [hEdited, hOne, hTwo, hDeleted] = heights as [number, number, number, number];
      const blockAt = async (height: number) => (await store.getBlocksByHeight([height]))[0]!.block.id;
      const ids = { edited: await blockAt(hEdited), one: await blockAt(hOne), two: await blockAt(hTwo) };
      const deletedId = await blockAt(hDeleted);

      await h.exec(
        `UPDATE transactions SET tx = replace(tx, '"edited"', '"EDITED"') WHERE height = ${hEdited}`,
      );
      // Read before any watchdog pass: the edited content is not served.
      assert.equal(await node.reads.getTransaction(edited.id), undefined);
      assert.notEqual((await node.reads.getStatus(edited.id))?.status, 'valid');
      // Two members: one forged vote leaves one valid vote of two, below a majority.
      const flip = `UPDATE votes SET vote = replace(vote, '"is_block_valid":true', '"is_block_valid":false')`;
      await h.exec(`${flip} WHERE height = ${hOne} AND node_pubkey = '${peer.publicKey}'`);
      await h.exec(`${flip} WHERE height = ${hTwo}`);
      await h.exec(`DELETE FROM blocks WHERE height = ${hDeleted}`);
      await node.runWatchdog();

      const report = node.federationReport();
      const found = (code: string, blockId: string) =>
        report.findings.recent.some(
          (f) => f.code === code && f.blockId === blockId && f.source === 'watchdog',
        );
      assert.ok(found('BlockAltered', ids.edited), JSON.stringify(report.findings.counts));
      assert.ok(found('TransactionIdMismatch', ids.edited));
      assert.ok(found('InvalidVoteSignature', ids.one));
      assert.ok(found('DecisionWithoutQuorum', ids.one));
      assert.ok(found('DecisionWithoutQuorum', ids.two));
      assert.ok(found('BlockMissing', deletedId));
      assert.deepEqual(
        new Set(report.watchdog.tamperedBlocks.map((b) => b.blockId)),
        new Set([ids.edited, ids.one, ids.two, deletedId]),
      );
      assert.deepEqual(await probe.check(), { code: 3, name: 'watchdog_finding' });
      for (const tx of [edited, oneVote, twoVotes, deleted]) {
        const status = await node.reads.getStatus(tx.id);
        assert.equal(status?.status, 'undecided', tx.id);
        assert.equal(status?.reasonCode, 'Tampered');
        assert.equal(await node.reads.getTransaction(tx.id), undefined);
      }
      assert.ok(node.reads.isTampered(ids.two));
      const [twoBlock] = await store.getBlocksById([ids.two]);
      assert.equal(await node.reads.vetBlock(twoBlock!), null);
      assert.deepEqual(node.reads.vetVotes(twoBlock!, (await store.getVotes([ids.two]))[0]!), []);

      // Putting the forged votes back as they were: the block is served again.
      const unflip = `UPDATE votes SET vote = replace(vote, '"is_block_valid":false', '"is_block_valid":true')`;
      await h.exec(`${unflip} WHERE height = ${hTwo}`);
      await node.runWatchdog();
      assert.equal((await node.reads.getStatus(twoVotes.id))?.status, 'valid');
      assert.equal(node.reads.isTampered(ids.two), false);
    });

    test('new transactions are not assigned to a member that stopped voting; it gets them again once it votes', async () => {
      const clock = new ManualClock(1_700_000_000_000);
      const store = await h.fresh(clock);
      const node = await started(
        makeBigchain(store, me, { keyring: [peer.publicKey], clock, backlogReassignDelayMs: 10_000 }),
      );
      accepted(await submit(node, createTx(alice)));
      await node.runStaleMonitor();
      clock.advance(11_000);
      await node.runStaleMonitor();
      // The peer never voted on the blocks that were there 10 s ago.
      const members = node.federationReport().members;
      assert.deepEqual(
        members.map((m) => [m.publicKey === peer.publicKey, m.suspectedDown]),
        federation.map((k) => [k === peer.publicKey, k === peer.publicKey]),
      );
      for (let i = 0; i < 20; i++) assert.equal(node.assigneeOf(createTx(alice).id), me.publicKey);
      // It comes back and votes on everything: assignments spread again.
      const back = new PeerVoter(store, peer, undefined, clock);
      voters.push(back.start());
      const top = (await store.latestHeight())!;
      await waitFor('the peer to catch up', async () =>
        ((await store.getVoteHeights([peer.publicKey]))[0] ?? -1) >= top ? true : undefined,
      );
      await node.runStaleMonitor();
      const spread = new Set(Array.from({ length: 40 }, () => node.assigneeOf(createTx(alice).id)));
      assert.equal(spread.size, 2);
    });
  });
}
