// A consensus plugin that brings a ledger index with unique claims, on a real node over SQLite
// and PostgreSQL: the chain refuses a second claim of a key at ingest (held by a pending
// transaction or a live block) and in a block made of unchecked backlog, and when another
// member's block takes the key between the block maker's checks and its write, the store's
// atomic check refuses the block and the loser is rejected with the index's code.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  signTransaction,
  type Keypair,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import { loadRulesChain, type RulesChain } from '../consensus/index.js';
import { createBlock, systemClock, unixTimestamp } from '../model/index.js';
import type { Store } from '../store/index.js';
import { backendCases, harness, type Harness } from '../store/test/backends.js';
import type { Bigchain } from './bigchain.js';
import { FaultyStore, makeBigchain, submit, waitForStatus } from './test/node-harness.js';

const cases = await backendCases();
const plugin = fileURLToPath(new URL('../consensus/test-plugins/serial-registry.js', import.meta.url));

function registration(owner: Keypair, serial: string): SignedTransaction {
  return signTransaction(
    makeCreateTransaction(
      { serial, nonce: generateKeypair().publicKey },
      null,
      [makeOwnerOutput(owner.publicKey, '1')],
      [owner.publicKey],
    ),
    owner.privateKey,
  );
}

for (const { backend, skip } of cases) {
  describe(`a plugin's ledger index with unique claims: ${backend}`, { skip }, () => {
    let rules: RulesChain;
    let h: Harness;
    const nodes: Bigchain[] = [];
    const alice = generateKeypair();
    before(async () => {
      rules = await loadRulesChain(`default, ${plugin}`);
      h = harness(backend, { indexes: rules.indexes });
    });
    // A test's nodes stop with it: on PostgreSQL the next test's fresh store is the same
    // database, and a node left running would vote on (and decide) that test's blocks.
    afterEach(async () => {
      for (const n of nodes.splice(0)) await n.stop();
    });
    after(async () => {
      await h.cleanup();
    });
    const started = async (store: Store, keypair = generateKeypair(), keyring: string[] = []) => {
      const node = makeBigchain(store, keypair, { rules, keyring });
      nodes.push(node);
      await node.start();
      return node;
    };
    const refused = (r: Awaited<ReturnType<typeof submit>>, code: string) =>
      assert.equal(r.ok ? `accepted as ${r.status}` : r.error.code, code);

    test('refused at ingest while the first claim is pending, and once it is valid; the index answers', async () => {
      const faulty = new FaultyStore(await h.fresh());
      const node = await started(faulty.store);
      faulty.failing.add('writeBlock');
      const first = registration(alice, 'S-1');
      assert.equal((await submit(node, first)).ok, true);
      refused(await submit(node, registration(alice, 'S-1')), 'ExampleDuplicateSerial');
      faulty.failing.clear();
      await waitForStatus(node, first.id, 'valid');
      refused(await submit(node, registration(alice, 'S-1')), 'ExampleDuplicateSerial');
      // Re-posting the holder itself is the usual answer for a valid transaction, not a claim clash.
      refused(await submit(node, first), 'DuplicateTransaction');
      refused(await submit(node, registration(alice, 'S'.repeat(33))), 'ExampleSerialTooLong');
      const other = registration(alice, 'S-2');
      assert.equal((await submit(node, other, 'commit')).ok, true);
      assert.deepEqual(await faulty.store.queryIndex('example-serials', 'bySerial', ['S-1']), [
        { tx_id: first.id },
      ]);
      assert.deepEqual(await faulty.store.getClaimHolders('example-serials', ['S-1', 'S-2', 'S-3']), [
        first.id,
        other.id,
        null,
      ]);
    });

    test('two claims of one key reaching the backlog unchecked: one valid, the other invalid with the code', async () => {
      const store = await h.fresh();
      const me = generateKeypair();
      const [a, b] = [registration(alice, 'S-9'), registration(alice, 'S-9')];
      // Written to the backlog directly, as another member's ingest would have (it did not see the other).
      await store.addToBacklog([a, b].map((tx) => ({ tx, assignee: me.publicKey })));
      const node = await started(store, me);
      const fates = await Promise.all([a, b].map((tx) => waitForStatus(node, tx.id, ['valid', 'invalid'])));
      assert.deepEqual(fates.map((f) => f.status).sort(), ['invalid', 'valid']);
      assert.equal(fates.find((f) => f.status === 'invalid')!.reasonCode, 'ExampleDuplicateSerial');
    });

    test("a claim another member's block takes just before the write: the store refuses, the loser is rejected with the code", async () => {
      const inner = await h.fresh();
      const me = generateKeypair();
      const rival = generateKeypair();
      const contested = registration(alice, 'S-7');
      const rivals = registration(alice, 'S-7');
      let raced = false;
      // The rival's block is written between this node's checks and its own write.
      const store = new Proxy(inner, {
        get(target, prop) {
          if (prop !== 'writeBlock') {
            const value: unknown = Reflect.get(target, prop, target);
            return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
          }
          return async (...args: Parameters<Store['writeBlock']>) => {
            if (!raced && args[0].block.transactions.some((tx) => tx.id === contested.id)) {
              raced = true;
              const federation = [me.publicKey, rival.publicKey].sort();
              await target.writeBlock(createBlock([rivals], rival, federation, unixTimestamp(systemClock)));
            }
            return target.writeBlock(...args);
          };
        },
      });
      const node = await started(store, me, [rival.publicKey]);
      // Assigned to this node, so its block maker takes it.
      await inner.addToBacklog([{ tx: contested, assignee: me.publicKey }]);
      const fate = await waitForStatus(node, contested.id, 'invalid');
      assert.equal(raced, true);
      assert.equal(fate.reasonCode, 'ExampleDuplicateSerial');
      assert.deepEqual(await inner.getClaimHolders('example-serials', ['S-7']), [rivals.id]);
      assert.equal((await inner.getStatuses([rivals.id]))[0]?.status, 'undecided');
    });
  });
}
