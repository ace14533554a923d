// The node's one event stream, on a real node over real SQLite: acceptances, refusals at ingest
// and in a block, blocks written and decided, votes cast, status changes and integrity findings,
// each emitted once by the pipeline that knows it, so metrics, streams and logs need not reach in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/core';
import { harness, type Harness } from '../store/test/backends.js';
import { waitFor } from '@bigchaindb-ts/testing';
import type { Bigchain } from './bigchain.js';
import type { NodeEventMap, NodeEventName } from './events.js';
import { NodeEvents } from './events.js';
import { createTx, makeBigchain, submit, transferTx, waitForStatus } from './test/node-harness.js';

/** Every event of `node`, in order, with its name. */
function record(node: Bigchain) {
  const seen: { name: NodeEventName; e: NodeEventMap[NodeEventName] }[] = [];
  const names: NodeEventName[] = [
    'accepted',
    'rejected',
    'status',
    'blockWritten',
    'blockDecided',
    'voteCast',
    'finding',
  ];
  for (const name of names) node.events.on(name, (e) => seen.push({ name, e }));
  return {
    seen,
    of: <K extends NodeEventName>(name: K) =>
      seen.filter((s) => s.name === name).map((s) => s.e as NodeEventMap[K]),
  };
}

describe('node events (SQLite)', () => {
  let h: Harness;
  let node: Bigchain;
  const alice = generateKeypair();
  const bob = generateKeypair();
  before(async () => {
    h = harness('sqlite');
    node = makeBigchain(await h.fresh(), generateKeypair());
    await node.start();
  });
  after(async () => {
    await node.stop();
    await h.cleanup();
  });

  test('a transaction accepted, written in a block, voted, decided: each step once, in order', async () => {
    const events = record(node);
    const tx = createTx(alice, { events: 1 });
    assert.equal((await submit(node, tx)).ok, true);
    const valid = await waitForStatus(node, tx.id, 'valid');
    await waitFor('the decision event', () =>
      Promise.resolve(events.of('blockDecided').some((b) => b.transactionIds.includes(tx.id)) || undefined),
    );
    assert.deepEqual(events.of('accepted'), [{ id: tx.id, assignee: node.publicKey }]);
    const written = events.of('blockWritten').filter((b) => b.id === valid.blockId);
    assert.equal(written.length, 1);
    assert.equal(written[0]!.decided, true, 'alone in its federation, the block is written decided');
    assert.equal(written[0]!.transactionCount, 1);
    assert.deepEqual(
      events
        .of('voteCast')
        .filter((v) => v.blockId === valid.blockId)
        .map((v) => [v.valid, v.reason]),
      [[true, null]],
    );
    const decided = events.of('blockDecided').filter((b) => b.id === valid.blockId);
    assert.deepEqual(
      decided.map((d) => [d.status, d.transactionIds]),
      [['valid', [tx.id]]],
    );
    assert.deepEqual(
      events
        .of('status')
        .filter((s) => s.id === tx.id)
        .map((s) => s.status),
      ['valid'],
    );
    // (The genesis block's vote and decision may come first: it was written as the node started.)
    const concerns = (e: object) =>
      ('id' in e && (e.id === tx.id || e.id === valid.blockId)) ||
      ('blockId' in e && e.blockId === valid.blockId);
    const order = events.seen.filter((s) => s.name !== 'status' && concerns(s.e)).map((s) => s.name);
    assert.deepEqual(order, ['accepted', 'blockWritten', 'voteCast', 'blockDecided']);
  });

  test('refusals at ingest carry the code, and the id once the text was a transaction', async () => {
    const events = record(node);
    const tx = createTx(alice, { events: 2 });
    assert.equal((await submit(node, tx, 'commit')).ok, true);
    assert.equal((await submit(node, transferTx(tx, alice, bob, { n: 1 }), 'commit')).ok, true);
    const spendAgain = transferTx(tx, alice, bob, { n: 2 });
    assert.equal((await submit(node, spendAgain)).ok, false);
    assert.equal((await node.submit('{"not": "a transaction"}', 'async')).ok, false);
    const rejected = events.of('rejected');
    assert.deepEqual(
      rejected.map((r) => [r.id, r.code, r.stage]),
      [
        [spendAgain.id, 'DoubleSpend', 'ingest'],
        [undefined, 'SchemaValidationError', 'ingest'],
      ],
    );
  });

  test('an integrity finding is an event too', async () => {
    const events = record(node);
    const tx = createTx(alice, { events: 3 });
    assert.equal((await submit(node, tx, 'commit')).ok, true);
    await h.exec(
      `UPDATE transactions SET tx = replace(tx, '"events":3', '"events":4') WHERE tx LIKE '%${tx.id}%'`,
    );
    assert.equal(await node.reads.getTransaction(tx.id), undefined, 'an edited transaction is not served');
    // (A watchdog pass may report the same block under another code meanwhile.)
    const findings = events.of('finding').filter((f) => f.code === 'TamperedInput');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.code, 'TamperedInput');
    assert.equal(findings[0]!.txId, tx.id);
  });
});

test('a listener that throws is reported and does not stop the others', () => {
  const failures: string[] = [];
  const events = new NodeEvents((err, name) => failures.push(`${name}: ${(err as Error).message}`));
  const got: string[] = [];
  events.on('accepted', () => {
    throw new Error('bad listener');
  });
  events.on('accepted', (e) => got.push(e.id));
  events.emit('accepted', { id: 'a', assignee: 'k' });
  assert.deepEqual(got, ['a']);
  assert.deepEqual(failures, ['accepted: bad listener']);
});
