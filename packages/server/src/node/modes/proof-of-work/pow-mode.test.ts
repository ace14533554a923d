// The proof-of-work mode inside one process: nodes with their own stores (SQLite, and PostgreSQL
// databases of their own), a miner in a worker, statuses by depth, and branches offered from one
// node to another (what peers do over HTTP).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/core';
import { backendCases, harness, type Harness } from '../../../store/test/backends.js';
import type { Bigchain } from '../../bigchain.js';
import { createTx, makeBigchain, submit, transferTx, waitForStatus } from '../../test/node-harness.js';
import { proofOfWorkMode, type PowMode } from './pow-mode.js';

const network = { name: 'unit', difficulty: 1 };

for (const { backend, skip } of await backendCases())
  describe(`proof-of-work mode (${backend}, in process)`, { skip }, () => {
    const harnesses: Harness[] = [];
    const nodes: Bigchain[] = [];
    after(async () => {
      for (const n of nodes) await n.stop();
      for (const h of harnesses) await h.cleanup();
    });

    async function powNode(options: { mine?: boolean } = {}): Promise<{ node: Bigchain; mode: PowMode }> {
      const h = harness(backend);
      harnesses.push(h);
      const mode = proofOfWorkMode({ network, confirmations: 2, blockIntervalMs: 20, ...options });
      const node = makeBigchain(await h.fresh(), generateKeypair(), { mode });
      nodes.push(node);
      await node.start();
      return { node, mode };
    }

    const alice = generateKeypair();
    const bob = generateKeypair();

    test('one node: a create and its transfer end valid after enough blocks, with confirmations', async () => {
      const { node, mode } = await powNode();
      assert.equal(node.modeName, 'proof-of-work');
      assert.equal(mode.chain.tip().height, 0, 'the genesis alone: nothing to mine');
      const tx = createTx(alice, { pow: 1 });
      assert.equal((await submit(node, tx)).ok, true);
      const next = transferTx(tx, alice, bob);
      assert.equal((await submit(node, next)).ok, true);
      await waitForStatus(node, tx.id, 'valid');
      await waitForStatus(node, next.id, 'valid');
      const status = await node.reads.getStatus(next.id);
      assert.ok((status?.confirmations ?? 0) >= 2, `confirmations ${String(status?.confirmations)}`);
      // The miner stops once every block holding transactions is final.
      await node.settle();
      const tip = mode.chain.tip().height;
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(mode.chain.tip().height, tip, 'an idle miner mines nothing');
      node.assertPendingConsistent();
    });

    test('a longer branch from another node is adopted; the abandoned transactions come back or end invalid', async () => {
      const a = await powNode();
      const b = await powNode({ mine: false });
      // b has its own transactions, mined nowhere yet; one spends the same output a's branch will.
      const base = createTx(alice, { base: 1 });
      assert.equal((await submit(a.node, base)).ok, true);
      await waitForStatus(a.node, base.id, 'valid');
      const upTo = a.mode.chain.tip().height;
      assert.equal((await b.mode.chain.offer(0, await a.mode.chain.blocks(1, upTo))).status, 'adopted');
      await waitForStatus(b.node, base.id, 'valid');
      const toBob = transferTx(base, alice, bob);
      const toCarol = transferTx(base, alice, generateKeypair());
      const loner = createTx(bob, { loner: 1 });
      assert.equal((await submit(a.node, toBob)).ok, true);
      await waitForStatus(a.node, toBob.id, 'valid');
      assert.equal((await submit(b.node, toCarol)).ok, true);
      assert.equal((await submit(b.node, loner)).ok, true);
      // a's branch reaches b: toCarol is a double spend there, the loner waits in the backlog.
      const fork = upTo;
      const branch = await a.mode.chain.blocks(fork + 1, 100);
      const outcome = await b.mode.chain.offer(fork, branch);
      assert.equal(outcome.status, 'adopted');
      await waitForStatus(b.node, toBob.id, 'valid');
      assert.equal(b.mode.chain.tip().hash, a.mode.chain.tip().hash);
      assert.equal((await b.node.reads.getStatus(loner.id))?.status, 'backlog');
      // A branch with a block changed in transit is refused, and the chain stays.
      const bad = branch.map((blk, i) => (i === 0 ? { ...blk, proof: (blk.proof ?? 0) + 1 } : blk));
      const refused = await b.mode.chain.offer(fork, bad);
      assert.equal(refused.status, 'refused');
      assert.equal(refused.status === 'refused' && refused.fault, 'InvalidProof');
      assert.equal(b.mode.chain.tip().hash, a.mode.chain.tip().hash);
    });
  });
