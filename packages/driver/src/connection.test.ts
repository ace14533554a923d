// The connection against real local HTTP servers that answer as each test decides: headers sent,
// errors that carry the server's reason, no silent re-POST of a 2xx without JSON, timeouts,
// failover with backoff, and idempotent POST retries by transaction id (T8: the answer is lost).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/core';
import type { ConnectionOptions } from './connection-types.js';
import { Connection } from './connection.js';
import { BadResponseError, HttpError, NetworkError, TimeoutError } from './errors.js';
import { transaction } from './transaction.js';
import { pages } from './page.js';
import { HttpFixture, refusedUrl, type Handler } from './test/http-fixture.js';

const fixtures: HttpFixture[] = [];
after(async () => {
  for (const f of fixtures) await f.close();
});

async function serve(handler: Handler): Promise<HttpFixture> {
  const f = await HttpFixture.start(handler);
  fixtures.push(f);
  return f;
}

// Short backoffs keep the suite quick; nothing below depends on how long anything takes.
const fast: ConnectionOptions = { backoff: { baseMs: 5, capMs: 20 }, requestTimeoutMs: 2000 };

function signedCreate() {
  return transaction.create({ issuers: generateKeypair(), asset: { test: 'connection' } });
}

const txPath = '/api/v1/transactions';

describe('requests', () => {
  test('headers given to the connection and to a node are sent, with Accept and Content-Type', async () => {
    const f = await serve(() => ({ json: { ok: true }, status: 202 }));
    const conn = new Connection([{ url: f.url, headers: { app_key: 'node-key' } }], {
      headers: { app_id: 'my-app', app_key: 'overridden' },
    });
    const tx = signedCreate();
    await conn.postTransaction(tx, 'async');
    const [req] = f.requests;
    assert.equal(req!.headers.app_id, 'my-app');
    assert.equal(req!.headers.app_key, 'node-key');
    assert.equal(req!.headers.accept, 'application/json');
    assert.equal(req!.headers['content-type'], 'application/json');
    assert.equal(req!.url, `${txPath}?mode=async`);
    assert.deepEqual(JSON.parse(req!.body), tx);
  });

  test('node URLs: origin, API root, trailing slash and proxy prefix all reach /api/v1', async () => {
    const f = await serve(() => ({ json: {} }));
    for (const url of [f.url, `${f.url}/`, `${f.url}/api/v1`, `${f.url}/api/v1/`, `${f.url}/gw`]) {
      await new Connection(url).apiIndex();
    }
    assert.deepEqual(
      f.requests.map((r) => r.url),
      ['/api/v1', '/api/v1', '/api/v1', '/api/v1', '/gw/api/v1'],
    );
    assert.throws(() => new Connection('ftp://x'), TypeError);
    assert.throws(() => new Connection(`${f.url}/?q=1`), TypeError);
    assert.throws(() => new Connection([]), TypeError);
  });

  test('query strings: strict percent-encoding, and 0 / false are sent', async () => {
    const f = await serve(() => ({ json: [] }));
    const conn = new Connection(f.url);
    await conn.searchAssets('foo bar+baz', 0);
    await conn.searchMetadata('x');
    await conn.listOutputs('pk', false);
    await conn.listOutputs('pk');
    await conn.listTransactions('a'.repeat(64), 'TRANSFER', { lastTx: true });
    await conn.listBlocks('t');
    await conn.listVotes('b');
    assert.deepEqual(
      f.requests.map((r) => r.url),
      [
        '/api/v1/assets?search=foo%20bar%2Bbaz&limit=0',
        '/api/v1/metadata?search=x',
        '/api/v1/outputs?public_key=pk&spent=false',
        '/api/v1/outputs?public_key=pk',
        `/api/v1/transactions?asset_id=${'a'.repeat(64)}&operation=TRANSFER&last_tx=true`,
        '/api/v1/blocks?transaction_id=t',
        '/api/v1/votes?block_id=b',
      ],
    );
  });
});

