import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/core';
import { betterTip, checkBlock, checkGenesis, checkRun } from './chain-check.js';
import { blockHash, genesisBlock, networkId, sealBlock, type PowBlock } from './pow-block.js';
import { searchProof } from './proof.js';
import { ProofSearcher } from './proof-searcher.js';

const network = { name: 'test', difficulty: 2 };
const miner = generateKeypair();
const now = Date.now();

function mine(parent: PowBlock, timestamp: number): PowBlock {
  const proof = searchProof(parent.proof, network.difficulty, 0, 1e7)!;
  return sealBlock(parent, { timestamp, transactions: [], proof }, miner);
}

describe('proof-of-work blocks and chain checks', () => {
  const g = genesisBlock(network);
  const b1 = mine(g, now - 2000);
  const b2 = mine(b1, now - 1000);

  test('the genesis is one per network: same name and difficulty, same genesis', () => {
    assert.deepEqual(genesisBlock({ ...network }), g);
    assert.notEqual(networkId(network), networkId({ ...network, difficulty: 3 }));
    assert.notEqual(networkId(network), networkId({ ...network, name: 'other' }));
    assert.equal(checkGenesis(g, network).ok, true);
    assert.deepEqual(checkGenesis(genesisBlock({ ...network, difficulty: 3 }), network), {
      ok: false,
      fault: 'WrongGenesis',
      detail: "the genesis block is not this network's",
    });
  });

  test('a mined chain passes; the first proof after the genesis is the seed vector', () => {
    assert.equal(b1.proof, 350);
    assert.equal(b1.previous_hash, blockHash(g));
    assert.equal(checkRun([b1, b2], g, network, now).ok, true);
  });

  const faults: [string, () => unknown, PowBlock, string][] = [
    ['bad proof', () => ({ ...b2, proof: b2.proof! + 1 }), b1, 'InvalidProof'],
    ['broken link', () => ({ ...b2, previous_hash: 'a'.repeat(64) }), b1, 'BrokenLink'],
    ['height gap', () => ({ ...b2, height: 5 }), b1, 'HeightGap'],
    ['same timestamp', () => mine(b1, b1.timestamp), b1, 'TimestampNotIncreasing'],
    ['far future', () => mine(b1, now + 3_600_000), b1, 'TimestampInFuture'],
    ['changed transactions', () => ({ ...b2, transactions: [{ id: 'x' }] }), b1, 'InvalidMinerSignature'],
    ['not a block', () => ({ height: 'two' }), b1, 'MalformedBlock'],
  ];
  for (const [name, make, parent, fault] of faults)
    test(`refused: ${name} (${fault})`, () => {
      const r = checkBlock(make(), parent, network, now);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.fault, fault);
    });

  test('a run names its first bad block', () => {
    const r = checkRun([b1, { ...b2, proof: 0 }], g, network, now);
    assert.equal(!r.ok && r.index, 1);
  });

  test('fork choice: longer wins, then the lower tip hash', () => {
    assert.equal(betterTip({ height: 3, hash: 'f' }, { height: 2, hash: '0' }), true);
    assert.equal(betterTip({ height: 2, hash: '0' }, { height: 3, hash: 'f' }), false);
    assert.equal(betterTip({ height: 2, hash: 'a' }, { height: 2, hash: 'b' }), true);
    assert.equal(betterTip({ height: 2, hash: 'b' }, { height: 2, hash: 'a' }), false);
    assert.equal(betterTip({ height: 2, hash: 'a' }, { height: 2, hash: 'a' }), false);
  });
});

describe('the proof searcher (a worker thread)', () => {
  test('finds the seed vector and stops at once when cancelled', async () => {
    const searcher = new ProofSearcher();
    try {
      assert.equal(await searcher.search(null, 3), 3969);
      // Difficulty 12 would take hours: cancelling ends it.
      const long = searcher.search(7, 12);
      setTimeout(() => searcher.cancel(), 50);
      assert.equal(await long, null);
      assert.equal(await searcher.search(1406000, 5), 423135);
    } finally {
      await searcher.close();
    }
  });
});
