// Every endpoint of the HTTP API in process (`app.inject`) over a real node, on SQLite and on
// PostgreSQL: table-driven answers and refusals over one small ledger, each answer held to its
// documented status and schema (ApiClient), and no 5xx anywhere.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  signTransaction,
  type Keypair,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Bigchain } from '../node/index.js';
import { makeBigchain, waitForStatus } from '../node/test/node-harness.js';
import { StoreError, type Store } from '../store/index.js';
import { backendCases, harness, type Harness } from '../store/test/backends.js';
import { buildApp } from './app.js';
import { ApiClient } from './test/api-client.js';

const cases = await backendCases();

const bodySizeBytesMax = 64 * 1024;

function create(
  owner: Keypair,
  data: Record<string, unknown>,
  metadata: Record<string, unknown> | null = null,
) {
  return signTransaction(
    makeCreateTransaction(data, metadata, [makeOwnerOutput(owner.publicKey)], [owner.publicKey]),
    owner.privateKey,
  );
}

function transfer(
  tx: SignedTransaction,
  from: Keypair,
  to: Keypair,
  metadata: Record<string, unknown> | null = null,
  outputIndex = 0,
) {
  return signTransaction(
    makeTransferTransaction([{ tx, outputIndex }], [makeOwnerOutput(to.publicKey)], metadata),
    from.privateKey,
  );
}

const ids = (res: LightMyRequestResponse): string[] => res.json<{ id: string }[]>().map((t) => t.id);
const enc = (value: unknown) => encodeURIComponent(JSON.stringify(value));

interface Row {
  readonly name: string;
  readonly url: string;
  readonly status: number;
  /** For refusals: the error code. */
  readonly code?: string;
  /** For answers: what the body must be. */
  readonly expect?: (res: LightMyRequestResponse) => void;
}

