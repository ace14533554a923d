// The net under the API's parameter checks (issue 10): a value the database cannot take (U+0000,
// which PostgreSQL text cannot hold and FTS5 stops reading at; a query beyond a database limit) is
// a `StoreError` with code `invalid_argument`, which the API answers with a 400, never `failed`
// (a 500). Each read either answers or refuses that way, on both backends.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreError } from './errors.js';
import type { Store } from './store.js';
import { backendCases, harness, type Harness } from './test/backends.js';

const cases = await backendCases();
const nul = 'a\u0000b';

for (const { backend, skip } of cases) {
  describe(`store: values the database cannot take: ${backend}`, { skip }, () => {
    let h: Harness;
    let store: Store;
    before(async () => {
      h = harness(backend);
      store = await h.fresh();
    });
    after(() => h.cleanup());

    const refusedAsInput = (err: unknown): boolean => {
      assert.ok(err instanceof StoreError, String(err));
      assert.equal(err.code, 'invalid_argument', err.message);
      return true;
    };

    test('a full-text search holding U+0000 is invalid_argument', async () => {
      await assert.rejects(store.searchAssets(nul, { limit: 1 }), refusedAsInput);
      await assert.rejects(store.searchMetadata(`"${nul}"`, { limit: 1 }), refusedAsInput);
    });

    test('ids, keys and field filters holding U+0000: an answer or invalid_argument, never failed', async () => {
      const calls: [string, () => Promise<unknown>][] = [
        ['getTransactions', () => store.getTransactions([nul])],
        ['getStatuses', () => store.getStatuses([nul])],
        ['getBlocksById', () => store.getBlocksById([nul])],
        ['getVotes', () => store.getVotes([nul])],
        ['getBlocksContaining', () => store.getBlocksContaining(nul)],
        ['getOutputs', () => store.getOutputs(nul, { limit: 1 })],
        ['getTransactionsByKey', () => store.getTransactionsByKey(nul, { limit: 1 })],
        ['getTransactionsByAsset', () => store.getTransactionsByAsset(nul, { limit: 1 })],
        [
          'findAssets',
          () => store.findAssets({ filter: { anyOf: [[{ path: nul, value: nul }]] }, limit: 1 }),
        ],
        [
          'findMetadata',
          () => store.findMetadata({ filter: { anyOf: [[{ path: 'k', value: nul }]] }, limit: 1 }),
        ],
      ];
      for (const [name, call] of calls) {
        try {
          await call();
        } catch (err) {
          assert.ok(err instanceof StoreError, `${name}: ${String(err)}`);
          assert.equal(err.code, 'invalid_argument', `${name}: ${err.message}`);
        }
      }
    });
  });
}
