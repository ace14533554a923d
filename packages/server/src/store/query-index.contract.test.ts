// The store's query indexes added for the HTTP API (transactions by key, field filters on asset data
// and metadata, newest-first asset history, the first undecided height), on every backend, on a
// real database. Same harness as the contract suite.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SignedTransaction } from '@bigchaindb-ts/core';
import { filterConditionsMax } from './constants.js';
import { StoreError, type FieldCondition, type Page, type Store } from './index.js';
import { backendCases, harness, type Harness } from './test/backends.js';
import { alice, block, bob, carol, create, transfer } from './test/fixtures.js';

const cases = await backendCases();

async function commit(store: Store, txs: readonly SignedTransaction[], valid = true) {
  const b = block(txs);
  await store.writeBlock(b);
  await store.decideBlock(b.id, valid);
  return b;
}

/** Every item of a paged query, one page of `limit` at a time, checking each page's size. */
async function all<T>(limit: number, page: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const p = await page(cursor);
    assert.ok(p.items.length <= limit);
    items.push(...p.items);
    if (p.next === null) return items;
    assert.equal(p.items.length, limit, 'only the last page may be short');
    cursor = p.next;
  }
}

async function rejectsInvalidArgument(promise: Promise<unknown>): Promise<void> {
  await assert.rejects(promise, (err) => err instanceof StoreError && err.code === 'invalid_argument');
}

const eq = (path: string, value: FieldCondition['value']): FieldCondition => ({ path, value });

