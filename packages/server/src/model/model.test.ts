import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/core';
import { checkBlockSignature, createBlock, createGenesisBlock } from './block.js';
import { checkVoteSignature, createVote, type Vote } from './vote.js';
import { tallyVotes, votesNeeded } from './election.js';

const a = generateKeypair();
const b = generateKeypair();
const c = generateKeypair();
const d = generateKeypair();

test('a block is signed by its maker and any change breaks id or signature', () => {
  const block = createGenesisBlock(a, [a.publicKey, b.publicKey], '1700000000');
  assert.deepEqual(checkBlockSignature(block), { ok: true });
  const moved = { ...block, block: { ...block.block, timestamp: '1700000001' } };
  assert.deepEqual(checkBlockSignature(moved), { ok: false, reason: 'InvalidBlockHash' });
  const forged = createBlock([], b, block.block.voters, block.block.timestamp);
  const impostor = { ...forged, block: { ...forged.block, node_pubkey: a.publicKey } };
  assert.equal(checkBlockSignature({ ...impostor, id: block.id }).ok, false);
  assert.deepEqual(checkBlockSignature({ ...block, signature: forged.signature }), {
    ok: false,
    reason: 'InvalidBlockSignature',
  });
});

test('a vote is signed by its voter', () => {
  const v = createVote(b, {
    voting_for_block: 'x',
    previous_block: 'y',
    is_block_valid: true,
    invalid_reason: null,
    timestamp: '1',
  });
  assert.ok(checkVoteSignature(v));
  assert.ok(!checkVoteSignature({ ...v, node_pubkey: a.publicKey }));
  assert.ok(!checkVoteSignature({ ...v, vote: { ...v.vote, is_block_valid: false } }));
});

function vote(k: typeof a, valid: boolean): Vote {
  return createVote(k, {
    voting_for_block: 'blk',
    previous_block: 'prev',
    is_block_valid: valid,
    invalid_reason: valid ? null : 'DoubleSpend',
    timestamp: '1',
  });
}

test('election thresholds: majority needs more than half, two_thirds more than two thirds', () => {
  const rows: [number, number, number][] = [
    // voters, majority, two_thirds
    [1, 1, 1],
    [2, 2, 2],
    [3, 2, 3],
    [4, 3, 3],
    [5, 3, 4],
    [7, 4, 5],
  ];
  for (const [n, maj, bft] of rows) {
    assert.equal(votesNeeded(n, 'majority'), maj, `majority of ${n}`);
    assert.equal(votesNeeded(n, 'two_thirds'), bft, `two thirds of ${n}`);
  }
});

test('tally: decided valid, decided invalid, undecided, outsiders ignored, one vote per voter', () => {
  const voters = [a.publicKey, b.publicKey, c.publicKey];
  assert.equal(tallyVotes(voters, [vote(a, true), vote(b, true)], 'majority').decision, 'valid');
  assert.equal(tallyVotes(voters, [vote(a, true)], 'majority').decision, 'undecided');
  assert.equal(tallyVotes(voters, [vote(a, false), vote(b, false)], 'majority').decision, 'invalid');
  assert.equal(tallyVotes(voters, [vote(a, true), vote(b, true)], 'two_thirds').decision, 'undecided');
  assert.equal(tallyVotes(voters, [vote(a, true), vote(b, false)], 'two_thirds').decision, 'invalid');
  const outsider = tallyVotes(voters, [vote(a, true), vote(d, true)], 'majority');
  assert.equal(outsider.decision, 'undecided');
  assert.equal(outsider.ignored.length, 1);
  const twice = tallyVotes(voters, [vote(a, true), vote(a, true), vote(a, false)], 'majority');
  assert.equal(twice.valid, 1);
  assert.deepEqual(twice.equivocations, [a.publicKey]);
});

test('tally over the federation: listed outsiders never count, and listing fewer voters never lowers the bar', () => {
  const federation = [a.publicKey, b.publicKey, c.publicKey];
  // A member lists only itself: its own vote must not decide.
  const alone = tallyVotes([a.publicKey], [vote(a, true)], 'majority', federation);
  assert.equal(alone.decision, 'invalid', 'one eligible voter can never make 2 of 3');
  // An outsider lists itself and one member: only the member counts.
  const outsider = tallyVotes(
    [d.publicKey, a.publicKey],
    [vote(d, true), vote(a, true)],
    'majority',
    federation,
  );
  assert.equal(outsider.decision, 'invalid');
  assert.equal(outsider.valid, 1);
  assert.equal(outsider.ignored.length, 1);
  // A block listing the federation tallies as without members.
  assert.equal(
    tallyVotes(federation, [vote(a, true), vote(b, true)], 'majority', federation).decision,
    'valid',
  );
  assert.equal(
    tallyVotes(federation, [vote(a, true), vote(b, true)], 'two_thirds', federation).decision,
    'undecided',
  );
  const four = [...federation, d.publicKey];
  assert.equal(
    tallyVotes(four, [vote(a, true), vote(b, true), vote(d, true)], 'two_thirds', four).decision,
    'valid',
    '3 of 4 is more than two thirds',
  );
});