for (const { backend, skip } of cases) {
  describe(`HTTP endpoints: ${backend}`, { skip }, () => {
    let h: Harness;
    let store: Store;
    let node: Bigchain;
    let app: FastifyInstance;
    let api: ApiClient;
    const nodeKey = generateKeypair();
    const alice = generateKeypair();
    const bob = generateKeypair();
    const carol = generateKeypair();
    const stranger = generateKeypair();
    // The ledger: three assets, one of them transferred twice.
    const carA = create(alice, { kind: 'car', color: 'red', serial: 'A-1', tags: ['fast'] }, { lot: 1 });
    const carB = create(bob, { kind: 'car', color: 'blue', serial: 'B-1' }, { lot: 2 });
    const bikeC = create(alice, { kind: 'bike', color: 'red', serial: 'C-1' }, null);
    const sold = transfer(carA, alice, bob, { step: 'sold', lot: 1 });
    const resold = transfer(sold, bob, carol, { step: 'resold' });
    let heightOf: Map<string, number>;
    let blockIdOf: Map<string, string>;

    before(async () => {
      h = harness(backend);
      store = await h.fresh();
      node = makeBigchain(store, nodeKey);
      await node.start();
      app = buildApp({ node, bodySizeBytesMax });
      api = await new ApiClient(app).init();
      for (const tx of [carA, carB, bikeC, sold, resold]) await api.commit(tx);
      heightOf = new Map();
      blockIdOf = new Map();
      for (const tx of [carA, carB, bikeC, sold, resold]) {
        const s = await store.getStatuses([tx.id]);
        heightOf.set(tx.id, s[0]!.height!);
        blockIdOf.set(tx.id, s[0]!.blockId!);
      }
    });
    after(async () => {
      await app.close();
      await node.stop();
      await h.cleanup();
    });

    async function runTable(rows: readonly Row[]): Promise<void> {
      for (const row of rows) {
        const res = await api.get(row.url);
        assert.equal(res.statusCode, row.status, `${row.name}: ${res.body}`);
        if (row.code !== undefined) assert.equal(res.json().code, row.code, `${row.name}: ${res.body}`);
        row.expect?.(res);
      }
    }

    test('GET / and GET /api/v1 link every endpoint and the stream on this port', async () => {
      const root = (await api.get('/')).json();
      assert.equal(root.software, 'BigchainDB');
      assert.equal(root.public_key, node.publicKey);
      assert.equal(root.api.v1.streams, 'ws://localhost:80/api/v1/streams/valid_transactions');
      for (const url of ['/api/v1', '/api/v1/']) {
        const v1 = (await api.get(url)).json();
        assert.equal(v1.outputs, '/outputs/');
        assert.equal(v1.openapi, '/openapi.json');
        assert.equal(v1.streams, root.api.v1.streams);
      }
      const configured = buildApp({ node, bodySizeBytesMax, publicUrl: 'https://node.example:9984/api/v1' });
      const res = await configured.inject({ method: 'GET', url: '/api/v1' });
      assert.equal(res.json().streams, 'wss://node.example:9984/api/v1/streams/valid_transactions');
      await configured.close();
    });

    test('GET /api/v1/transactions: by asset (2.x), by key, pages, order, last_tx, refusals', async () => {
      const byAsset = `/api/v1/transactions?asset_id=${carA.id}`;
      const rows: Row[] = [
        {
          name: 'by asset',
          url: byAsset,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), [carA, sold, resold]),
        },
        {
          name: 'upper-case asset id',
          url: `/api/v1/transactions?asset_id=${carA.id.toUpperCase()}`,
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [carA.id, sold.id, resold.id]),
        },
        {
          name: 'operation=CREATE',
          url: `${byAsset}&operation=CREATE`,
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [carA.id]),
        },
        {
          name: 'operation=transfer (any case)',
          url: `${byAsset}&operation=transfer`,
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [sold.id, resold.id]),
        },
        {
          name: 'last_tx=true',
          url: `${byAsset}&last_tx=true`,
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [resold.id]),
        },
        {
          name: 'last_tx=True',
          url: `${byAsset}&last_tx=True`,
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [resold.id]),
        },
        {
          name: 'last_tx with operation',
          url: `${byAsset}&last_tx=true&operation=CREATE`,
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [carA.id]),
        },
        {
          name: 'last_tx=false',
          url: `${byAsset}&last_tx=false`,
          status: 200,
          expect: (r) => assert.equal(ids(r).length, 3),
        },
        {
          name: 'newest first',
          url: `${byAsset}&order=desc`,
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [resold.id, sold.id, carA.id]),
        },
        {
          name: 'unknown asset',
          url: `/api/v1/transactions?asset_id=${'0'.repeat(64)}`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), []),
        },
        {
          name: 'by key: received or spent',
          url: `/api/v1/transactions?public_key=${bob.publicKey}`,
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [carB.id, sold.id, resold.id]),
        },
        {
          name: 'by key: only received',
          url: `/api/v1/transactions?public_key=${carol.publicKey}`,
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [resold.id]),
        },
        {
          name: 'by key: nothing',
          url: `/api/v1/transactions?public_key=${stranger.publicKey}`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), []),
        },
        { name: 'no parameter', url: '/api/v1/transactions', status: 400, code: 'InvalidParameter' },
        {
          name: 'both asset and key',
          url: `${byAsset}&public_key=${bob.publicKey}`,
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'asset id not hex',
          url: `/api/v1/transactions?asset_id=${'g'.repeat(64)}`,
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'asset id too short',
          url: '/api/v1/transactions?asset_id=abc',
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'asset id twice',
          url: `${byAsset}&asset_id=${carA.id}`,
          status: 400,
          code: 'InvalidParameter',
        },
        { name: 'bad operation', url: `${byAsset}&operation=BURN`, status: 400, code: 'InvalidParameter' },
        { name: 'bad boolean', url: `${byAsset}&last_tx=yes`, status: 400, code: 'InvalidParameter' },
        { name: 'bad order', url: `${byAsset}&order=random`, status: 400, code: 'InvalidParameter' },
        {
          name: 'last_tx with limit',
          url: `${byAsset}&last_tx=true&limit=2`,
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'operation with a key',
          url: `/api/v1/transactions?public_key=${bob.publicKey}&operation=CREATE`,
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'bad key',
          url: '/api/v1/transactions?public_key=0OIl',
          status: 400,
          code: 'InvalidParameter',
        },
        { name: 'limit 0', url: `${byAsset}&limit=0`, status: 400, code: 'InvalidParameter' },
        { name: 'limit not a number', url: `${byAsset}&limit=ten`, status: 400, code: 'InvalidParameter' },
        { name: 'limit negative', url: `${byAsset}&limit=-1`, status: 400, code: 'InvalidParameter' },
        {
          name: 'cursor not a cursor',
          url: `${byAsset}&limit=1&cursor=%24%24`,
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'cursor of another query',
          url: `${byAsset}&limit=1&cursor=1.2`,
          status: 400,
          code: 'InvalidParameter',
        },
        { name: 'unknown parameter', url: `${byAsset}&status=valid`, status: 400, code: 'UnknownParameter' },
      ];
      await runTable(rows);
    });

    test('lists answer the stored texts: the bytes JSON.stringify gives, when read again too', async () => {
      for (const [url, txs] of [
        [`/api/v1/transactions?asset_id=${carA.id}`, [carA, sold, resold]],
        [`/api/v1/transactions?asset_id=${carA.id}&last_tx=true`, [resold]],
        [`/api/v1/transactions?public_key=${bob.publicKey}`, [carB, sold, resold]],
      ] as const)
        for (let i = 0; i < 2; i++) {
          const res = await api.get(url);
          assert.equal(res.body, JSON.stringify(txs), url);
          assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
        }
    });

    test('pages: limit and the Link header walk a list, in both orders, without repeats', async () => {
      for (const [first, expected] of [
        [`/api/v1/transactions?asset_id=${carA.id}&limit=1`, [carA.id, sold.id, resold.id]],
        [`/api/v1/transactions?asset_id=${carA.id}&limit=2&order=desc`, [resold.id, sold.id, carA.id]],
        [`/api/v1/transactions?public_key=${bob.publicKey}&limit=2`, [carB.id, sold.id, resold.id]],
      ] as const) {
        const seen: string[] = [];
        let url: string | undefined = first;
        while (url !== undefined) {
          const res = await api.get(url);
          assert.equal(res.statusCode, 200, res.body);
          seen.push(...ids(res));
          const link = res.headers.link as string | undefined;
          url = link === undefined ? undefined : /^<([^>]+)>; rel="next"$/.exec(link)![1];
          if (url !== undefined)
            assert.equal(res.headers['x-next-cursor'], new URL(url, 'http://x').searchParams.get('cursor'));
        }
        assert.deepEqual(seen, expected, first);
      }
      // A limit above the page size is clamped, not refused.
      assert.equal(ids(await api.get(`/api/v1/transactions?asset_id=${carA.id}&limit=100000`)).length, 3);
    });

    test('GET /api/v1/outputs: links, spent filter, pages, refusals', async () => {
      const link = (tx: SignedTransaction) => ({ transaction_id: tx.id, output_index: 0 });
      const of = (key: Keypair) => `/api/v1/outputs?public_key=${key.publicKey}`;
      const rows: Row[] = [
        {
          name: 'all',
          url: of(alice),
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), [link(carA), link(bikeC)]),
        },
        {
          name: 'spent',
          url: `${of(alice)}&spent=true`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), [link(carA)]),
        },
        {
          name: 'unspent',
          url: `${of(alice)}&spent=false`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), [link(bikeC)]),
        },
        {
          name: 'FALSE',
          url: `${of(alice)}&spent=FALSE`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), [link(bikeC)]),
        },
        {
          name: 'bob',
          url: of(bob),
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), [link(carB), link(sold)]),
        },
        {
          name: 'carol unspent',
          url: `${of(carol)}&spent=false`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), [link(resold)]),
        },
        { name: 'a stranger', url: of(stranger), status: 200, expect: (r) => assert.deepEqual(r.json(), []) },
        {
          name: 'page',
          url: `${of(alice)}&limit=1`,
          status: 200,
          expect: (r) => {
            assert.deepEqual(r.json(), [link(carA)]);
            assert.match(String(r.headers.link), /cursor=/);
          },
        },
        { name: 'no key', url: '/api/v1/outputs', status: 400, code: 'InvalidParameter' },
        { name: 'empty key', url: '/api/v1/outputs?public_key=', status: 400, code: 'InvalidParameter' },
        {
          name: 'not base58',
          url: `/api/v1/outputs?public_key=${'0'.repeat(44)}`,
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'too long',
          url: `/api/v1/outputs?public_key=${'1'.repeat(45)}`,
          status: 400,
          code: 'InvalidParameter',
        },
        { name: 'bad boolean', url: `${of(alice)}&spent=1`, status: 400, code: 'InvalidParameter' },
        {
          name: 'spent twice',
          url: `${of(alice)}&spent=true&spent=false`,
          status: 400,
          code: 'InvalidParameter',
        },
        { name: 'limit 0', url: `${of(alice)}&limit=0`, status: 400, code: 'InvalidParameter' },
        {
          name: 'cursor of transactions',
          url: `${of(alice)}&limit=1&cursor=zzzzzzzzzzz.zzzzzzzzzzz`,
          status: 400,
          code: 'InvalidParameter',
        },
        { name: 'unknown parameter', url: `${of(alice)}&owner=me`, status: 400, code: 'UnknownParameter' },
      ];
      await runTable(rows);
    });

    test('GET /api/v1/assets and /metadata: search (2.x) and where filters', async () => {
      const where = (path: string, filter: unknown, extra = '') => `${path}?where=${enc(filter)}${extra}`;
      const rows: Row[] = [
        {
          name: 'search',
          url: '/api/v1/assets?search=car',
          status: 200,
          expect: (r) => assert.deepEqual(ids(r).sort(), [carA.id, carB.id].sort()),
        },
        {
          name: 'search with limit',
          url: '/api/v1/assets?search=car&limit=1',
          status: 200,
          expect: (r) => assert.equal(r.json().length, 1),
        },
        {
          name: 'search, limit 0 is all',
          url: '/api/v1/assets?limit=0&search=red',
          status: 200,
          expect: (r) => assert.equal(r.json().length, 2),
        },
        {
          name: 'search, limit clamped',
          url: '/api/v1/assets?search=red&limit=1000000',
          status: 200,
          expect: (r) => assert.equal(r.json().length, 2),
        },
        {
          name: 'search, space-separated words',
          url: '/api/v1/assets?search=red%20bike',
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [bikeC.id]),
        },
        {
          name: 'search returns data',
          url: '/api/v1/assets?search=A-1',
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), [{ id: carA.id, data: carA.asset.data }]),
        },
        {
          name: 'search, no match',
          url: '/api/v1/assets?search=boat',
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), []),
        },
        {
          name: 'metadata search',
          url: '/api/v1/metadata?search=sold',
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), [{ id: sold.id, metadata: sold.metadata }]),
        },
        {
          name: 'where: one field',
          url: where('/api/v1/assets', { kind: 'car' }),
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [carA.id, carB.id]),
        },
        {
          name: 'where: AND',
          url: where('/api/v1/assets', { kind: 'car', color: 'red' }),
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [carA.id]),
        },
        {
          name: 'where: OR',
          url: where('/api/v1/assets', { $or: [{ color: 'blue' }, { kind: 'bike' }] }),
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [carB.id, bikeC.id]),
        },
        {
          name: 'where: AND of OR',
          url: where('/api/v1/assets', { color: 'red', $or: [{ kind: 'car' }, { kind: 'bike' }] }),
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [carA.id, bikeC.id]),
        },
        {
          name: 'where: $and',
          url: where('/api/v1/assets', { $and: [{ kind: 'car' }, { serial: 'B-1' }] }),
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [carB.id]),
        },
        {
          name: 'where: array element',
          url: where('/api/v1/assets', { tags: 'fast' }),
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [carA.id]),
        },
        {
          name: 'where: page',
          url: where('/api/v1/assets', { kind: 'car' }, '&limit=1'),
          status: 200,
          expect: (r) => {
            assert.deepEqual(ids(r), [carA.id]);
            assert.match(
              String(r.headers.link),
              /^<\/api\/v1\/assets\?where=.*&limit=1&cursor=[0-9a-z]+>; rel="next"$/,
            );
          },
        },
        {
          name: 'where on metadata: numbers are typed',
          url: where('/api/v1/metadata', { lot: 1 }),
          status: 200,
          expect: (r) => assert.deepEqual(ids(r), [carA.id, sold.id]),
        },
        {
          name: 'where on metadata: "1" is not 1',
          url: where('/api/v1/metadata', { lot: '1' }),
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), []),
        },
        { name: 'no search', url: '/api/v1/assets', status: 400, code: 'InvalidParameter' },
        { name: 'empty search', url: '/api/v1/assets?search=', status: 400, code: 'InvalidParameter' },
        {
          name: 'blank search',
          url: '/api/v1/metadata?search=%20%20',
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'search too long',
          url: `/api/v1/assets?search=${'a'.repeat(1001)}`,
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'negative limit',
          url: '/api/v1/assets?search=car&limit=-1',
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'cursor with search',
          url: '/api/v1/assets?search=car&cursor=1',
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'search and where',
          url: where('/api/v1/assets', { kind: 'car' }, '&search=car'),
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'where: not JSON',
          url: '/api/v1/assets?where=kind%3Dcar',
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'where: an array',
          url: where('/api/v1/assets', [{ kind: 'car' }]),
          status: 400,
          code: 'InvalidParameter',
        },
        { name: 'where: empty', url: where('/api/v1/assets', {}), status: 400, code: 'InvalidParameter' },
        {
          name: 'where: object value',
          url: where('/api/v1/assets', { owner: { name: 'x' } }),
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'where: unknown operator',
          url: where('/api/v1/assets', { $not: { kind: 'car' } }),
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'where: empty $or',
          url: where('/api/v1/assets', { $or: [] }),
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'where: too many conditions',
          url: where('/api/v1/assets', {
            $and: Array.from({ length: 6 }, (_, i) => ({ $or: [{ a: i }, { b: i }] })),
          }),
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'where: too long',
          url: `/api/v1/assets?where=${'x'.repeat(5000)}`,
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'unknown parameter',
          url: '/api/v1/metadata?search=x&text=y',
          status: 400,
          code: 'UnknownParameter',
        },
      ];
      await runTable(rows);
    });

    test('GET /api/v1/blocks and /blocks/{height}: heights, the 1.x block fields, refusals', async () => {
      const h = heightOf.get(sold.id)!;
      const blockId = blockIdOf.get(sold.id)!;
      const latest = (await store.latestHeight())!;
      const rows: Row[] = [
        {
          name: 'heights of a transaction',
          url: `/api/v1/blocks?transaction_id=${sold.id}`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), [h]),
        },
        {
          name: 'valid only',
          url: `/api/v1/blocks?transaction_id=${sold.id}&status=valid`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), [h]),
        },
        {
          name: 'invalid only',
          url: `/api/v1/blocks?transaction_id=${sold.id}&status=invalid`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), []),
        },
        {
          name: 'unknown id',
          url: `/api/v1/blocks?transaction_id=${'e'.repeat(64)}`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), []),
        },
        {
          name: 'empty id',
          url: '/api/v1/blocks?transaction_id=',
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), []),
        },
        {
          name: 'not an id',
          url: '/api/v1/blocks?transaction_id=nothing',
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), []),
        },
        {
          name: 'a block by height',
          url: `/api/v1/blocks/${h}`,
          status: 200,
          expect: (r) => {
            const b = r.json();
            assert.equal(b.height, h);
            assert.equal(b.id, blockId);
            assert.ok(b.transactions.some((t: SignedTransaction) => t.id === sold.id));
            assert.equal(b.node_pubkey, node.publicKey);
            assert.deepEqual(b.voters, [node.publicKey]);
            assert.equal(b.status, 'valid');
            assert.equal(typeof b.signature, 'string');
            assert.match(b.timestamp, /^[0-9]+$/);
          },
        },
        {
          name: 'the same block by id (1.x)',
          url: `/api/v1/blocks/${blockId}`,
          status: 200,
          expect: (r) => assert.equal(r.json().height, h),
        },
        {
          name: 'genesis',
          url: '/api/v1/blocks/0',
          status: 200,
          expect: (r) => assert.deepEqual(r.json().transactions, []),
        },
        { name: 'the latest', url: `/api/v1/blocks/${latest}`, status: 200 },
        { name: 'above the latest', url: `/api/v1/blocks/${latest + 1}`, status: 404, code: 'NotFound' },
        { name: 'huge height', url: '/api/v1/blocks/999999999999999', status: 404, code: 'NotFound' },
        { name: 'too many digits', url: `/api/v1/blocks/${'9'.repeat(40)}`, status: 404, code: 'NotFound' },
        { name: 'negative', url: '/api/v1/blocks/-1', status: 404, code: 'NotFound' },
        { name: 'fraction', url: '/api/v1/blocks/1.5', status: 404, code: 'NotFound' },
        { name: 'unknown id', url: `/api/v1/blocks/${'a'.repeat(64)}`, status: 404, code: 'NotFound' },
        {
          name: 'over-long segment',
          url: `/api/v1/blocks/${'1'.repeat(300)}`,
          status: 404,
          code: 'NotFound',
        },
        { name: 'no transaction id', url: '/api/v1/blocks', status: 400, code: 'InvalidParameter' },
        {
          name: 'bad status',
          url: `/api/v1/blocks?transaction_id=${sold.id}&status=maybe`,
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'unknown parameter',
          url: `/api/v1/blocks?transaction_id=${sold.id}&height=1`,
          status: 400,
          code: 'UnknownParameter',
        },
      ];
      await runTable(rows);
    });

    test('GET /api/v1/votes and /statuses (1.x)', async () => {
      const blockId = blockIdOf.get(carA.id)!;
      const rows: Row[] = [
        {
          name: 'votes on a block',
          url: `/api/v1/votes?block_id=${blockId}`,
          status: 200,
          expect: (r) => {
            const votes = r.json();
            assert.equal(votes.length, 1);
            assert.equal(votes[0].node_pubkey, node.publicKey);
            assert.equal(votes[0].vote.voting_for_block, blockId);
            assert.equal(votes[0].vote.is_block_valid, true);
          },
        },
        {
          name: 'votes, upper case',
          url: `/api/v1/votes?block_id=${blockId.toUpperCase()}`,
          status: 200,
          expect: (r) => assert.equal(r.json().length, 1),
        },
        {
          name: 'votes on no block',
          url: `/api/v1/votes?block_id=${'b'.repeat(64)}`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), []),
        },
        { name: 'votes without block_id', url: '/api/v1/votes', status: 400, code: 'InvalidParameter' },
        {
          name: 'votes, bad block_id',
          url: '/api/v1/votes?block_id=42',
          status: 400,
          code: 'InvalidParameter',
        },
        {
          name: 'status of a transaction',
          url: `/api/v1/statuses?transaction_id=${carA.id}`,
          status: 200,
          expect: (r) =>
            assert.deepEqual(
              { status: r.json().status, block_id: r.json().block_id },
              { status: 'valid', block_id: blockId },
            ),
        },
        {
          name: 'status of a block',
          url: `/api/v1/statuses?block_id=${blockId}`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), { status: 'valid', height: heightOf.get(carA.id) }),
        },
        {
          name: 'unknown transaction',
          url: `/api/v1/statuses?transaction_id=${'c'.repeat(64)}`,
          status: 404,
          code: 'NotFound',
        },
        {
          name: 'unknown block',
          url: `/api/v1/statuses?block_id=${'c'.repeat(64)}`,
          status: 404,
          code: 'NotFound',
        },
        { name: 'neither', url: '/api/v1/statuses', status: 400, code: 'InvalidParameter' },
        {
          name: 'both',
          url: `/api/v1/statuses?transaction_id=${carA.id}&block_id=${blockId}`,
          status: 400,
          code: 'InvalidParameter',
        },
        { name: 'bad id', url: '/api/v1/statuses?transaction_id=xyz', status: 400, code: 'InvalidParameter' },
      ];
      await runTable(rows);
    });

    test('GET /api/v1/validators, /health, /openapi.json, /transactions/{id}, and a plain GET of a stream', async () => {
      const rows: Row[] = [
        {
          name: 'validators',
          url: '/api/v1/validators',
          status: 200,
          expect: (r) =>
            assert.deepEqual(r.json(), [
              { public_key: { type: 'ed25519-base58', value: node.publicKey }, voting_power: 1 },
            ]),
        },
        {
          name: 'health',
          url: '/api/v1/health',
          status: 200,
          expect: (r) => {
            const b = r.json();
            assert.equal(b.status, 'ok');
            assert.equal(b.public_key, node.publicKey);
            assert.deepEqual(b.store, { backend, reachable: true });
            assert.ok(b.latest_height >= heightOf.get(resold.id)!);
            assert.equal(typeof b.backlog_size, 'number');
          },
        },
        { name: 'openapi', url: '/api/v1/openapi.json', status: 200 },
        {
          name: 'federation',
          url: '/api/v1/federation',
          status: 200,
          expect: (r) => {
            const f = r.json();
            assert.equal(f.public_key, node.publicKey);
            assert.deepEqual(f.federation, [node.publicKey]);
            assert.deepEqual(
              f.members.map((m: { public_key: string }) => m.public_key),
              [node.publicKey],
            );
            assert.ok(Array.isArray(f.watchdog.tampered_blocks));
          },
        },
        {
          name: 'a transaction',
          url: `/api/v1/transactions/${sold.id}`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), sold),
        },
        {
          name: 'its status',
          url: `/api/v1/transactions/${sold.id}/status`,
          status: 200,
          expect: (r) => assert.equal(r.json().status, 'valid'),
        },
        {
          name: 'an unknown one',
          url: `/api/v1/transactions/${'d'.repeat(64)}`,
          status: 404,
          code: 'NotFound',
        },
        {
          name: 'a stream without Upgrade',
          url: '/api/v1/streams/valid_transactions',
          status: 426,
          code: 'UpgradeRequired',
        },
        { name: 'an unknown stream', url: '/api/v1/streams/everything', status: 404 },
        { name: 'a malformed URL', url: '/api/v1/transactions/%E0%A4%A', status: 400, code: 'BadRequest' },
      ];
      await runTable(rows);
    });

    test('POST /api/v1/transactions: commit answers, its status header, and 4xx for bad input', async () => {
      const fresh = create(alice, { kind: 'post', n: 1 });
      const res = await api.post(fresh, 'commit');
      assert.equal(res.statusCode, 202);
      assert.deepEqual(res.json(), fresh);
      assert.equal(res.headers['x-transaction-status'], 'valid');
      assert.equal(res.headers.location, `/api/v1/transactions/${fresh.id}/status`);
      // A spend of an output index the transaction does not have: the reference server's 500.
      const phantom = { ...fresh, outputs: [fresh.outputs[0]!, fresh.outputs[0]!, fresh.outputs[0]!] };
      const outOfRange = transfer(phantom, alice, bob, null, 2);
      const refusals: [string, () => Promise<LightMyRequestResponse>, number, string][] = [
        ['output index out of range', () => api.post(outOfRange, 'commit'), 400, 'InputDoesNotExist'],
        ['double spend', () => api.post(transfer(carA, alice, carol), 'commit'), 400, 'DoubleSpend'],
        ['CREATE again', () => api.post(carB, 'commit'), 400, 'DuplicateTransaction'],
        [
          'unknown query parameter',
          () =>
            api.call({
              method: 'POST',
              url: '/api/v1/transactions?mode=commit&wait=1',
              headers: { 'content-type': 'application/json' },
              payload: '{}',
            }),
          400,
          'UnknownParameter',
        ],
        [
          'form body',
          () =>
            api.call({
              method: 'POST',
              url: '/api/v1/transactions',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              payload: 'a=b',
            }),
          415,
          'UnsupportedMediaType',
        ],
        ['body too large', () => api.post(`{"pad":"${'x'.repeat(bodySizeBytesMax)}"}`), 413, 'BodyTooLarge'],
        ['malformed JSON', () => api.post('{"id":'), 400, 'SchemaValidationError'],
      ];
      for (const [name, send, status, code] of refusals) {
        const r = await send();
        assert.equal(r.statusCode, status, `${name}: ${r.body}`);
        if (code !== '') assert.equal(r.json().code, code, name);
      }
    });

    test('mode=commit: a transaction the block maker rejects while the client waits is a 400 with the reason', async () => {
      const asset = await api.commit(create(alice, { kind: 'race' }));
      const first = transfer(asset, alice, bob);
      const second = transfer(asset, alice, carol);
      // The first spend enters the backlog behind the API's back, as another member's ingest would
      // leave it; the second is posted and waits for its block.
      await store.addToBacklog([{ tx: first, assignee: node.publicKey }]);
      const res = await api.post(second, 'commit');
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, 'DoubleSpend');
      await waitForStatus(node, first.id, 'valid');
    });

    test('CORS: every answer allows any origin; preflight OPTIONS is answered', async () => {
      const res = await api.get(`/api/v1/outputs?public_key=${alice.publicKey}`);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.match(String(res.headers['access-control-expose-headers']), /Link/);
      const refused = await api.get('/api/v1/outputs');
      assert.equal(refused.headers['access-control-allow-origin'], '*');
      for (const url of ['/api/v1/transactions', '/api/v1/no-such-route']) {
        const pre = await api.call({
          method: 'OPTIONS',
          url,
          headers: {
            origin: 'https://app.example',
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
        assert.equal(pre.statusCode, 200);
        assert.equal(pre.headers['access-control-allow-origin'], '*');
        assert.match(String(pre.headers['access-control-allow-methods']), /POST/);
        assert.equal(pre.headers['access-control-allow-headers'], 'content-type');
      }
    });

    test('data altered in the database is never served: lists drop it, its block and status are not vouched for', async () => {
      const victim = await api.commit(create(alice, { kind: 'tamper-me', serial: 'T-1' }, { lot: 99 }));
      const [status] = await store.getStatuses([victim.id]);
      const where = `/api/v1/assets?where=${enc({ serial: 'T-1' })}`;
      assert.deepEqual(ids(await api.get(where)), [victim.id]);
      // Listed once before the edit, so its text is known intact: the edit must still be caught.
      assert.deepEqual(ids(await api.get(`/api/v1/transactions?asset_id=${victim.id}`)), [victim.id]);
      // Someone with database access rewrites the stored transaction.
      await h.exec(
        `UPDATE transactions SET tx = replace(tx, '"serial":"T-1"', '"serial":"T-2"') WHERE tx LIKE '%"serial":"T-1"%'`,
      );
      // The first read after the edit: the list must catch it itself, not through an earlier flag.
      assert.deepEqual((await api.get(`/api/v1/transactions?asset_id=${victim.id}`)).json(), []);
      const rows: Row[] = [
        { name: 'where', url: where, status: 200, expect: (r) => assert.deepEqual(r.json(), []) },
        {
          name: 'search',
          url: '/api/v1/assets?search=tamper-me',
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), []),
        },
        {
          name: 'metadata',
          url: `/api/v1/metadata?where=${enc({ lot: 99 })}`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), []),
        },
        {
          name: 'outputs',
          url: `/api/v1/outputs?public_key=${alice.publicKey}`,
          status: 200,
          expect: (r) =>
            assert.ok(!r.json().some((o: { transaction_id: string }) => o.transaction_id === victim.id)),
        },
        {
          name: 'by asset',
          url: `/api/v1/transactions?asset_id=${victim.id}`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), []),
        },
        {
          name: 'by key',
          url: `/api/v1/transactions?public_key=${alice.publicKey}`,
          status: 200,
          expect: (r) => assert.ok(!ids(r).includes(victim.id)),
        },
        { name: 'the transaction', url: `/api/v1/transactions/${victim.id}`, status: 404 },
        { name: 'its block', url: `/api/v1/blocks/${status!.height}`, status: 404 },
        { name: 'its block by id', url: `/api/v1/blocks/${status!.blockId}`, status: 404 },
        {
          name: 'blocks holding it',
          url: `/api/v1/blocks?transaction_id=${victim.id}`,
          status: 200,
          expect: (r) => assert.deepEqual(r.json(), []),
        },
        {
          name: 'its status',
          url: `/api/v1/transactions/${victim.id}/status`,
          status: 200,
          expect: (r) => assert.deepEqual([r.json().status, r.json().reason_code], ['undecided', 'Tampered']),
        },
        {
          name: "its block's status",
          url: `/api/v1/statuses?block_id=${status!.blockId}`,
          status: 200,
          expect: (r) => assert.deepEqual([r.json().status, r.json().reason_code], ['undecided', 'Tampered']),
        },
        {
          name: 'the federation report names the block',
          url: '/api/v1/federation',
          status: 200,
          expect: (r) =>
            assert.ok(
              r
                .json()
                .watchdog.tampered_blocks.some((b: { block_id: string }) => b.block_id === status!.blockId),
            ),
        },
      ];
      await runTable(rows);
    });

    test('a stored text changed only in its formatting is served as JSON.stringify writes the transaction', async () => {
      const plain = await api.commit(create(carol, { kind: 'reformat-me' }));
      const url = `/api/v1/transactions?asset_id=${plain.id}`;
      assert.equal((await api.get(url)).body, JSON.stringify([plain]));
      await h.exec(
        `UPDATE transactions SET tx = replace(tx, '"version":"2.0"', '"version": "2.0"') WHERE tx LIKE '%reformat-me%'`,
      );
      assert.equal((await api.get(url)).body, JSON.stringify([plain]));
    });

    test('no request of this suite was answered with a 5xx', () => {
      assert.ok(api.answers.length > 100, `only ${api.answers.length} answers`);
      api.assertNo5xx();
    });
  });
}

