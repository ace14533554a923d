// The event streams of a real node: valid transactions replayed from a height and then live, a
// forced disconnect (the node is killed and restarted on its data) resumed with nothing missed or
// repeated, and block events.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/core';
import { Connection } from './connection.js';
import type { BlockEvent, ValidTransactionEvent } from './subscription.js';
import { transaction } from './transaction.js';
import { NodeSet } from './test/node-processes.js';

const nodes = new NodeSet();
after(() => nodes.stopAll());

/** Collects events and resolves `until(pred)` once the collected events satisfy it. */
function collector<T>() {
  const events: T[] = [];
  const waiters: { pred: (events: T[]) => boolean; resolve: () => void }[] = [];
  return {
    events,
    onEvent: (e: T) => {
      events.push(e);
      for (const w of [...waiters]) {
        if (w.pred(events)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    },
    until: (pred: (events: T[]) => boolean) =>
      new Promise<void>((resolve) => (pred(events) ? resolve() : waiters.push({ pred, resolve }))),
  };
}

describe('event streams of a real node', () => {
  test('valid_transactions from height 0, through a kill -9 and restart of the node: every transaction once, in order', async () => {
    const node = await nodes.start();
    const conn = new Connection(node.url);
    const alice = generateKeypair();
    let n = 0;
    const post = async () => {
      const tx = transaction.create({ issuers: alice, asset: { stream: n++ } });
      await conn.postTransactionCommit(tx);
      return tx.id;
    };
    const ids = [await post(), await post()];
    const got = collector<ValidTransactionEvent>();
    const errors: Error[] = [];
    const sub = conn.subscribe('valid_transactions', {
      fromHeight: 0,
      onEvent: got.onEvent,
      onError: (e) => errors.push(e),
    });
    const has = (want: string[]) => (events: ValidTransactionEvent[]) =>
      want.every((id) => events.some((e) => e.transaction_id === id));
    // Replayed from the store...
    await got.until(has(ids));
    // ...then live.
    ids.push(await post());
    await got.until(has(ids));

    await node.stop('SIGKILL');
    const restarted = await nodes.start({ home: node.home });
    assert.equal(restarted.url, node.url);
    ids.push(await post(), await post());
    await got.until(has(ids));
    sub.close();

    const delivered = got.events.map((e) => e.transaction_id);
    assert.deepEqual(delivered, ids, 'each transaction once, in ledger order');
    const heights = got.events.map((e) => e.height);
    assert.deepEqual(
      heights,
      [...heights].sort((a, b) => a - b),
    );
    assert.ok(
      errors.some((e) => /disconnected/.test(e.message)),
      'the disconnect was reported',
    );
    assert.equal(sub.position, Math.max(...heights));
  });

  test('blocks: one event per decided block, in height order, naming its transactions', async () => {
    const node = await nodes.start();
    const conn = new Connection(node.url);
    const alice = generateKeypair();
    const got = collector<BlockEvent>();
    const sub = conn.subscribe('blocks', { onEvent: got.onEvent });
    await sub.opened;
    const tx = transaction.create({ issuers: alice, asset: { blocks: 1 } });
    await conn.postTransactionCommit(tx);
    await got.until((events) => events.some((b) => b.transaction_ids?.includes(tx.id)));
    sub.close();
    const block = got.events.find((b) => b.transaction_ids?.includes(tx.id))!;
    assert.equal(block.status, 'valid');
    assert.deepEqual(await conn.listBlocks(tx.id), [block.height]);
    const heights = got.events.map((b) => b.height);
    assert.deepEqual(
      heights,
      [...new Set(heights)].sort((a, b) => a - b),
    );
  });
});