describe('errors', () => {
  test("a 4xx is an HttpError with the server's message, status and code, and is not retried", async () => {
    const f = await serve(() => ({
      status: 400,
      json: { message: 'Invalid transaction (DoubleSpend): output spent', status: 400, code: 'DoubleSpend' },
    }));
    const g = await serve(() => ({ json: {} }));
    const conn = new Connection([f.url, g.url], { ...fast, selection: 'in-order' });
    const err = await conn.postTransaction(signedCreate()).catch((e: unknown) => e);
    assert.ok(err instanceof HttpError);
    assert.ok(err instanceof Error);
    assert.equal(err.status, 400);
    assert.equal(err.code, 'DoubleSpend');
    assert.equal(err.message, 'Invalid transaction (DoubleSpend): output spent');
    assert.equal(err.method, 'POST');
    assert.equal(err.url, `${f.url}${txPath}?mode=commit`);
    assert.equal(f.requests.length, 1);
    assert.equal(g.requests.length, 0);
    // The node answered, so it is not backed off: the next call goes to it again.
    await conn.getStatus('x').catch(() => undefined);
    assert.equal(f.requests.length, 2);
  });

  test('parameter errors as objects and non-JSON error pages still give a readable HttpError', async () => {
    const f = await serve((req) =>
      req.url.startsWith('/api/v1/transactions?')
        ? { status: 400, json: { message: { asset_id: 'Invalid hash' } } }
        : { status: 404, text: '<html>Not Found</html>', contentType: 'text/html' },
    );
    const conn = new Connection(f.url);
    const bad = await conn.listTransactions('zz').catch((e: unknown) => e);
    assert.ok(bad instanceof HttpError);
    assert.equal(bad.message, 'asset_id: Invalid hash');
    assert.equal(bad.code, undefined);
    const missing = await conn.getBlock(7).catch((e: unknown) => e);
    assert.ok(missing instanceof HttpError);
    assert.equal(missing.status, 404);
    assert.match(missing.message, /^404 Not Found: <html>/);
    assert.equal(missing.body, '<html>Not Found</html>');
  });

  test('a 2xx without a JSON body is a BadResponseError and the POST is never sent again', async () => {
    for (const answer of [
      { status: 202, text: '' },
      { status: 200, text: 'OK', contentType: 'text/html' },
    ]) {
      const f = await serve(() => answer);
      const g = await serve(() => ({ json: {}, status: 202 }));
      const conn = new Connection([f.url, g.url], { ...fast, selection: 'in-order' });
      const err = await conn.postTransaction(signedCreate(), 'sync').catch((e: unknown) => e);
      assert.ok(err instanceof BadResponseError, String(err));
      assert.equal(err.status, answer.status);
      assert.equal(f.requests.length, 1);
      assert.equal(g.requests.length, 0);
    }
  });

  test('a refused connection is a NetworkError whose cause says why', async () => {
    const conn = new Connection(await refusedUrl(), { ...fast, attemptsMax: 1 });
    const err = await conn.health().catch((e: unknown) => e);
    assert.ok(err instanceof NetworkError);
    assert.ok(err.cause instanceof Error);
    assert.match(err.message, /ECONNREFUSED/);
  });

  test('a stalled answer is a TimeoutError', async () => {
    const f = await serve(() => ({ stall: true }));
    const conn = new Connection(f.url, { ...fast, requestTimeoutMs: 50, attemptsMax: 1 });
    const err = await conn.getTransaction('x').catch((e: unknown) => e);
    assert.ok(err instanceof TimeoutError);
    assert.equal(err.timeoutMs, 50);
  });

  test('a whole call is bounded: every node down ends in the last error after attemptsMax tries', async () => {
    const f = await serve(() => ({ status: 503, json: { message: 'closing', status: 503 } }));
    const conn = new Connection(f.url, { ...fast, attemptsMax: 3 });
    const err = await conn.getValidators().catch((e: unknown) => e);
    assert.ok(err instanceof HttpError);
    assert.equal(err.status, 503);
    assert.equal(f.requests.length, 3);
  });
});

describe('failover', () => {
  test('503, dropped connections and stalls fail over to the next node, which is then preferred', async () => {
    for (const bad of [
      { status: 503, json: { message: 'unavailable', status: 503 } },
      { drop: true } as const,
      { stall: true } as const,
    ]) {
      const a = await serve(() => bad);
      const b = await serve(() => ({ json: { status: 'ok' } }));
      const conn = new Connection([a.url, b.url], {
        ...fast,
        requestTimeoutMs: 100,
        backoff: { baseMs: 60_000 },
      });
      assert.deepEqual(await conn.health(), { status: 'ok' });
      assert.equal(a.requests.length, 1);
      assert.equal(b.requests.length, 1);
      // Round-robin would ask `a` next, but it is backed off: skipped, not re-tried.
      await conn.health();
      await conn.health();
      assert.equal(a.requests.length, 1);
      assert.equal(b.requests.length, 3);
    }
  });

  test('a node that recovers is used again once its backoff expires; nothing is used up for good', async () => {
    let down = true;
    const a = await serve(() => (down ? { drop: true } : { json: { node: 'a' } }));
    const conn = new Connection([a.url], { ...fast, attemptsMax: 2 });
    await assert.rejects(conn.health(), NetworkError);
    await assert.rejects(conn.health(), NetworkError);
    down = false;
    // The official driver rejects every later call once its budget is spent; here each call has its own.
    assert.deepEqual(await conn.health(), { node: 'a' });
  });

  test('round-robin spreads calls over healthy nodes', async () => {
    const a = await serve(() => ({ json: 'a' }));
    const b = await serve(() => ({ json: 'b' }));
    const conn = new Connection([a.url, b.url]);
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await conn.health());
    assert.deepEqual(seen, ['a', 'b', 'a', 'b']);
  });
});

