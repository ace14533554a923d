// Consensus plugins over HTTP, on a real node: a refusal reaches the client as
// {"message", "status": 400, "code"} with the plugin's own code, and a plugin's ledger view holds
// what the node accepted but has not put in a block yet. A plugin's block rule makes a member vote
// a block invalid with that code.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeypair, type SignedTransaction } from '@bigchaindb-ts/core';
import { BaseConsensusRules, loadConsensusRules, loadRulesChain } from '../consensus/index.js';
import type { Bigchain } from '../node/index.js';
import {
  createTx,
  FaultyStore,
  makeBigchain,
  submit,
  transferTx,
  waitForStatus,
} from '../node/test/node-harness.js';
import { backendCases, harness, type Harness } from '../store/test/backends.js';
import { waitFor } from '@bigchaindb-ts/testing';
import { buildApp } from './app.js';

const plugin = (name: string) =>
  fileURLToPath(new URL(`../consensus/test-plugins/${name}.js`, import.meta.url));

const cases = await backendCases();

for (const { backend, skip } of cases) {
  describe(`consensus plugins over HTTP: ${backend}`, { skip }, () => {
    let h: Harness;
    const nodes: Bigchain[] = [];
    const alice = generateKeypair();
    const bob = generateKeypair();
    before(() => {
      h = harness(backend);
    });
    // A test's nodes stop with it: on PostgreSQL the next test's fresh store is the same
    // database, and a node left running would vote on (and decide) that test's blocks.
    afterEach(async () => {
      for (const n of nodes.splice(0)) await n.stop();
    });
    after(async () => {
      await h.cleanup();
    });
    const started = async (n: Bigchain) => {
      nodes.push(n);
      await n.start();
      return n;
    };
    const poster = (node: Bigchain) => {
      const app = buildApp({ node, bodySizeBytesMax: 1 << 20 });
      return (tx: SignedTransaction, mode = 'async') =>
        app.inject({
          method: 'POST',
          url: `/api/v1/transactions?mode=${mode}`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(tx),
        });
    };

    test("a plugin's refusal is a 400 with its code, judged against pending transactions too", async () => {
      const faulty = new FaultyStore(await h.fresh());
      const rules = await loadRulesChain(`default,${plugin('locked-inputs')}`);
      const node = await started(makeBigchain(faulty.store, generateKeypair(), { rules }));
      const post = poster(node);
      // The locked CREATE stays in the backlog: no block is written while the test looks.
      faulty.failing.add('writeBlock');
      const locked = createTx(alice, { locked: true });
      assert.equal((await post(locked)).statusCode, 202);
      const res = await post(transferTx(locked, alice, bob));
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(Object.keys(res.json()).sort(), ['code', 'message', 'status']);
      assert.equal(res.json().code, 'ExampleLockedInput');
      assert.equal(res.json().status, 400);
      assert.equal((await node.reads.getStatus(locked.id))?.status, 'backlog', 'the input was pending');
      faulty.failing.clear();
      await waitForStatus(node, locked.id, 'valid');
      // Once in a block the rule still holds; an unlocked output moves freely.
      assert.equal((await post(transferTx(locked, alice, bob))).json().code, 'ExampleLockedInput');
      const free = createTx(alice, { locked: false });
      assert.equal((await post(free, 'commit')).statusCode, 202);
      assert.equal((await post(transferTx(free, alice, bob), 'commit')).statusCode, 202);
    });

    test('a legacy plugin loaded by path refuses odd metadata.timestamp: 400 RuleViolation; even is valid', async () => {
      const evenTimestampsPlugin = plugin('even-timestamps');
      const byAbsolutePath = await loadConsensusRules(evenTimestampsPlugin);
      const base = dirname(evenTimestampsPlugin);
      const byRelativePath = await loadConsensusRules(`./${relative(base, evenTimestampsPlugin)}`, base);
      for (const rules of [byAbsolutePath, byRelativePath]) {
        assert.equal(rules.name, 'even-timestamps');
        assert.ok(rules instanceof BaseConsensusRules);
      }
      const node = await started(makeBigchain(await h.fresh(), generateKeypair(), { rules: byAbsolutePath }));
      const post = poster(node);
      const odd = createTx(alice, { timestamp: 1_700_000_001 });
      const oddRes = await post(odd);
      assert.equal(oddRes.statusCode, 400);
      assert.equal(oddRes.json().code, 'RuleViolation');
      assert.equal(await node.reads.getStatus(odd.id), undefined);
      const even = createTx(alice, { timestamp: 1_700_000_002 });
      const evenRes = await post(even, 'commit');
      assert.equal(evenRes.statusCode, 202, evenRes.body);
      assert.equal((await node.reads.getStatus(even.id))?.status, 'valid');
      // The rule holds for transfers too, and default rules still apply under the plugin.
      const refused = async (tx: SignedTransaction, code: string) => {
        const r = await submit(node, tx);
        assert.equal(!r.ok && r.error.code, code);
      };
      await refused(transferTx(even, alice, bob, { timestamp: 3 }), 'RuleViolation');
      assert.equal((await submit(node, transferTx(even, alice, bob, { timestamp: 4 }), 'commit')).ok, true);
      await refused(transferTx(even, alice, bob, { timestamp: 6 }), 'DoubleSpend');
    });

    test("a plugin's block rule: the member running it votes the block invalid with the plugin's code", async () => {
      const store = await h.fresh();
      const maker = generateKeypair();
      const judge = generateKeypair();
      // The maker runs the default rules only; the judge also runs the plugin, and votes.
      const rules = await loadRulesChain(plugin('locked-inputs'));
      const makerNode = await started(makeBigchain(store, maker, { keyring: [judge.publicKey] }));
      await started(makeBigchain(store, judge, { keyring: [maker.publicKey], rules }));
      {
        let tx: SignedTransaction;
        do tx = createTx(alice, { poison: true });
        while (makerNode.assigneeOf(tx.id) !== maker.publicKey);
        assert.equal((await submit(makerNode, tx)).ok, true);
        // The maker's block, not a later one: voted invalid, the transaction goes back to the
        // backlog, and the judge (whose transaction rules accept it) may put it in a block of its own.
        const vote = await waitFor("the judge to vote on the maker's block", async () => {
          const blocks = await store.getBlocksContaining(tx.id);
          const made = blocks.find((b) => b.block.block.node_pubkey === maker.publicKey);
          if (!made) return undefined;
          const [votes = []] = await store.getVotes([made.block.id]);
          return votes.find((v) => v.node_pubkey === judge.publicKey);
        });
        assert.equal(vote.vote.is_block_valid, false);
        assert.equal(vote.vote.invalid_reason, 'ExamplePoisonBlock');
      }
    });
  });
}
