// The ledger-index seam: a plugin's index (`test/file-hash-index.ts`, file hashes unique among live
// blocks) plugged into the store, on every backend, on a real database. Same harness as the
// contract suite.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SignedTransaction } from '@bigchaindb-ts/core';
import { ConflictError, StoreError, openStore, type LedgerIndex, type Store } from './index.js';
import { backendCases, harness, type Harness } from './test/backends.js';
import { fileHashIndex } from './test/file-hash-index.js';
import { alice, block, bob, carol, create } from './test/fixtures.js';
import { ledgerPos } from './ledger-position.js';

const cases = await backendCases();

async function commit(store: Store, txs: readonly SignedTransaction[], valid = true) {
  const b = block(txs);
  await store.writeBlock(b);
  await store.decideBlock(b.id, valid);
  return b;
}

/** The index's rows as plain values (PostgreSQL returns bigint columns as decimal strings). */
async function fileRows(store: Store, lookup: 'all' | 'byHash', params: unknown[] = []) {
  const rows = await store.queryIndex('file-hash', lookup, params);
  return rows.map((r) => ({ hash: r.file_hash, pos: Number(r.pos), txId: r.tx_id, blockId: r.block_id }));
}

async function rejectsWith<E extends Error>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`);
    return err;
  }
  assert.fail(`expected ${type.name}, but the call succeeded`);
}

const file = (owner: typeof alice, hash: string, n = 0) => create(owner, { file_hash: hash, edition: n });

for (const { backend, skip } of cases) {
  describe(`store ledger indexes: ${backend}`, { skip }, () => {
    let h: Harness;
    before(() => {
      h = harness(backend, { indexes: [fileHashIndex] });
    });
    after(async () => {
      await h.cleanup();
    });

    test("a plugin index gets rows only from valid blocks; rebuild and init's back-fill reproduce them", async () => {
      const store = await h.fresh();
      const c1 = file(alice, 'hash-1');
      const plain = create(alice, { n: 'no file' });
      const c2 = file(bob, 'hash-2');
      const b1 = block([c1, plain]);
      await store.writeBlock(b1);
      assert.deepEqual(await fileRows(store, 'all'), [], 'an undecided block adds no row');
      assert.deepEqual(await store.getClaimHolders('file-hash', ['hash-1', 'hash-2']), [c1.id, null]);
      await store.decideBlock(b1.id, true);
      const expected = [{ hash: 'hash-1', pos: ledgerPos(0, 0), txId: c1.id, blockId: b1.id }];
      assert.deepEqual(await fileRows(store, 'all'), expected);
      assert.deepEqual(await fileRows(store, 'byHash', ['hash-1']), expected);

      await commit(store, [c2], false);
      assert.deepEqual(await fileRows(store, 'all'), expected, 'an invalid block adds no row');
      assert.deepEqual(await store.getClaimHolders('file-hash', ['hash-2']), [null], 'its claim is released');
      const b3 = await commit(store, [c2]);
      const all = [...expected, { hash: 'hash-2', pos: ledgerPos(2, 0), txId: c2.id, blockId: b3.id }];
      assert.deepEqual(await fileRows(store, 'all'), all);
      // An undecided block's claim is rebuilt too, though it adds no row.
      const c4 = file(carol, 'hash-4');
      await store.writeBlock(block([c4]));

      await store.rebuildIndex('file-hash');
      assert.deepEqual(await fileRows(store, 'all'), all);
      assert.deepEqual(await store.getClaimHolders('file-hash', ['hash-1', 'hash-2', 'hash-4', 'hash-9']), [
        c1.id,
        c2.id,
        c4.id,
        null,
      ]);
      // The built-in indexes are entries of the same registry.
      await store.rebuildIndex('tx-keys');
      assert.deepEqual(
        (await store.getTransactionsByKey(bob.publicKey, { limit: 10 })).items.map((t) => t.tx.id),
        [c2.id],
      );

      // A store that lacks the index's tables gets them, filled, from init().
      await h.exec(`DROP TABLE file_hashes`);
      const reopened = await h.another();
      assert.deepEqual(await reopened.init(), { created: false });
      assert.deepEqual(await fileRows(reopened, 'all'), all);
    });

    test('a second live claim of a hash is refused with the declared code, and nothing is written', async () => {
      const store = await h.fresh();
      const c1 = file(alice, 'hash-a');
      const b1 = block([c1]);
      await store.writeBlock(b1);
      const dup = file(bob, 'hash-a');
      const other = create(carol, { n: 'innocent' });
      const b2 = block([other, dup]);
      const err = await rejectsWith(store.writeBlock(b2), ConflictError);
      assert.deepEqual(err.claims, [
        {
          txId: dup.id,
          index: 'file-hash',
          key: 'hash-a',
          code: 'SpoolDuplicateFileHash',
          claimedBy: c1.id,
          blockId: b1.id,
        },
      ]);
      assert.deepEqual(err.txs, []);
      assert.deepEqual(err.spends, []);
      assert.deepEqual(err.losers, [dup.id]);
      assert.equal(err.code, 'conflict');
      assert.equal(await store.latestHeight(), 0);
      assert.deepEqual(await store.getBlocksById([b2.id]), [null]);
      assert.deepEqual(await store.getStatuses([other.id, dup.id]), [null, null]);
      assert.deepEqual(await store.getClaimHolders('file-hash', ['hash-a']), [c1.id]);

      // Two transactions of one block claiming one hash: the later one loses.
      const twinA = file(alice, 'hash-b', 1);
      const twinB = file(bob, 'hash-b', 2);
      const b3 = block([twinA, twinB]);
      const inBlock = await rejectsWith(store.writeBlock(b3), ConflictError);
      assert.deepEqual(inBlock.claims, [
        {
          txId: twinB.id,
          index: 'file-hash',
          key: 'hash-b',
          code: 'SpoolDuplicateFileHash',
          claimedBy: twinA.id,
          blockId: b3.id,
        },
      ]);
      assert.deepEqual(inBlock.losers, [twinB.id]);
      assert.deepEqual(await store.getClaimHolders('file-hash', ['hash-b']), [null]);

      // Once the holder's block is decided invalid, the hash is free; once valid, it is held for good.
      await store.decideBlock(b1.id, false);
      assert.deepEqual(await store.getClaimHolders('file-hash', ['hash-a']), [null]);
      const b4 = block([other, dup]);
      assert.deepEqual(await store.writeBlock(b4), { height: 1, created: true });
      await store.decideBlock(b4.id, true);
      const again = await rejectsWith(store.writeBlock(block([c1])), ConflictError);
      assert.deepEqual(
        again.claims.map((c) => [c.txId, c.claimedBy, c.blockId]),
        [[c1.id, dup.id, b4.id]],
      );
      assert.deepEqual(await store.getClaimHolders('file-hash', ['hash-a']), [dup.id]);
    });

    test('reads name a declared index and lookup, and declarations are checked when the store opens', async () => {
      const store = await h.fresh();
      assert.deepEqual(await store.getClaimHolders('file-hash', []), []);
      assert.deepEqual(await fileRows(store, 'byHash', ['none']), []);
      for (const call of [
        store.queryIndex('no-such-index', 'all'),
        store.queryIndex('file-hash', 'no-such-lookup'),
        store.getClaimHolders('no-such-index', ['x']),
        store.rebuildIndex('no-such-index'),
      ]) {
        const err = await rejectsWith(call, StoreError);
        assert.equal(err.code, 'invalid_argument');
      }
      const bad: LedgerIndex[][] = [
        [fileHashIndex, fileHashIndex],
        [{ ...fileHashIndex, name: 'blocks-again', tables: ['blocks'] }],
        [{ ...fileHashIndex, name: 'Bad Name' }],
      ];
      for (const indexes of bad) {
        const err = await rejectsWith(
          openStore({ backend: 'sqlite', sqlitePath: ':memory:' }, { indexes }),
          StoreError,
        );
        assert.equal(err.code, 'invalid_argument');
      }
    });
  });
}
