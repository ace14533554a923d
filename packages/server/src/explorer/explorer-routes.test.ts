// The explorer's files on the API port, and the two reads added for it: what each path answers,
// content types, caching, gzip, the node URL filled into the page, paths that try to leave the
// folder, and GET /api/v1/chain and /api/v1/transactions/{id}/spenders.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  signTransaction,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../http/index.js';
import type { Bigchain } from '../node/index.js';
import { makeBigchain } from '../node/test/node-harness.js';
import { openStore, type Store } from '../store/index.js';
import { explorerRoutes } from './index.js';

const secret = 'outside-the-explorer-folder';
const script = `console.log(${JSON.stringify('x'.repeat(2000))});`;
let home: string;
let store: Store;
let node: Bigchain;
let app: FastifyInstance;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'explorer-files-'));
  const dir = join(home, 'public');
  mkdirSync(join(dir, 'static'), { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><meta name="bigchaindb-node" content="" /><script src="/explorer/static/app-ABCDEFGH.js"></script>',
  );
  writeFileSync(join(dir, 'static', 'app-ABCDEFGH.js'), script);
  writeFileSync(join(dir, 'static', 'app-ABCDEFGH.css'), 'body{}');
  writeFileSync(join(home, 'secret.txt'), secret);
  store = await openStore({ backend: 'sqlite', sqlitePath: ':memory:' });
  await store.init();
  node = makeBigchain(store, generateKeypair());
  await node.start();
  app = buildApp({
    node,
    bodySizeBytesMax: 64 * 1024,
    routeModules: [explorerRoutes({ dir, nodeUrl: 'http://node.example:9984/"<x>' })],
  });
});
after(async () => {
  await app.close();
  await node.stop();
  await store.close();
  rmSync(home, { recursive: true, force: true });
});

describe('the explorer files', () => {
  test('/explorer redirects to /explorer/, keeping the query', async () => {
    const res = await app.inject({ url: '/explorer?node=http://x' });
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/explorer/?node=http://x');
  });

  test('the page, with the node URL filled in (escaped) and a strict content security policy', async () => {
    const res = await app.inject({ url: '/explorer/' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
    assert.match(res.body, /content="http:\/\/node\.example:9984\/&quot;&lt;x&gt;"/);
  });

  test('every page path answers the page; an unknown section answers it with 404', async () => {
    for (const path of [
      'blocks/3',
      'transactions/ab',
      'owners/k',
      'assets/abc',
      'federation',
      'add',
      'search',
    ]) {
      const res = await app.inject({ url: `/explorer/${path}` });
      assert.equal(res.statusCode, 200, path);
      assert.match(res.body, /bigchaindb-node/, path);
    }
    const unknown = await app.inject({ url: '/explorer/no-such-page' });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /bigchaindb-node/);
  });

  test('a built file: its type, cached for good, gzipped when asked, 304 on a matching ETag', async () => {
    const res = await app.inject({
      url: '/explorer/static/app-ABCDEFGH.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.match(String(res.headers['cache-control']), /immutable/);
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(res.rawPayload).toString(), script);
    const css = await app.inject({ url: '/explorer/static/app-ABCDEFGH.css' });
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    const again = await app.inject({
      url: '/explorer/static/app-ABCDEFGH.js',
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    assert.equal(again.statusCode, 304);
    const missing = await app.inject({ url: '/explorer/static/app-OLD.js' });
    assert.equal(missing.statusCode, 404);
  });

  test('no path reaches a file outside the folder', async () => {
    for (const url of [
      '/explorer/../secret.txt',
      '/explorer/%2e%2e/secret.txt',
      '/explorer/static/..%2f..%2fsecret.txt',
      '/explorer/..%5csecret.txt',
      '/explorer/static/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/explorer//etc/passwd',
    ]) {
      const res = await app.inject({ url });
      assert.ok(!res.body.includes(secret), url);
      assert.ok(!res.body.includes('root:'), url);
    }
  });

  test('the pages are not part of the API document', async () => {
    const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, unknown>;
    }>();
    assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith('/explorer')));
  });

  test('without built files the page says how to build them', async () => {
    const bare = buildApp({
      node,
      bodySizeBytesMax: 1024,
      routeModules: [explorerRoutes({ dir: join(home, 'missing') })],
    });
    const res = await bare.inject({ url: '/explorer/' });
    await bare.close();
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /npm run build/);
  });
});

describe('the reads the explorer needs', () => {
  const alice = generateKeypair();
  const bob = generateKeypair();
  let created: SignedTransaction;
  let moved: SignedTransaction;

  before(async () => {
    created = signTransaction(
      makeCreateTransaction(
        { kind: 'chain-test' },
        null,
        [makeOwnerOutput(alice.publicKey, '1')],
        [alice.publicKey],
      ),
      alice.privateKey,
    );
    const first = await node.submit(JSON.stringify(created), 'commit');
    assert.ok(first.ok && first.status === 'valid');
    moved = signTransaction(
      makeTransferTransaction([{ tx: created, outputIndex: 0 }], [makeOwnerOutput(bob.publicKey, '1')], null),
      alice.privateKey,
    );
    const second = await node.submit(JSON.stringify(moved), 'commit');
    assert.ok(second.ok && second.status === 'valid', JSON.stringify(second));
  });

  test('GET /api/v1/chain: the latest blocks newest first, as summaries, paged by to_height', async () => {
    const res = await app.inject({ url: '/api/v1/chain' });
    assert.equal(res.statusCode, 200);
    const { latest_height: latest, blocks } = res.json<{
      latest_height: number;
      blocks: { height: number; tx_count: number; status: string; transactions?: unknown }[];
    }>();
    assert.ok(latest >= 2);
    assert.deepEqual(
      blocks.map((b) => b.height),
      Array.from({ length: latest + 1 }, (_, i) => latest - i),
    );
    assert.equal(blocks[blocks.length - 1]!.tx_count, 0, 'the genesis block');
    assert.ok(blocks.every((b) => b.transactions === undefined && b.status === 'valid'));
    const page = (await app.inject({ url: `/api/v1/chain?to_height=${latest - 1}&limit=1` })).json<{
      blocks: { height: number }[];
    }>();
    assert.deepEqual(
      page.blocks.map((b) => b.height),
      [latest - 1],
    );
    assert.equal((await app.inject({ url: '/api/v1/chain?limit=0' })).statusCode, 400);
    assert.equal((await app.inject({ url: '/api/v1/chain?from=1' })).statusCode, 400);
  });

  test('GET /api/v1/transactions/{id}/spenders: who spent each output', async () => {
    const res = await app.inject({ url: `/api/v1/transactions/${created.id}/spenders` });
    assert.equal(res.statusCode, 200);
    const [spender] = res.json<{ transaction_id: string; status: string }[]>();
    assert.equal(spender?.transaction_id, moved.id);
    assert.equal(spender?.status, 'valid');
    const unspent = await app.inject({ url: `/api/v1/transactions/${moved.id}/spenders` });
    assert.deepEqual(unspent.json(), [null]);
    assert.equal(
      (await app.inject({ url: `/api/v1/transactions/${'0'.repeat(64)}/spenders` })).statusCode,
      404,
    );
    assert.equal((await app.inject({ url: '/api/v1/transactions/nope/spenders' })).statusCode, 404);
  });
});
