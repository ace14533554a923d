import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { proofValid, searchProof } from './proof.js';

// The seed's vectors (reference C.2, from its tests/test_miner.py).
const vectors: [number | null, number, number][] = [
  [null, 1, 1],
  [null, 2, 350],
  [null, 3, 3969],
  [null, 4, 15558],
  [null, 5, 1406000],
  [1406000, 5, 423135],
];

describe('proof of work: the seed rule and its vectors', () => {
  for (const [previous, difficulty, expected] of vectors) {
    test(`after ${String(previous)} at difficulty ${difficulty} the first proof is ${expected}`, () => {
      assert.equal(searchProof(previous, difficulty, 0, expected + 1), expected);
      assert.equal(proofValid(previous, expected, difficulty), true);
      // It is the first: none below it is valid (the search above already says so; said again
      // for the small ones, where it is cheap).
      if (expected < 100_000) assert.equal(searchProof(previous, difficulty, 0, expected), null);
    });
  }

  test('the zeros are at the end of the digest, and other proofs fail', () => {
    assert.equal(proofValid(null, 350, 2), true);
    assert.equal(proofValid(null, 351, 2), false);
    assert.equal(proofValid(1406000, 1406000, 5), false);
    assert.equal(proofValid(null, -1, 1), false);
    assert.equal(proofValid(null, 1.5, 1), false);
  });

  test('a difficulty below 1 or above the limit is refused', () => {
    assert.throws(() => proofValid(null, 1, 0), RangeError);
    assert.throws(() => searchProof(null, 99, 0, 1), RangeError);
  });
});
