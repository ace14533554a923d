import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evictionBackoffMsMin, peerFailuresMax } from './constants.js';
import { PeerSet } from './peer-set.js';

describe('the peer set', () => {
  test('at most max peers, never itself; configured peers always fit', () => {
    const set = new PeerSet('http://me:1', 2);
    assert.equal(set.add('http://me:1'), false);
    assert.equal(set.add('http://a:1'), true);
    assert.equal(set.add('http://a:1'), false);
    assert.equal(set.add('http://b:1'), true);
    assert.equal(set.add('http://c:1'), false);
    assert.equal(set.add('http://c:1', true), true);
    set.isSelf('http://c:1');
    assert.deepEqual(set.active(), ['http://a:1', 'http://b:1']);
    assert.equal(set.add('http://c:1', true), false);
  });

  test('evicted after repeated unserved claims, though it answers everything else; out until its backoff ends', () => {
    let now = 0;
    const set = new PeerSet('http://me:1', 3, () => now);
    set.add('http://liar:1');
    for (let i = 0; i < peerFailuresMax; i++) {
      set.succeeded('http://liar:1'); // its tip, its neighbours: it answers
      set.claimUnserved('http://liar:1', 'claimed height 1000 but served no better chain');
    }
    assert.equal(set.report()[0]!.state, 'evicted');
    set.succeeded('http://liar:1');
    assert.equal(set.report()[0]!.state, 'evicted', 'an answer does not bring it back');
    now += evictionBackoffMsMin;
    assert.deepEqual(set.retryDue(), ['http://liar:1']);
    set.succeeded('http://liar:1');
    set.claimUnserved('http://liar:1', 'again');
    assert.equal(set.report()[0]!.state, 'evicted', 'one more unserved claim evicts it again');
    assert.equal(set.report()[0]!.retryAtMs, now + 2 * evictionBackoffMsMin, 'with the doubled backoff');
    // A peer whose claim is served starts over.
    set.add('http://honest:1');
    set.claimUnserved('http://honest:1', 'timed out once');
    set.claimServed('http://honest:1');
    for (let i = 0; i < peerFailuresMax - 1; i++) set.claimUnserved('http://honest:1', 'slow');
    assert.equal(set.report().find((p) => p.url === 'http://honest:1')!.state, 'active');
  });

  test('evicted after repeated failures, retried after a backoff that doubles', () => {
    let now = 0;
    const set = new PeerSet('http://me:1', 3, () => now);
    set.add('http://a:1');
    for (let i = 0; i < peerFailuresMax; i++) set.failed('http://a:1', 'down');
    assert.equal(set.report()[0]!.state, 'evicted');
    assert.deepEqual(set.retryDue(), []);
    now += evictionBackoffMsMin;
    assert.deepEqual(set.retryDue(), ['http://a:1']);
    set.failed('http://a:1', 'still down');
    const p = set.report()[0]!;
    assert.equal(p.state, 'evicted');
    assert.equal(p.retryAtMs, now + evictionBackoffMsMin * 2);
    now = p.retryAtMs!;
    set.retryDue();
    set.succeeded('http://a:1', { height: 4 });
    assert.equal(set.report()[0]!.failures, 0);
    assert.equal(set.report()[0]!.height, 4);
  });

  test('a refused peer is recorded with its reason and is not active', () => {
    const set = new PeerSet('http://me:1', 3);
    set.add('http://bad:1');
    set.refuse('http://bad:1', 'InvalidProof: block 3');
    assert.deepEqual(set.active(), []);
    assert.equal(set.report()[0]!.refusedReason, 'InvalidProof: block 3');
  });
});
