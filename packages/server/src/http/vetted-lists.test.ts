// Long lists (an asset's history, a key's transactions, outputs) vet each stored text once and
// then know it by its SHA-256, asking the node about one transaction per block: a real node on
// SQLite and PostgreSQL, with the database edited behind its back as a person with access would.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair, type SignedTransaction } from '@bigchaindb-ts/core';
import type { FastifyInstance } from 'fastify';
import type { Bigchain } from '../node/index.js';
import { createTx, FaultyStore, makeBigchain, submit, waitForStatus } from '../node/test/node-harness.js';
import type { Store } from '../store/index.js';
import { backendCases, harness, type Harness } from '../store/test/backends.js';
import { buildApp } from './app.js';

const cases = await backendCases();

for (const { backend, skip } of cases) {
  describe(`listed transactions: ${backend}`, { skip }, () => {
    let h: Harness;
    let store: Store;
    let node: Bigchain;
    let app: FastifyInstance;
    const alice = generateKeypair();
    // Two transactions of alice in one block, so that one of them can vouch for the block.
    const pair = [createTx(alice, { n: 1 }), createTx(alice, { n: 2 })];

    before(async () => {
      h = harness(backend);
      store = await h.fresh();
      const faulty = new FaultyStore(store);
      node = makeBigchain(faulty.store, generateKeypair());
      await node.start();
      app = buildApp({ node, bodySizeBytesMax: 64 * 1024 });
      // Held in the backlog until both are there, then written as one block.
      faulty.failing.add('writeBlock');
      for (const tx of pair) assert.equal((await submit(node, tx)).ok, true);
      await faulty.heldAt('writeBlock');
      faulty.failing.clear();
      for (const tx of pair) await waitForStatus(node, tx.id, 'valid');
      const statuses = await store.getStatuses(pair.map((tx) => tx.id));
      assert.equal(statuses[0]?.blockId, statuses[1]?.blockId, 'one block');
    });
    after(async () => {
      await app.close();
      await node.stop();
      await h.cleanup();
    });

    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, res.body);
      return res;
    };
    const byKey = `/api/v1/transactions?public_key=${alice.publicKey}`;
    const outputs = `/api/v1/outputs?public_key=${alice.publicKey}`;

    test('a text edited after it was listed is caught, not taken for the text it was', async () => {
      const listed = (await get(byKey)).json<SignedTransaction[]>();
      assert.deepEqual(listed.map((t) => t.id).sort(), pair.map((t) => t.id).sort());
      // Listed again: both texts are known now, and the first one in the block vouches for it.
      assert.equal((await get(byKey)).body, JSON.stringify(listed));
      assert.equal((await get(outputs)).json().length, 2);
      const [kept, edited] = listed as [SignedTransaction, SignedTransaction];
      await h.exec(
        `UPDATE transactions SET tx = replace(tx, '"n":${JSON.stringify(edited.metadata!.n)}', '"n":3')
         WHERE tx LIKE '%${edited.id}%'`,
      );
      // `kept` too once the block is flagged (on PostgreSQL the edit's notification may come first).
      const answer = (await get(byKey)).body;
      assert.ok([JSON.stringify([kept]), '[]'].includes(answer), answer);
      // The node flagged the block when it read the edited text, so nothing of it is listed now.
      assert.deepEqual((await get(outputs)).json(), []);
    });
  });
}