describe('idempotent POST', () => {
  test('answer lost after the node took the POST: the next node is asked the status, and nothing is re-sent when known', async () => {
    const tx = signedCreate();
    const a = await serve(() => ({ drop: true }));
    const b = await serve((req) =>
      req.url === `${txPath}/${tx.id}/status` ? { json: { status: 'valid' } } : { status: 500, json: {} },
    );
    const conn = new Connection([a.url, b.url], fast);
    assert.deepEqual(await conn.submitTransaction(tx, 'commit'), { transaction: tx, status: 'valid' });
    assert.equal(a.requestsTo('POST', txPath).length, 1);
    assert.equal(b.requestsTo('POST', txPath).length, 0);
    assert.equal(b.requestsTo('GET', `${txPath}/${tx.id}/status`).length, 1);
  });

  test('accepted but undecided satisfies async and sync, not commit: commit re-sends the same transaction', async () => {
    for (const mode of ['async', 'sync', 'commit'] as const) {
      const tx = signedCreate();
      const a = await serve(() => ({ drop: true }));
      const b = await serve((req) =>
        req.method === 'GET' ? { json: { status: 'backlog' } } : { json: JSON.parse(req.body), status: 202 },
      );
      const conn = new Connection([a.url, b.url], fast);
      assert.deepEqual(await conn.postTransaction(tx, mode), tx);
      const reposts = b.requestsTo('POST', txPath);
      assert.equal(reposts.length, mode === 'commit' ? 1 : 0, mode);
      if (mode === 'commit') assert.deepEqual(JSON.parse(reposts[0]!.body), tx);
    }
  });

  test('unknown to the next node (404): the same signed transaction is sent there', async () => {
    const tx = signedCreate();
    const a = await serve(() => ({ stall: true }));
    const b = await serve((req) =>
      req.method === 'GET'
        ? { status: 404, json: { message: 'Not found', status: 404 } }
        : { json: JSON.parse(req.body), status: 202 },
    );
    const conn = new Connection([a.url, b.url], { ...fast, commitTimeoutMs: 100 });
    assert.deepEqual(await conn.postTransactionCommit(tx), tx);
    const [post] = b.requestsTo('POST', txPath);
    assert.equal(post!.body, a.requests[0]!.body);
    assert.equal(post!.url, `${txPath}?mode=commit`);
  });

  test('known invalid: re-sent, so the node answers with its reason as an HttpError', async () => {
    const tx = signedCreate();
    const a = await serve(() => ({ status: 502, text: 'bad gateway' }));
    const b = await serve((req) =>
      req.method === 'GET'
        ? { json: { status: 'invalid', reason_code: 'DoubleSpend', reason: 'spent' } }
        : {
            status: 400,
            json: { message: 'Invalid transaction (DoubleSpend): spent', status: 400, code: 'DoubleSpend' },
          },
    );
    const conn = new Connection([a.url, b.url], fast);
    const err = await conn.postTransactionAsync(tx).catch((e: unknown) => e);
    assert.ok(err instanceof HttpError);
    assert.equal(err.code, 'DoubleSpend');
    assert.equal(b.requestsTo('POST', txPath).length, 1);
  });

  test('with one node, the status is asked of that same node after its backoff', async () => {
    const tx = signedCreate();
    let posts = 0;
    const a = await serve((req) => {
      if (req.method === 'POST') return ++posts === 1 ? { drop: true } : { status: 500, json: {} };
      return { json: { status: 'undecided' } };
    });
    const conn = new Connection(a.url, fast);
    assert.deepEqual(await conn.postTransactionSync(tx), tx);
    assert.deepEqual(
      a.requests.map((r) => `${r.method} ${r.url}`),
      [`POST ${txPath}?mode=sync`, `GET ${txPath}/${tx.id}/status`],
    );
  });
});

