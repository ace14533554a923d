// The JSON API in-process (fastify's inject, no socket), on every database: the bearer token on
// every path, the endpoints and shapes, the seed's exception names as 400 codes, 404 for
// unknown ids, idempotent sends, no 5xx for bad input, and the OpenAPI document.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/core';
import type { FastifyInstance } from 'fastify';
import { Keystore } from '../keystore/index.js';
import { WalletBook } from '../model/index.js';
import {
  BACKENDS,
  coinMap,
  dbHarness,
  resolverOf,
  skipReason,
  testCoin,
  type DbHarness,
} from '../test/databases.js';
import { buildApi } from './api-server.js';

const token = 'a-token-of-at-least-16';
const auth = { authorization: `Bearer ${token}` };

for (const backend of BACKENDS) {
  describe(`wallet JSON API on ${backend}`, async () => {
    const skip = await skipReason(backend);
    let h: DbHarness;
    let app: FastifyInstance;
    let book: WalletBook;
    before(async () => {
      if (skip) return;
      h = dbHarness(backend);
      const db = await h.fresh();
      const keystore = await Keystore.unlock(resolverOf(db), 'p');
      book = new WalletBook(resolverOf(db), {
        now: Date.now,
        coins: coinMap(testCoin),
        eventHandlers: [],
        keystore,
      });
      app = buildApi(book, { token });
    });
    after(async () => {
      await app?.close();
      await h?.cleanup();
    });
    const call = async (
      method: 'GET' | 'POST',
      url: string,
      payload?: unknown,
      headers: Record<string, string> = auth,
    ) => {
      const res = await app.inject({
        method,
        url,
        headers,
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
      return { status: res.statusCode, body: res.json<Record<string, unknown> & unknown[]>() };
    };

    test('every request without the right token is 401, whatever its path', { skip }, async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/wallets/1'],
        ['POST', '/api/v1/wallets'],
        ['GET', '/nowhere'],
        ['GET', '/api/v1/openapi.json'],
      ] as const) {
        for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: token }] as Record<
          string,
          string
        >[]) {
          const r = await call(method, url, undefined, headers);
          assert.equal(r.status, 401, `${method} ${url} ${JSON.stringify(headers)}`);
          assert.equal(r.body.code, 'Unauthorized');
        }
      }
    });

    test(
      'the getting-started flow: wallet, account, address, internal send, external send, transactions, processed',
      { skip },
      async () => {
        const wallet = await call('POST', '/api/v1/wallets', { name: 'shop', coin: 'tok' });
        assert.equal(wallet.status, 200);
        assert.equal(typeof wallet.body.id, 'string');
        assert.equal(wallet.body.balance, '0');
        assert.deepEqual(
          (await call('POST', '/api/v1/wallets', { name: 'shop', coin: 'tok' })).body.id,
          wallet.body.id,
          'get or create',
        );
        const w = `/api/v1/wallets/${String(wallet.body.id)}`;
        const alice = await call('POST', `${w}/accounts`, { name: 'alice' });
        const bob = await call('POST', `${w}/accounts`, { name: 'bob' });
        assert.equal(alice.status, 200);
        const address = await call('POST', `${w}/accounts/${String(bob.body.id)}/addresses`, {
          label: 'main',
        });
        assert.equal(address.status, 200);
        assert.equal(address.body.label, 'main');
        assert.equal(JSON.stringify(address.body).includes('private'), false);
        await book.transaction((b) => b.createImportTransaction(String(alice.body.id), 1_000n));
        const internal = await call('POST', `${w}/send`, {
          from_account: alice.body.id,
          to: address.body.address,
          amount: '250',
          label: 'rent',
        });
        assert.equal(internal.status, 200);
        assert.equal(internal.body.state, 'internal');
        assert.equal(internal.body.amount, '250');
        assert.equal(internal.body.receiving_account, bob.body.id);
        const to = generateKeypair().publicKey;
        const send = { from_account: alice.body.id, to, amount: '100', idempotency_key: 'order-17' };
        const out = await call('POST', `${w}/send`, send);
        assert.equal(out.body.state, 'pending');
        assert.equal(out.body.txid, null);
        assert.deepEqual(Object.keys(out.body).sort(), [
          'address',
          'amount',
          'confirmations',
          'created_at',
          'credited_at',
          'id',
          'label',
          'processed_at',
          'receiving_account',
          'sending_account',
          'state',
          'txid',
          'wallet',
        ]);
        assert.equal(
          (await call('POST', `${w}/send`, send)).body.id,
          out.body.id,
          'the same idempotency key returns the first result',
        );
        const acc = await call('GET', `${w}/accounts/${String(alice.body.id)}`);
        assert.equal(acc.body.balance, '650');
        assert.equal(acc.body.unconfirmed_balance, '0');
        const bobs = await call('GET', `${w}/accounts/${String(bob.body.id)}`);
        assert.equal((bobs.body.addresses as unknown[]).length, 1);
        const list = await call('GET', `${w}/transactions?state=pending`);
        assert.deepEqual(
          (list.body as unknown as { id: string }[]).map((t) => t.id),
          [out.body.id],
        );
        const byAccount = await call('GET', `${w}/transactions?account=${String(bob.body.id)}`);
        assert.equal((byAccount.body as unknown as unknown[]).length, 1);
        assert.equal((await call('GET', `${w}/transactions/${String(out.body.id)}`)).body.amount, '100');
        const notDeposit = await call('POST', `${w}/transactions/${String(out.body.id)}/processed`);
        assert.equal(notDeposit.status, 400);
        assert.equal(notDeposit.body.code, 'NotIncoming');
      },
    );

    test(
      "refusals carry the seed's names as codes; unknown ids are 404; bad input is never a 5xx",
      { skip },
      async () => {
        const wallet = await call('POST', '/api/v1/wallets', { name: 'refusals', coin: 'tok' });
        const w = `/api/v1/wallets/${String(wallet.body.id)}`;
        const a = await call('POST', `${w}/accounts`, { name: 'a' });
        const cases: [string, string, unknown, number, string][] = [
          [
            'POST',
            `${w}/send`,
            { from_account: a.body.id, to: generateKeypair().publicKey, amount: '1' },
            400,
            'NotEnoughAccountBalance',
          ],
          ['POST', `${w}/send`, { from_account: a.body.id, to: 'nope', amount: '1' }, 400, 'BadAddress'],
          [
            'POST',
            `${w}/send`,
            { from_account: a.body.id, to: generateKeypair().publicKey, amount: '-5' },
            400,
            'BadAmount',
          ],
          [
            'POST',
            `${w}/send`,
            { from_account: a.body.id, to: generateKeypair().publicKey, amount: '1.5' },
            400,
            'BadAmount',
          ],
          ['POST', `${w}/send`, { to: generateKeypair().publicKey, amount: '1' }, 400, 'BadRequest'],
          ['POST', `${w}/send`, [1, 2], 400, 'BadRequest'],
          ['POST', '/api/v1/wallets', { name: 'x', coin: 'nope' }, 400, 'UnknownCoin'],
          ['POST', '/api/v1/wallets', { name: 5, coin: 'tok' }, 400, 'BadRequest'],
          ['GET', '/api/v1/wallets/999999', undefined, 404, 'NotFound'],
          ['GET', '/api/v1/wallets/abc', undefined, 404, 'NotFound'],
          ['GET', `${w}/accounts/999999`, undefined, 404, 'NotFound'],
          ['GET', `${w}/transactions/xyz`, undefined, 404, 'NotFound'],
          ['GET', `${w}/transactions?state=bogus`, undefined, 400, 'BadRequest'],
          ['GET', '/api/v1/nothing', undefined, 404, 'NotFound'],
        ];
        for (const [method, url, payload, status, code] of cases) {
          const r = await call(method as 'GET' | 'POST', url, payload);
          assert.equal(
            r.status,
            status,
            `${method} ${url} ${JSON.stringify(payload)}: ${JSON.stringify(r.body)}`,
          );
          assert.equal(r.body.code, code);
          assert.equal(typeof r.body.message, 'string');
          assert.equal(r.body.status, status);
        }
        const broken = await app.inject({
          method: 'POST',
          url: `${w}/send`,
          headers: { ...auth, 'content-type': 'application/json' },
          payload: '{not json',
        });
        assert.equal(broken.statusCode, 400);
        // Another wallet's account is not found through this wallet.
        const other = await call('POST', '/api/v1/wallets', { name: 'other', coin: 'tok' });
        assert.equal(
          (await call('GET', `/api/v1/wallets/${String(other.body.id)}/accounts/${String(a.body.id)}`))
            .status,
          404,
        );
      },
    );

    test('the OpenAPI document is served and lists every endpoint', { skip }, async () => {
      const doc = await call('GET', '/api/v1/openapi.json');
      assert.equal(doc.status, 200);
      assert.equal(Object.keys(doc.body.paths as object).length, 9);
    });
  });
}
