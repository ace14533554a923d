// The change-source seam, with an example source plugged in: a member learns of another member's
// block only from its change source (its polls are made too slow to matter), as it will from
// peers. A change only hurries a pipeline: the member reads the store and trusts nothing else.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair, type SignedTransaction } from '@bigchaindb-ts/core';
import type { StoreChange } from '../../store/index.js';
import { harness, type Harness } from '../../store/test/backends.js';
import type { Bigchain } from '../bigchain.js';
import { createTx, makeBigchain, submit, waitForStatus } from '../test/node-harness.js';
import { mergedChangeSource, type ChangeSource } from './change-source.js';

/** The example: a source the test fires by hand. */
function handSource(): ChangeSource & { fire(change: StoreChange): void; listening: number } {
  const listeners = new Set<(c: StoreChange) => void>();
  return {
    name: 'hand',
    get listening() {
      return listeners.size;
    },
    fire: (change) => listeners.forEach((l) => l(change)),
    listen(onChange) {
      listeners.add(onChange);
      return Promise.resolve({
        live: true,
        close: () => {
          listeners.delete(onChange);
          return Promise.resolve();
        },
      });
    },
  };
}

describe('change source seam: an example source plugged in (SQLite)', () => {
  let h: Harness;
  const nodes: Bigchain[] = [];
  const source = handSource();
  const alice = generateKeypair();
  const maker = generateKeypair();
  const listener = generateKeypair();
  let makerNode: Bigchain;
  let listenerNode: Bigchain;

  before(async () => {
    h = harness('sqlite');
    const store = await h.fresh();
    makerNode = makeBigchain(store, maker, { keyring: [listener.publicKey] });
    // Its polls are an hour apart: only the source can wake it.
    listenerNode = makeBigchain(store, listener, {
      keyring: [maker.publicKey],
      pollIntervalMs: 3_600_000,
      changeSource: mergedChangeSource([source]),
    });
    nodes.push(makerNode, listenerNode);
    for (const n of nodes) await n.start();
    // Its first scan (the genesis block) is over before the test writes anything.
    await listenerNode.settle();
  });
  after(async () => {
    for (const n of nodes) await n.stop();
    await h.cleanup();
  });

  test("a block is voted on when the source announces it, and the node's report counts the change", async () => {
    assert.equal(source.listening, 1);
    let tx: SignedTransaction;
    do tx = createTx(alice, { heard: true });
    while (makerNode.assigneeOf(tx.id) !== maker.publicKey);
    assert.equal((await submit(makerNode, tx)).ok, true);
    // The maker votes on its own block; the listener has not heard of it, so it stays undecided.
    await waitForStatus(makerNode, tx.id, 'undecided');
    await listenerNode.settle();
    assert.equal((await listenerNode.reads.getStatus(tx.id))?.status, 'undecided');
    const before = listenerNode.federationReport().notifications;
    assert.equal(before.live, true);
    source.fire({ kind: 'block' });
    await waitForStatus(makerNode, tx.id, 'valid');
    assert.equal(listenerNode.federationReport().notifications.received, before.received + 1);
  });

  test('stopping the node closes its subscription', async () => {
    await listenerNode.stop();
    nodes.splice(nodes.indexOf(listenerNode), 1);
    assert.equal(source.listening, 0);
  });
});
