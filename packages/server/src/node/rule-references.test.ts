// The rule-references seam on a real node: a plugin's rule reads a transaction that is not an
// input (`RulePlugin.references`), found whether it is pending or in a valid block; both end up
// valid, the child in the parent's block or a later one.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { generateKeypair } from '@bigchaindb-ts/core';
import { loadRulesChain, type RulesChain } from '../consensus/index.js';
import {
  BACKENDS,
  harness,
  pgHost,
  pgPort,
  postgresReachable,
  type Harness,
} from '../store/test/backends.js';
import type { Bigchain } from './bigchain.js';
import { createTx, FaultyStore, makeBigchain, submit, waitForStatus } from './test/node-harness.js';

const pgUp = BACKENDS.includes('postgresql') ? await postgresReachable() : false;
const plugin = fileURLToPath(new URL('../consensus/test-plugins/named-parent.js', import.meta.url));

for (const backend of BACKENDS) {
  const skip = backend === 'postgresql' && !pgUp ? `not reachable at ${pgHost}:${pgPort}` : false;
  describe(`a rule that reads a transaction it does not spend: ${backend}`, { skip }, () => {
    let rules: RulesChain;
    let h: Harness;
    const nodes: Bigchain[] = [];
    const alice = generateKeypair();
    before(async () => {
      rules = await loadRulesChain(`default, ${plugin}`);
      h = harness(backend);
    });
    afterEach(async () => {
      for (const n of nodes.splice(0)) await n.stop();
    });
    after(async () => {
      await h.cleanup();
    });

    test('the parent is read pending and valid; a missing one is refused with the code', async () => {
      const faulty = new FaultyStore(await h.fresh());
      const node = makeBigchain(faulty.store, generateKeypair(), { rules });
      nodes.push(node);
      await node.start();
      // No block is written while the parent is pending.
      faulty.failing.add('writeBlock');
      const parent = createTx(alice);
      assert.equal((await submit(node, parent)).ok, true);
      const child = createTx(alice, { parent: parent.id });
      assert.equal((await submit(node, child)).ok, true, 'the pending parent is seen');
      const orphan = createTx(alice, { parent: createTx(alice).id });
      const refused = await submit(node, orphan);
      assert.equal(refused.ok ? 'accepted' : refused.error.code, 'ExampleNoParent');
      faulty.failing.clear();
      await waitForStatus(node, parent.id, 'valid');
      await waitForStatus(node, child.id, 'valid');
      const later = createTx(alice, { parent: parent.id });
      assert.equal((await submit(node, later, 'commit')).ok, true, 'the valid parent is seen');
      assert.equal((await node.reads.getStatus(later.id))?.status, 'valid');
    });
  });
}
