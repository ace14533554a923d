// tempClient's waiting, against a local HTTP server that plays the node: the POST is echoed, and
// the status endpoint decides the outcome.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isKeypair } from '@bigchaindb-ts/core';
import { TransactionInvalidError } from './errors.js';
import { tempClient } from './temp-client.js';
import { HttpFixture } from './test/http-fixture.js';

describe('tempClient', () => {
  const fixtures: HttpFixture[] = [];
  after(async () => {
    for (const f of fixtures) await f.close();
  });

  async function node(status: Record<string, unknown>, headers: Record<string, string> = {}) {
    let posted: unknown;
    const f = await HttpFixture.start((req) => {
      if (req.method === 'POST') {
        posted = JSON.parse(req.body);
        return { json: posted, status: 202, headers };
      }
      return req.url.endsWith('/status') ? { json: status } : { json: posted };
    });
    fixtures.push(f);
    return f;
  }

  test('a fresh keypair; create posts in commit mode with a unique asset and resolves once valid', async () => {
    const f = await node({ status: 'valid' });
    const c1 = tempClient(f.url);
    const c2 = tempClient(f.url);
    assert.ok(isKeypair(c1.keypair));
    assert.notEqual(c1.publicKey, c2.publicKey);
    const a = await c1.create();
    const b = await c1.create();
    // Same key, no data given: still two distinct assets (the seed's {payload, uuid}).
    assert.notEqual(a.id, b.id);
    assert.equal(a.asset.data?.payload, null);
    assert.deepEqual(
      f.requestsTo('POST', '/api/v1/transactions').map((r) => r.url),
      ['/api/v1/transactions?mode=commit', '/api/v1/transactions?mode=commit'],
    );
  });

  test('a commit answered as valid (X-Transaction-Status) needs no polling; transfer spends the whole output', async () => {
    const f = await node({ status: 'backlog' }, { 'x-transaction-status': 'valid' });
    const c1 = tempClient(f.url);
    const c2 = tempClient(f.url);
    const tx = await c1.create(null, { m: 1 });
    const moved = await c1.transfer(c2.publicKey, { txid: tx.id, cid: 0 });
    assert.deepEqual(moved.outputs[0]?.public_keys, [c2.publicKey]);
    assert.deepEqual(
      f.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`),
      ['POST /api/v1/transactions', `GET /api/v1/transactions/${tx.id}`, 'POST /api/v1/transactions'],
    );
  });

  test('a transaction decided invalid rejects with TransactionInvalidError and the reason', async () => {
    const f = await node({ status: 'invalid', reason_code: 'RuleViolation', reason: 'no' });
    const err = await tempClient(f.url)
      .create({ x: 1 })
      .catch((e: unknown) => e);
    assert.ok(err instanceof TransactionInvalidError);
    assert.equal(err.reasonCode, 'RuleViolation');
    assert.equal(err.reason, 'no');
  });
});