describe('HTTP endpoints: mode=commit when the decision does not come in time', () => {
  test('answers 202 with the transaction, its status so far and where to look', async () => {
    const h = harness('sqlite');
    const store = await h.fresh();
    // A federation of two whose other member never votes: no block can be decided.
    const node = makeBigchain(store, generateKeypair(), {
      keyring: [generateKeypair().publicKey],
      commitWaitMs: 50,
    });
    await node.start();
    const app = buildApp({ node, bodySizeBytesMax });
    try {
      const api = await new ApiClient(app).init();
      const owner = generateKeypair();
      const tx = create(owner, { kind: 'stuck' });
      const res = await api.post(tx, 'commit');
      assert.equal(res.statusCode, 202, res.body);
      assert.deepEqual(res.json(), tx);
      assert.match(String(res.headers['x-transaction-status']), /^(backlog|undecided)$/);
      const status = await api.get(String(res.headers.location));
      assert.equal(status.statusCode, 200);
      assert.match(status.json().status, /^(backlog|undecided)$/);
      api.assertNo5xx();
    } finally {
      await app.close();
      await node.stop();
      await h.cleanup();
    }
  });
});

describe('HTTP endpoints: a store that stops answering', () => {
  test('health is 503 StoreUnavailable, queries are 503 too, never a 500', async () => {
    const h = harness('sqlite');
    const store = await h.fresh();
    let down = false;
    // The node's store fails as an unreachable database does (its pipelines retry on their own).
    const failing = new Proxy(store, {
      get: (target, prop, receiver) => {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]): unknown =>
          down
            ? Promise.reject(new StoreError('unavailable', 'connection refused'))
            : (value as (...a: unknown[]) => unknown).apply(target, args);
      },
    });
    const node = makeBigchain(failing, generateKeypair());
    await node.start();
    const app = buildApp({ node, bodySizeBytesMax });
    try {
      const api = await new ApiClient(app).init();
      assert.equal((await api.get('/api/v1/health')).statusCode, 200);
      down = true;
      const health = await api.get('/api/v1/health');
      assert.equal(health.statusCode, 503);
      assert.equal(health.json().code, 'StoreUnavailable');
      const owner = generateKeypair();
      const outputs = await app.inject({
        method: 'GET',
        url: `/api/v1/outputs?public_key=${owner.publicKey}`,
      });
      assert.equal(outputs.statusCode, 503);
      assert.deepEqual(outputs.json(), {
        message: 'The database is unavailable; try again later',
        status: 503,
        code: 'StoreUnavailable',
      });
    } finally {
      down = false;
      await app.close();
      await node.stop();
      await h.cleanup();
    }
  });
});
