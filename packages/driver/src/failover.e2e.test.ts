// Failover between two real nodes, one of which is killed mid-run. They are two separate single
// nodes (two ledgers), so each CREATE lands on exactly one of them: which one shows the
// round-robin, and after the kill every call must succeed on the survivor. And T8: a node takes a
// POST but its answer is lost on the way back.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair, type SignedTransaction } from '@bigchaindb-ts/core';
import { Connection } from './connection.js';
import { HttpError } from './errors.js';
import { transaction } from './transaction.js';
import { DroppingProxy } from './test/dropping-proxy.js';
import { NodeSet } from './test/node-processes.js';

const nodes = new NodeSet();
after(() => nodes.stopAll());

/** Where a transaction is valid: asked of each node alone. */
async function validOn(conns: readonly Connection[], tx: SignedTransaction): Promise<number[]> {
  const where: number[] = [];
  for (const [i, c] of conns.entries()) {
    try {
      if ((await c.getStatus(tx.id)).status === 'valid') where.push(i);
    } catch (err) {
      if (!(err instanceof HttpError && err.status === 404)) throw err;
    }
  }
  return where;
}

describe('failover and lost answers against real nodes', () => {
  test('CREATEs go round-robin over both; after one is killed, every call succeeds on the other', async (t) => {
    const [a, b] = await Promise.all([nodes.start(), nodes.start()]);
    const alice = generateKeypair();
    const both = new Connection([a.url, b.url]);
    const onA = new Connection(a.url);
    const onB = new Connection(b.url);
    let n = 0;
    const create = () => transaction.create({ issuers: alice, asset: { n: n++ } });

    // Both up: the calls alternate between the nodes.
    const before: SignedTransaction[] = [];
    for (let i = 0; i < 4; i++) before.push(await both.postTransactionCommit(create()));
    const placed = await Promise.all(before.map((tx) => validOn([onA, onB], tx)));
    assert.deepEqual(placed, [[0], [1], [0], [1]]);

    // Kill A while a post may be in flight to it (the round-robin's next pick is A). Whether A took
    // it before dying or not, the post resolves: if its answer was lost, the status is asked of B
    // and the transaction sent there.
    const inFlight = create();
    const posting = both.postTransactionCommit(inFlight);
    await a.stop('SIGKILL');
    assert.deepEqual(await posting, inFlight);
    t.diagnostic(
      (await validOn([onB], inFlight)).length === 1
        ? 'the in-flight post failed over to B'
        : 'A decided the in-flight post before it died',
    );

    // A is down: every call now succeeds on B, and A is skipped while backed off.
    const after: SignedTransaction[] = [];
    for (let i = 0; i < 4; i++) after.push(await both.postTransactionCommit(create()));
    for (const tx of after) {
      assert.deepEqual(await validOn([onB], tx), [0]);
      const polled = await both.pollStatusAndFetch(tx.id, { timeoutMs: 30_000 });
      assert.equal(polled.status, 'valid');
    }
    // Reads fail over too.
    assert.deepEqual(await both.getTransaction(after[0]!.id), after[0]);
  });

  test('a POST taken by the node whose answer is lost (T8): the status is asked, nothing is re-sent, one effect', async () => {
    const node = await nodes.start();
    const proxy = await DroppingProxy.start(Number(new URL(node.url).port));
    try {
      const conn = new Connection(proxy.url);
      const alice = generateKeypair();
      for (const mode of ['commit', 'async'] as const) {
        const tx = transaction.create({ issuers: alice, asset: { lost: mode } });
        proxy.requestLines.length = 0;
        proxy.dropPosts = 1;
        const submitted = await conn.submitTransaction(tx, mode);
        assert.deepEqual(submitted.transaction, tx);
        assert.deepEqual(
          proxy.requestLines.map((l) => l.split(' ').slice(0, 2).join(' ')),
          [`POST /api/v1/transactions?mode=${mode}`, `GET /api/v1/transactions/${tx.id}/status`],
          mode,
        );
        if (mode === 'commit') assert.equal(submitted.status, 'valid');
        assert.equal((await conn.pollStatusAndFetch(tx.id, { timeoutMs: 30_000 })).status, 'valid');
      }
    } finally {
      await proxy.close();
    }
  });
});
