// The HTTP API in process (`app.inject`, no socket) over a real node on SQLite in memory: every seed
// endpoint, its answers and its error paths. Bad input must never get a 5xx.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultLimits, generateKeypair, type SignedTransaction } from '@bigchaindb-ts/core';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { Bigchain } from '../node/index.js';
import { createTx, makeBigchain, transferTx, waitForStatus } from '../node/test/node-harness.js';
import { openStore, type Store } from '../store/index.js';
import { version } from '../version.js';
import { buildApp } from './app.js';

const bodySizeBytesMax = 16 * 1024;
const txSizeBytesMax = 4 * 1024;

describe('HTTP API', () => {
  let store: Store;
  let node: Bigchain;
  let app: FastifyInstance;
  const alice = generateKeypair();
  const bob = generateKeypair();
  /** Every response of the suite, to check at the end that none was a 5xx. */
  const responses: { what: string; status: number }[] = [];

  before(async () => {
    store = await openStore({ backend: 'sqlite', sqlitePath: ':memory:' });
    await store.init();
    node = makeBigchain(store, generateKeypair(), { limits: { ...defaultLimits, txSizeBytesMax } });
    await node.start();
    app = buildApp({ node, bodySizeBytesMax });
  });
  after(async () => {
    await app.close();
    await node.stop();
    await store.close();
  });

  async function call(options: InjectOptions & { url: string }): Promise<LightMyRequestResponse> {
    const res = await app.inject(options);
    responses.push({ what: `${options.method ?? 'GET'} ${options.url}`, status: res.statusCode });
    return res;
  }

  function post(payload: string | Buffer, query = '', contentType: string | null = 'application/json') {
    return call({
      method: 'POST',
      url: `/api/v1/transactions${query}`,
      headers: contentType === null ? {} : { 'content-type': contentType },
      payload,
    });
  }

  /** The error body every refusal has: `{message, status}` plus our `code`. */
  function assertError(res: LightMyRequestResponse, status: number, code?: string, what = ''): void {
    assert.equal(res.statusCode, status, `${what} ${res.body}`);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json();
    assert.equal(body.status, status);
    assert.equal(typeof body.message, 'string');
    assert.ok(body.message.length > 0);
    if (code !== undefined) assert.equal(body.code, code, `${what} ${body.message}`);
  }

  test('GET / describes the node and links the v1 API', async () => {
    const res = await call({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.software, 'BigchainDB');
    assert.equal(body.version, version);
    assert.equal(body.public_key, node.publicKey);
    assert.deepEqual(body.keyring, []);
    assert.equal(typeof body.docs, 'string');
    assert.equal(body.api.v1.transactions, '/api/v1/transactions/');
    for (const key of [
      'docs',
      'transactions',
      'blocks',
      'assets',
      'metadata',
      'outputs',
      'validators',
      'streams',
    ])
      assert.equal(typeof body.api.v1[key], 'string', key);
  });

  test('GET /api/v1 lists the endpoints relative to itself, with or without a trailing slash', async () => {
    for (const url of ['/api/v1', '/api/v1/']) {
      const res = await call({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      const body = res.json();
      assert.equal(body.transactions, '/transactions/');
      assert.equal(body.outputs, '/outputs/');
      assert.match(body.streams, /^wss?:\/\//);
    }
  });

  test('POST a valid transaction: 202 with the transaction, in every mode, then readable and valid', async () => {
    for (const query of ['', '?mode=async', '?mode=sync', '?mode=commit']) {
      const tx = createTx(alice, { query });
      const res = await post(JSON.stringify(tx), query);
      assert.equal(res.statusCode, 202, `${query}: ${res.body}`);
      assert.deepEqual(res.json(), tx);
      assert.equal(res.headers.location, `/api/v1/transactions/${tx.id}/status`);
      if (query === '?mode=commit')
        assert.deepEqual(
          (await call({ method: 'GET', url: `/api/v1/transactions/${tx.id}/status` })).json().status,
          'valid',
        );
      await waitForStatus(node, tx.id, 'valid');
      const got = await call({ method: 'GET', url: `/api/v1/transactions/${tx.id}` });
      assert.equal(got.statusCode, 200);
      assert.deepEqual(got.json(), tx);
      const status = await call({ method: 'GET', url: `/api/v1/transactions/${tx.id}/status` });
      assert.equal(status.statusCode, 200);
      const s = status.json();
      assert.equal(s.status, 'valid');
      assert.match(s.block_id, /^[0-9a-f]{64}$/);
      assert.equal(typeof s.updated_at_ms, 'number');
      assert.equal('reason_code' in s, false);
    }
  });

  test('POST with a charset parameter or another letter case of the JSON media type is accepted', async () => {
    for (const contentType of ['application/json; charset=utf-8', 'Application/JSON']) {
      const tx = createTx(alice, { contentType });
      const res = await post(JSON.stringify(tx), '', contentType);
      assert.equal(res.statusCode, 202, `${contentType}: ${res.body}`);
    }
  });

  test('POSTing the same transaction twice at once answers 202 both times; once valid, 400 DuplicateTransaction', async () => {
    const tx = createTx(alice, { twice: true });
    const [a, b] = await Promise.all([post(JSON.stringify(tx)), post(JSON.stringify(tx))]);
    assert.deepEqual([a.statusCode, b.statusCode], [202, 202]);
    await waitForStatus(node, tx.id, 'valid');
    // BigchainDB 2.x's answer for a transaction already in the ledger; clients rely on it.
    const again = await post(JSON.stringify(tx));
    assert.equal(again.statusCode, 400, again.body);
    assert.equal(again.json().code, 'DuplicateTransaction');
    for (const mode of ['?mode=sync', '?mode=commit']) {
      const res = await post(JSON.stringify(tx), mode);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, 'DuplicateTransaction');
    }
  });

  test('refusals of POST /api/v1/transactions, table-driven', async () => {
    const valid = createTx(alice, { table: true });
    const text = JSON.stringify(valid);
    const spent = createTx(alice, { spent: true });
    assert.equal((await post(JSON.stringify(spent), '?mode=commit')).statusCode, 202);
    assert.equal((await post(JSON.stringify(transferTx(spent, alice, bob)), '?mode=commit')).statusCode, 202);
    const badSignature: SignedTransaction = {
      ...valid,
      inputs: [{ ...valid.inputs[0]!, fulfillment: createTx(bob).inputs[0]!.fulfillment }],
    };
    const rows: {
      name: string;
      res: () => Promise<LightMyRequestResponse>;
      status: number;
      code?: string;
    }[] = [
      { name: 'malformed JSON', res: () => post('{"id": '), status: 400, code: 'SchemaValidationError' },
      { name: 'trailing garbage', res: () => post(`${text}}`), status: 400, code: 'SchemaValidationError' },
      { name: 'empty body', res: () => post(''), status: 400 },
      { name: 'JSON null', res: () => post('null'), status: 400, code: 'SchemaValidationError' },
      { name: 'JSON array', res: () => post('[]'), status: 400, code: 'SchemaValidationError' },
      { name: 'JSON string', res: () => post('"tx"'), status: 400, code: 'SchemaValidationError' },
      { name: 'invalid UTF-8', res: () => post(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), status: 400 },
      { name: 'deep nesting', res: () => post(`${'['.repeat(1500)}${']'.repeat(1500)}`), status: 400 },
      {
        name: 'text/plain',
        res: () => post(text, '', 'text/plain'),
        status: 415,
        code: 'UnsupportedMediaType',
      },
      {
        name: 'form encoded',
        res: () => post(text, '', 'application/x-www-form-urlencoded'),
        status: 415,
        code: 'UnsupportedMediaType',
      },
      { name: 'no content type', res: () => post(text, '', null), status: 415 },
      {
        name: 'body over the HTTP limit',
        res: () => post(`{"pad": "${'x'.repeat(bodySizeBytesMax)}"}`),
        status: 413,
        code: 'BodyTooLarge',
      },
      {
        name: 'transaction over the size limit',
        res: () => post(JSON.stringify(createTx(alice, { pad: 'x'.repeat(txSizeBytesMax) }))),
        status: 413,
        code: 'TransactionTooLarge',
      },
      {
        name: 'unknown mode',
        res: () => post(text, '?mode=eventually'),
        status: 400,
        code: 'InvalidParameter',
      },
      { name: 'empty mode', res: () => post(text, '?mode='), status: 400, code: 'InvalidParameter' },
      {
        name: 'mode twice',
        res: () => post(text, '?mode=async&mode=sync'),
        status: 400,
        code: 'InvalidParameter',
      },
      {
        name: 'tampered id',
        res: () => post(JSON.stringify({ ...valid, id: 'a'.repeat(64) })),
        status: 400,
        code: 'InvalidHash',
      },
      { name: 'bad signature', res: () => post(JSON.stringify(badSignature)), status: 400 },
      {
        name: 'spends a missing transaction',
        res: () => post(JSON.stringify(transferTx(createTx(bob), bob, alice))),
        status: 400,
        code: 'InputDoesNotExist',
      },
      {
        name: 'double spend',
        res: () => post(JSON.stringify(transferTx(spent, alice, generateKeypair()))),
        status: 400,
        code: 'DoubleSpend',
      },
    ];
    for (const row of rows) {
      assertError(await row.res(), row.status, row.code, `${row.name}:`);
    }
    // The bad-signature refusal names a signature or hash problem, whichever check comes first.
    const bad = await post(JSON.stringify(badSignature));
    assert.match(bad.json().code, /^(InvalidSignature|InvalidHash)$/);
    // None of the refused transactions was stored.
    assert.equal(
      (await call({ method: 'GET', url: `/api/v1/transactions/${'a'.repeat(64)}/status` })).statusCode,
      404,
    );
  });

  test('truncations of a valid transaction are all 400, never 5xx', async () => {
    const text = JSON.stringify(createTx(alice, { truncated: 'yes' }));
    for (let cut = 0; cut < text.length; cut += Math.ceil(text.length / 40)) {
      const res = await post(text.slice(0, cut));
      assert.equal(res.statusCode, 400, `cut at ${cut}: ${res.body}`);
    }
  });

  test('GET of unknown, malformed and odd ids is 404 with the error body', async () => {
    const ids = [
      'f'.repeat(64),
      'F'.repeat(64),
      'abc',
      'g'.repeat(64),
      'f'.repeat(65),
      '..%2F..%2Fetc%2Fpasswd',
      '%00',
      encodeURIComponent('😀'),
      'a'.repeat(200),
      'f'.repeat(5000),
    ];
    for (const id of ids) {
      for (const suffix of ['', '/status']) {
        const res = await call({ method: 'GET', url: `/api/v1/transactions/${id}${suffix}` });
        assertError(res, 404);
      }
    }
    // A malformed percent-encoding is a bad request, answered in the same body shape.
    assertError(await call({ method: 'GET', url: '/api/v1/transactions/%' }), 400, 'BadRequest');
    assertError(await call({ method: 'GET', url: '/api/v1/transactions/%zz/status' }), 400, 'BadRequest');
    assertError(await call({ method: 'GET', url: '/api/v1/no-such-endpoint' }), 404);
    assertError(await call({ method: 'DELETE', url: '/api/v1/transactions' }), 404);
  });

  test('a transaction rejected after acceptance reports status invalid with reason_code and reason', async () => {
    const create = createTx(alice, { rejected: 'later' });
    assert.equal((await post(JSON.stringify(create), '?mode=commit')).statusCode, 202);
    // Two spends straight into the backlog (as another member's ingest would leave them): the
    // block maker keeps one and rejects the other with DoubleSpend.
    const spends = [transferTx(create, alice, bob), transferTx(create, alice, generateKeypair())];
    await store.addToBacklog(spends.map((tx) => ({ tx, assignee: node.publicKey })));
    const fates = await Promise.all(spends.map((tx) => waitForStatus(node, tx.id, ['valid', 'invalid'])));
    const loser = spends[fates.findIndex((f) => f.status === 'invalid')];
    assert.ok(loser, 'one spend is invalid');
    const res = await call({ method: 'GET', url: `/api/v1/transactions/${loser.id}/status` });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.status, 'invalid');
    assert.equal(body.reason_code, 'DoubleSpend');
    assert.equal(typeof body.reason, 'string');
    assert.equal((await call({ method: 'GET', url: `/api/v1/transactions/${loser.id}` })).statusCode, 404);
  });

  test('no request of this suite was answered with a 5xx', () => {
    assert.ok(responses.length > 50);
    assert.deepEqual(
      responses.filter((r) => r.status >= 500),
      [],
    );
  });
});
