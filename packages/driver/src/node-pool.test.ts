// The BEP-14 node selection on its own, against an injected clock: which node is asked, which is
// skipped, and for how long.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs, NodePool, type BackoffPolicy } from './node-pool.js';
import * as limits from './limits.js';

const bep14: BackoffPolicy = {
  baseMs: limits.backoffBaseMs,
  factor: limits.backoffFactor,
  capMs: limits.backoffCapMs,
};

function clock() {
  const c = { now: 1_000_000, nowMs: () => c.now };
  return c;
}

function picked<N>(pool: NodePool<N>): N | undefined {
  const p = pool.pick();
  return 'node' in p ? p.node : undefined;
}

describe('backoffDelayMs', () => {
  test('BEP-14 defaults: 0.5 s, doubling, capped at 10 s', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 1000].map((n) => backoffDelayMs(bep14, n)),
      [0, 500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000],
    );
  });
});

describe('NodePool', () => {
  test('round-robin spreads picks over healthy nodes', () => {
    const pool = new NodePool(['a', 'b', 'c'], bep14, 'round-robin');
    assert.deepEqual(
      [1, 2, 3, 4, 5].map(() => picked(pool)),
      ['a', 'b', 'c', 'a', 'b'],
    );
  });

  test('in-order always picks the first healthy node', () => {
    const c = clock();
    const pool = new NodePool(['a', 'b'], bep14, 'in-order', c.nowMs);
    assert.deepEqual([picked(pool), picked(pool)], ['a', 'a']);
    pool.fail('a');
    assert.equal(picked(pool), 'b');
  });

  test('a failed node is skipped until its backoff expires, then asked again', () => {
    const c = clock();
    const pool = new NodePool(['a', 'b'], bep14, 'round-robin', c.nowMs);
    pool.fail('a');
    assert.deepEqual([picked(pool), picked(pool), picked(pool)], ['b', 'b', 'b']);
    c.now += limits.backoffBaseMs;
    assert.deepEqual(new Set([picked(pool), picked(pool)]), new Set(['a', 'b']));
  });

  test('failures in a row lengthen the backoff; one success clears it', () => {
    const c = clock();
    const pool = new NodePool(['a'], bep14, 'round-robin', c.nowMs);
    pool.fail('a');
    pool.fail('a');
    pool.fail('a');
    assert.equal(pool.failuresOf('a'), 3);
    assert.deepEqual(pool.pick(), { waitMs: backoffDelayMs(bep14, 3) });
    c.now += backoffDelayMs(bep14, 3) - 1;
    assert.deepEqual(pool.pick(), { waitMs: 1 });
    c.now += 1;
    assert.equal(picked(pool), 'a');
    pool.succeed('a');
    assert.equal(pool.failuresOf('a'), 0);
    pool.fail('a');
    assert.deepEqual(pool.pick(), { waitMs: limits.backoffBaseMs });
  });

  test('with every node backed off, the wait is until the soonest one', () => {
    const c = clock();
    const pool = new NodePool(['a', 'b'], bep14, 'round-robin', c.nowMs);
    pool.fail('a');
    pool.fail('a'); // 1000 ms
    pool.fail('b'); // 500 ms
    assert.deepEqual(pool.pick(), { waitMs: 500 });
    c.now += 500;
    assert.equal(picked(pool), 'b');
  });

  test('no nodes is a caller error', () => {
    assert.throws(() => new NodePool([], bep14), TypeError);
  });
});