describe('pollStatusAndFetch', () => {
  test('waits through 404 and undecided states, then fetches the valid transaction', async () => {
    const tx = signedCreate();
    const states = [null, 'backlog', 'undecided', 'valid'];
    let polls = 0;
    const f = await serve((req) => {
      if (req.url.endsWith('/status')) {
        const s = states[Math.min(polls++, states.length - 1)];
        return s === null
          ? { status: 404, json: { message: 'Not found', status: 404 } }
          : { json: { status: s } };
      }
      return { json: tx };
    });
    const conn = new Connection(f.url);
    const result = await conn.pollStatusAndFetch(tx.id, { intervalMs: 1 });
    assert.equal(result.status, 'valid');
    assert.deepEqual(result.status === 'valid' && result.transaction, tx);
    assert.equal(polls, 4);
  });

  test('an invalid transaction ends the wait with its reason', async () => {
    const f = await serve(() => ({
      json: { status: 'invalid', reason_code: 'DoubleSpend', reason: 'spent' },
    }));
    const result = await new Connection(f.url).pollStatusAndFetch('x'.repeat(64), { intervalMs: 1 });
    assert.deepEqual(result, {
      status: 'invalid',
      record: { status: 'invalid', reason_code: 'DoubleSpend', reason: 'spent' },
    });
  });

  test('never decided: TimeoutError naming the last status', async () => {
    const f = await serve(() => ({ json: { status: 'backlog' } }));
    const err = await new Connection(f.url)
      .pollStatusAndFetch('y'.repeat(64), { intervalMs: 1, timeoutMs: 30 })
      .catch((e: unknown) => e);
    assert.ok(err instanceof TimeoutError);
    assert.match(err.message, /last status: backlog/);
  });
});

describe('paged queries', () => {
  test('pages follow the next cursor (X-Next-Cursor, or the Link header) until the last page', async () => {
    const links = [0, 1, 2, 3, 4].map((i) => ({ transaction_id: `t${i}`, output_index: 0 }));
    const f = await serve((req) => {
      const url = new URL(req.url, 'http://x');
      const at = Number(url.searchParams.get('cursor') ?? '0');
      const limit = Number(url.searchParams.get('limit'));
      const next = at + limit < links.length ? String(at + limit) : null;
      // The first page says where the next starts in X-Next-Cursor, later ones only in Link.
      const headers: Record<string, string> =
        next === null
          ? {}
          : at === 0
            ? { 'x-next-cursor': next }
            : { link: `</api/v1/outputs?public_key=pk&limit=${limit}&cursor=${next}>; rel="next"` };
      return { json: links.slice(at, at + limit), headers };
    });
    const conn = new Connection(f.url);
    const first = await conn.listOutputsPage('pk', { limit: 2, spent: false });
    assert.deepEqual(first, { items: links.slice(0, 2), next: '2' });
    const all = [];
    for await (const link of pages((cursor) => conn.listOutputsPage('pk', { limit: 2, cursor })))
      all.push(link);
    assert.deepEqual(all, links);
    assert.deepEqual(
      f.requests.map((r) => r.url),
      [
        '/api/v1/outputs?public_key=pk&spent=false&limit=2',
        '/api/v1/outputs?public_key=pk&limit=2',
        '/api/v1/outputs?public_key=pk&limit=2&cursor=2',
        '/api/v1/outputs?public_key=pk&limit=2&cursor=4',
      ],
    );
  });

  test('field filters, transactions by key and ordered asset history send the right parameters', async () => {
    const f = await serve(() => ({ json: [] }));
    const conn = new Connection(f.url);
    assert.deepEqual(await conn.findAssets({ kind: 'car', $or: [{ color: 'red' }] }, { limit: 5 }), {
      items: [],
      next: null,
    });
    await conn.findMetadata({ note: 'x' }, { cursor: 'c1' });
    await conn.listTransactionsByKey('pk');
    await conn.listTransactionsPage('a'.repeat(64), { operation: 'TRANSFER', order: 'desc', limit: 10 });
    assert.deepEqual(
      f.requests.map((r) => decodeURIComponent(r.url)),
      [
        '/api/v1/assets?where={"kind":"car","$or":[{"color":"red"}]}&limit=5',
        '/api/v1/metadata?where={"note":"x"}&limit=100&cursor=c1',
        '/api/v1/transactions?public_key=pk&limit=100',
        `/api/v1/transactions?asset_id=${'a'.repeat(64)}&operation=TRANSFER&order=desc&limit=10`,
      ],
    );
  });
});