for (const { backend, skip } of cases) {
  describe(`store query indexes: ${backend}`, { skip }, () => {
    let h: Harness;
    before(() => {
      h = harness(backend);
    });
    after(async () => {
      await h.cleanup();
    });

    test('transactions by key: what a key received or spent, valid blocks only, in ledger order', async () => {
      const store = await h.fresh();
      await commit(store, []);
      const c1 = create(alice, { n: 'by-key-1' });
      const c2 = create(bob, { n: 'by-key-2' });
      const t1 = transfer(c1, 0, alice, bob);
      await commit(store, [c1, c2]);
      const b2 = await commit(store, [t1]);
      // Undecided and invalid blocks add nothing.
      await store.writeBlock(block([create(alice, { n: 'undecided' })]));
      await commit(store, [create(alice, { n: 'invalid' })], false);

      const ids = async (key: string, limit = 10) =>
        (await all(limit, (cursor) => store.getTransactionsByKey(key, { limit, cursor }))).map(
          (t) => t.tx.id,
        );
      assert.deepEqual(await ids(alice.publicKey), [c1.id, t1.id]);
      assert.deepEqual(await ids(bob.publicKey), [c2.id, t1.id]);
      assert.deepEqual(await ids(bob.publicKey, 1), [c2.id, t1.id]);
      assert.deepEqual(await ids(carol.publicKey), []);

      const first = await store.getTransactionsByKey(bob.publicKey, { limit: 1 });
      assert.equal(first.items.length, 1);
      assert.notEqual(first.next, null);
      const second = await store.getTransactionsByKey(bob.publicKey, { limit: 1, cursor: first.next! });
      assert.deepEqual(second.items[0], {
        tx: t1,
        text: JSON.stringify(t1),
        height: 2,
        blockId: b2.id,
        status: 'valid',
      });
      assert.equal(second.next, null);

      await rejectsInvalidArgument(store.getTransactionsByKey(alice.publicKey, { limit: 0 }));
      await rejectsInvalidArgument(store.getTransactionsByKey(alice.publicKey, { limit: 1, cursor: 'x!' }));
    });

    test('field filters: AND, OR, nested paths, arrays, typed values, long values, pages', async () => {
      const store = await h.fresh();
      const long = 'x'.repeat(500);
      const a1 = create(alice, {
        kind: 'car',
        color: 'red',
        wheels: 4,
        tags: ['fast', 'new'],
        owner: { name: 'Ann' },
      });
      const a2 = create(alice, { kind: 'car', color: 'blue', wheels: '4', parts: [{ name: 'door' }] });
      const a3 = create(bob, { kind: 'bike', color: 'red', long, sold: false, note: null });
      const a4 = create(bob, { 'a.b': 1 });
      const a5 = create(bob, { a: { b: 1 } });
      await commit(store, [a1, a2]);
      await commit(store, [a3, a4, a5]);
      // Not findable: an undecided block, an invalid one, and a TRANSFER (which has no asset data).
      await store.writeBlock(block([create(carol, { kind: 'car', n: 1 })]));
      await commit(store, [create(carol, { kind: 'car', n: 2 })], false);
      await commit(store, [transfer(a1, 0, alice, bob, { kind: 'car' })]);

      const find = async (anyOf: FieldCondition[][], limit = 10) =>
        (await all(limit, (cursor) => store.findAssets({ filter: { anyOf }, limit, cursor }))).map(
          (m) => m.id,
        );
      const rows: [string, FieldCondition[][], string[]][] = [
        ['one field', [[eq('kind', 'car')]], [a1.id, a2.id]],
        ['AND', [[eq('kind', 'car'), eq('color', 'red')]], [a1.id]],
        ['OR', [[eq('color', 'blue')], [eq('kind', 'bike')]], [a2.id, a3.id]],
        [
          'OR of overlapping groups, no repeats',
          [[eq('kind', 'car')], [eq('color', 'red')]],
          [a1.id, a2.id, a3.id],
        ],
        ['a number is not a string', [[eq('wheels', 4)]], [a1.id]],
        ['a string is not a number', [[eq('wheels', '4')]], [a2.id]],
        ['false', [[eq('sold', false)]], [a3.id]],
        ['null', [[eq('note', null)]], [a3.id]],
        ['an array element', [[eq('tags', 'new')]], [a1.id]],
        ['a field inside an array of objects', [[eq('parts.name', 'door')]], [a2.id]],
        ['nested path', [[eq('owner.name', 'Ann')]], [a1.id]],
        ['a value longer than a stored term', [[eq('long', long)]], [a3.id]],
        ['dotted key and nested object alike', [[eq('a.b', 1)]], [a4.id, a5.id]],
        ['no match', [[eq('kind', 'boat')]], []],
        ['AND without match', [[eq('kind', 'car'), eq('color', 'green')]], []],
        ['a repeated condition', [[eq('kind', 'car'), eq('kind', 'car')]], [a1.id, a2.id]],
      ];
      for (const [what, anyOf, expected] of rows) {
        assert.deepEqual(await find(anyOf), expected, what);
        assert.deepEqual(await find(anyOf, 1), expected, `${what}, pages of 1`);
      }
      const page = await store.findAssets({ filter: { anyOf: [[eq('kind', 'car')]] }, limit: 1 });
      assert.deepEqual(page.items, [{ id: a1.id, data: a1.asset.data }]);

      await rejectsInvalidArgument(store.findAssets({ filter: { anyOf: [] }, limit: 1 }));
      await rejectsInvalidArgument(store.findAssets({ filter: { anyOf: [[]] }, limit: 1 }));
      const tooMany = Array.from({ length: filterConditionsMax + 1 }, (_, i) => eq(`f${i}`, i));
      await rejectsInvalidArgument(store.findAssets({ filter: { anyOf: [tooMany] }, limit: 1 }));
      await rejectsInvalidArgument(store.findAssets({ filter: { anyOf: [[eq('kind', 'car')]] }, limit: 0 }));
      await rejectsInvalidArgument(
        store.findAssets({ filter: { anyOf: [[eq('kind', 'car')]] }, limit: 1, cursor: '-' }),
      );
    });

    test('field filters on metadata: every operation, valid blocks only', async () => {
      const store = await h.fresh();
      const c = create(alice, { n: 'meta' }, { step: 'made', lot: 7 });
      const t = transfer(c, 0, alice, bob, { step: 'shipped', lot: 7 });
      const plain = create(bob, { n: 'no metadata' });
      await commit(store, [c, plain]);
      await commit(store, [t]);
      await store.writeBlock(block([create(carol, { n: 'u' }, { lot: 7 })]));
      const find = async (anyOf: FieldCondition[][]) =>
        (await store.findMetadata({ filter: { anyOf }, limit: 10 })).items;
      assert.deepEqual(await find([[eq('lot', 7)]]), [
        { id: c.id, metadata: c.metadata },
        { id: t.id, metadata: t.metadata },
      ]);
      assert.deepEqual(
        (await find([[eq('lot', 7), eq('step', 'shipped')]])).map((m) => m.id),
        [t.id],
      );
      assert.deepEqual(await find([[eq('n', 'meta')]]), []);
    });

    test('an asset history newest first, with the operation filter and pages', async () => {
      const store = await h.fresh();
      const c = create(alice, { n: 'history' });
      const t1 = transfer(c, 0, alice, bob);
      const t2 = transfer(t1, 0, bob, carol);
      await commit(store, [c]);
      await commit(store, [t1, t2]);
      const ids = async (limit: number, operation?: 'CREATE' | 'TRANSFER') =>
        (
          await all(limit, (cursor) =>
            store.getTransactionsByAsset(c.id, {
              limit,
              descending: true,
              ...(cursor === undefined ? {} : { cursor }),
              ...(operation === undefined ? {} : { operation }),
            }),
          )
        ).map((x) => x.tx.id);
      assert.deepEqual(await ids(10), [t2.id, t1.id, c.id]);
      assert.deepEqual(await ids(1), [t2.id, t1.id, c.id]);
      assert.deepEqual(await ids(10, 'TRANSFER'), [t2.id, t1.id]);
      assert.deepEqual(await ids(10, 'CREATE'), [c.id]);
      const latest = await store.getTransactionsByAsset(c.id, { limit: 1, descending: true });
      assert.equal(latest.items[0]?.tx.id, t2.id);
      // Oldest first is unchanged.
      const oldest = await store.getTransactionsByAsset(c.id, { limit: 10 });
      assert.deepEqual(
        oldest.items.map((x) => x.tx.id),
        [c.id, t1.id, t2.id],
      );
    });

    test('firstUndecidedHeight: the lowest block without a decision', async () => {
      const store = await h.fresh();
      assert.equal(await store.firstUndecidedHeight(), null);
      const b0 = block([]);
      await store.writeBlock(b0);
      assert.equal(await store.firstUndecidedHeight(), 0);
      await store.decideBlock(b0.id, true);
      assert.equal(await store.firstUndecidedHeight(), null);
      const b1 = block([create(alice, { n: 'fu1' })]);
      const b2 = block([create(alice, { n: 'fu2' })]);
      await store.writeBlock(b1);
      await store.writeBlock(b2);
      await store.decideBlock(b2.id, false);
      assert.equal(await store.firstUndecidedHeight(), 1);
      await store.decideBlock(b1.id, true);
      assert.equal(await store.firstUndecidedHeight(), null);
    });

    test('init fills the query indexes of a store made before them, once', async () => {
      const store = await h.fresh();
      const c = create(alice, { kind: 'backfilled' }, { lot: 1 });
      const t = transfer(c, 0, alice, bob, { lot: 2 });
      await commit(store, [c]);
      await commit(store, [t]);
      await commit(store, [create(carol, { kind: 'backfilled' })], false);
      await store.close();
      // The layout before the query indexes: the same tables without these three.
      await h.exec('DROP TABLE tx_keys; DROP TABLE asset_fields; DROP TABLE metadata_fields;');
      const reopened = await h.another();
      assert.deepEqual(await reopened.init(), { created: false });
      const byKey = await reopened.getTransactionsByKey(bob.publicKey, { limit: 10 });
      assert.deepEqual(
        byKey.items.map((x) => x.tx.id),
        [t.id],
      );
      const assets = await reopened.findAssets({
        filter: { anyOf: [[eq('kind', 'backfilled')]] },
        limit: 10,
      });
      assert.deepEqual(
        assets.items.map((x) => x.id),
        [c.id],
      );
      const metadata = await reopened.findMetadata({ filter: { anyOf: [[eq('lot', 2)]] }, limit: 10 });
      assert.deepEqual(
        metadata.items.map((x) => x.id),
        [t.id],
      );
      // A second init finds the tables and adds nothing.
      assert.deepEqual(await reopened.init(), { created: false });
      assert.equal((await reopened.getTransactionsByKey(bob.publicKey, { limit: 10 })).items.length, 1);
    });
  });
}
