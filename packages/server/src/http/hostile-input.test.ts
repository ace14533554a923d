// Issue 10: no client input may produce a 5xx. Every text that reaches SQL (searches, `where`
// filters, cursors, ids, keys, limits, the POST `mode`) is sent with NUL and other control
// characters, invalid UTF-8 and UTF-16, malformed percent-encoding, very long values, repeated and
// empty values, through the app in process (`inject`) over a real node on SQLite and on
// PostgreSQL. Each row pins the status and the stable `code` of the error body, so the two
// backends must also agree. Transactions carrying NUL or lone surrogates in asset data, metadata
// or keys are posted too: each is stored faithfully or refused with a 400, never half written.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  signTransaction,
  type Keypair,
} from '@bigchaindb-ts/core';
import type { FastifyInstance } from 'fastify';
import type { Bigchain } from '../node/index.js';
import { makeBigchain } from '../node/test/node-harness.js';
import type { Store } from '../store/index.js';
import { backendCases, harness, type Harness } from '../store/test/backends.js';
import { buildApp } from './app.js';
import { ApiClient } from './test/api-client.js';

const cases = await backendCases();

/** Large enough for the 100 KB rows' transactions; 10 MB bodies are refused before they are read. */
const bodySizeBytesMax = 1024 * 1024;

function create(
  owner: Keypair,
  data: Record<string, unknown> | null,
  metadata: Record<string, unknown> | null,
) {
  return signTransaction(
    makeCreateTransaction(data, metadata, [makeOwnerOutput(owner.publicKey)], [owner.publicKey]),
    owner.privateKey,
  );
}

/** Bad texts, as they appear in a URL (already percent-encoded or deliberately not). */
const hostile: readonly { readonly name: string; readonly raw: string }[] = [
  { name: 'NUL', raw: 'a%00b' },
  { name: 'NUL alone', raw: '%00' },
  { name: 'control characters', raw: 'a%01%08%1B%1F%7Fb' },
  { name: 'C1 control and U+FFFF', raw: 'a%C2%85%EF%BF%BFb' },
  { name: 'lone high surrogate (CESU bytes)', raw: 'a%ED%A0%80b' },
  { name: 'lone low surrogate (CESU bytes)', raw: '%ED%B0%80' },
  { name: 'invalid UTF-8', raw: 'a%FF%FEb' },
  { name: 'truncated UTF-8', raw: 'a%E2%82' },
  { name: 'bad percent escape', raw: 'a%zzb' },
  { name: 'lone percent', raw: 'a%' },
  { name: 'empty', raw: '' },
  { name: 'spaces only', raw: '%20%20' },
  { name: '100 KB', raw: 'x'.repeat(100 * 1024) },
  { name: '100 KB of NUL', raw: '%00'.repeat(30_000) },
  { name: 'SQL-looking', raw: encodeURIComponent(`'); DROP TABLE transactions; --`) },
  { name: 'LIKE and regex metacharacters', raw: encodeURIComponent('%_\\*(?[') },
  { name: 'tsquery syntax', raw: encodeURIComponent('a & !b | (c <-> d):* "') },
  { name: 'astral and combining', raw: encodeURIComponent('𝒜\u0301\u200d\ufeff') },
];

/** Query parameters and path segments that take text, with where the text goes. */
const slots: readonly { readonly name: string; readonly url: (v: string) => string }[] = [
  { name: 'assets search', url: (v) => `/api/v1/assets?search=${v}&limit=1` },
  { name: 'metadata search', url: (v) => `/api/v1/metadata?search=${v}` },
  { name: 'assets where (text)', url: (v) => `/api/v1/assets?where=${v}` },
  { name: 'metadata where value', url: (v) => `/api/v1/metadata?where=%7B%22k%22%3A%22${v}%22%7D` },
  { name: 'assets where key', url: (v) => `/api/v1/assets?where=%7B%22${v}%22%3A1%7D` },
  { name: 'assets where cursor', url: (v) => `/api/v1/assets?where=%7B%22k%22%3A1%7D&limit=1&cursor=${v}` },
  { name: 'assets limit', url: (v) => `/api/v1/assets?search=car&limit=${v}` },
  { name: 'transactions asset_id', url: (v) => `/api/v1/transactions?asset_id=${v}` },
  { name: 'transactions public_key', url: (v) => `/api/v1/transactions?public_key=${v}` },
  {
    name: 'transactions operation',
    url: (v) => `/api/v1/transactions?asset_id=${'a'.repeat(64)}&operation=${v}`,
  },
  { name: 'transactions cursor', url: (v) => `/api/v1/transactions?asset_id=${'a'.repeat(64)}&cursor=${v}` },
  { name: 'transactions limit', url: (v) => `/api/v1/transactions?asset_id=${'a'.repeat(64)}&limit=${v}` },
  { name: 'transaction by id', url: (v) => `/api/v1/transactions/${v}` },
  { name: 'transaction status', url: (v) => `/api/v1/transactions/${v}/status` },
  { name: 'outputs public_key', url: (v) => `/api/v1/outputs?public_key=${v}` },
  { name: 'outputs spent', url: (v) => `/api/v1/outputs?public_key=${'1'.repeat(44)}&spent=${v}` },
  { name: 'outputs cursor', url: (v) => `/api/v1/outputs?public_key=${'1'.repeat(44)}&cursor=${v}` },
  { name: 'blocks transaction_id', url: (v) => `/api/v1/blocks?transaction_id=${v}` },
  { name: 'blocks status', url: (v) => `/api/v1/blocks?transaction_id=${'a'.repeat(64)}&status=${v}` },
  { name: 'block by height', url: (v) => `/api/v1/blocks/${v}` },
  { name: 'votes block_id', url: (v) => `/api/v1/votes?block_id=${v}` },
  { name: 'statuses transaction_id', url: (v) => `/api/v1/statuses?transaction_id=${v}` },
  { name: 'statuses block_id', url: (v) => `/api/v1/statuses?block_id=${v}` },
  { name: 'stream from_height', url: (v) => `/api/v1/streams/blocks?from_height=${v}` },
  { name: 'stream asset_id', url: (v) => `/api/v1/streams/valid_transactions?asset_id=${v}` },
];

/** JSON-escaped texts inside `where` and POST bodies: what percent-decoding cannot produce. */
const jsonEscapes: readonly { readonly name: string; readonly json: string }[] = [
  { name: 'NUL escape', json: '"a\\u0000b"' },
  { name: 'control escapes', json: '"\\u0001\\u001f\\u007f"' },
  { name: 'lone high surrogate escape', json: '"a\\ud800b"' },
  { name: 'lone low surrogate escape', json: '"\\udc00"' },
  { name: 'reversed pair', json: '"\\udc00\\ud800"' },
  { name: 'escaped backslash before u0000 (no NUL)', json: '"\\\\u0000"' },
  { name: 'escaped backslash, then a NUL escape', json: '"\\\\\\u0000"' },
];

/** Codes an error body may carry: the API's documented list plus the core's validation codes. */
const apiCodes = new Set([
  'BadRequest',
  'InvalidParameter',
  'UnknownParameter',
  'NotFound',
  'BodyTooLarge',
  'UnsupportedMediaType',
  'UpgradeRequired',
  'UnsupportedCharacter',
]);

for (const { backend, skip } of cases) {
  describe(`hostile input: ${backend}`, { skip }, () => {
    let h: Harness;
    let store: Store;
    let node: Bigchain;
    let app: FastifyInstance;
    let api: ApiClient;
    const alice = generateKeypair();
    const car = create(alice, { kind: 'car', k: 1 }, { k: 1 });
    /** Every refusal seen, `route | input → status code`, so the backends can be compared. */
    const seen = new Map<string, string>();

    before(async () => {
      h = harness(backend);
      store = await h.fresh();
      node = makeBigchain(store, generateKeypair(), { commitWaitMs: 5_000 });
      await node.start();
      app = buildApp({ node, bodySizeBytesMax });
      api = await new ApiClient(app).init();
      await api.commit(car);
    });
    after(async () => {
      await app.close();
      await node.stop();
      await h.cleanup();
    });

    /** Asks, and holds the answer to: below 500, and an error body with a known code. */
    async function ask(what: string, url: string): Promise<{ status: number; code?: string }> {
      const res = await api.get(url);
      assert.ok(res.statusCode < 500, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      if (res.statusCode >= 400) {
        const body = res.json<{ code?: string; status?: number; message?: string }>();
        assert.ok(
          body.code !== undefined && apiCodes.has(body.code),
          `${what}: code ${res.body.slice(0, 300)}`,
        );
        return { status: res.statusCode, code: body.code };
      }
      return { status: res.statusCode };
    }

    test('every text parameter, with every bad text: a 4xx or an answer, never a 5xx', async () => {
      const failures: string[] = [];
      for (const slot of slots) {
        for (const input of hostile) {
          const what = `${slot.name} | ${input.name}`;
          try {
            const r = await ask(what, slot.url(input.raw));
            seen.set(what, `${r.status} ${r.code ?? ''}`);
          } catch (err) {
            failures.push((err as Error).message.split('\n')[0]!);
          }
        }
      }
      assert.deepEqual(failures, []);
    });

    test('a search or where holding NUL is refused with 400 InvalidParameter, clearly', async () => {
      for (const url of [
        '/api/v1/assets?search=a%00b&limit=1',
        '/api/v1/metadata?search=%00',
        `/api/v1/assets?where=${encodeURIComponent('{"k":"a\\u0000b"}')}`,
        `/api/v1/metadata?where=${encodeURIComponent('{"a\\u0000":1}')}`,
      ]) {
        const res = await api.get(url);
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        assert.equal(res.json().code, 'InvalidParameter', url);
      }
    });

    test('JSON escapes inside where: a 4xx or an answer, never a 5xx', async () => {
      const failures: string[] = [];
      for (const e of jsonEscapes) {
        for (const [name, where] of [
          ['value', `{"k":${e.json}}`],
          ['key', `{${e.json}:1}`],
          ['$or value', `{"$or":[{"k":${e.json}},{"kind":"car"}]}`],
        ] as const) {
          const what = `where ${name} | ${e.name}`;
          for (const path of ['/api/v1/assets', '/api/v1/metadata']) {
            try {
              const r = await ask(what, `${path}?where=${encodeURIComponent(where)}`);
              seen.set(`${what} ${path}`, `${r.status} ${r.code ?? ''}`);
            } catch (err) {
              failures.push((err as Error).message.split('\n')[0]!);
            }
          }
        }
      }
      assert.deepEqual(failures, []);
    });

    test('repeated parameters: 400 InvalidParameter on every route', async () => {
      const id = car.id;
      for (const url of [
        '/api/v1/assets?search=a&search=b',
        '/api/v1/metadata?search=a&search=',
        '/api/v1/assets?where=%7B%22k%22%3A1%7D&where=%7B%22k%22%3A2%7D',
        '/api/v1/assets?search=a&limit=1&limit=2',
        `/api/v1/transactions?asset_id=${id}&asset_id=${id}`,
        `/api/v1/transactions?public_key=${alice.publicKey}&public_key=${alice.publicKey}`,
        `/api/v1/transactions?asset_id=${id}&cursor=a&cursor=b`,
        `/api/v1/outputs?public_key=${alice.publicKey}&public_key=${alice.publicKey}`,
        `/api/v1/blocks?transaction_id=${id}&transaction_id=${id}`,
        `/api/v1/votes?block_id=${id}&block_id=${id}`,
        `/api/v1/statuses?transaction_id=${id}&transaction_id=${id}`,
      ]) {
        const r = await ask(url, url);
        assert.deepEqual(r, { status: 400, code: 'InvalidParameter' }, url);
      }
    });

    test('POST mode: bad texts are 400, never a 5xx, and nothing is written', async () => {
      const tx = create(alice, { kind: 'mode-probe' }, null);
      for (const input of hostile) {
        const res = await api.call({
          method: 'POST',
          url: `/api/v1/transactions?mode=${input.raw}`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(tx),
        });
        assert.ok(
          res.statusCode >= 400 && res.statusCode < 500,
          `mode ${input.name}: ${res.statusCode} ${res.body.slice(0, 200)}`,
        );
        assert.ok(apiCodes.has(res.json().code), `mode ${input.name}: ${res.body.slice(0, 200)}`);
      }
      assert.equal((await api.get(`/api/v1/transactions/${tx.id}/status`)).statusCode, 404);
    });

    test('POST bodies that are not JSON text, or not UTF-8: 400, never a 5xx', async () => {
      const tx = JSON.stringify(create(alice, { kind: 'body-probe' }, null));
      const bodies: [string, string | Buffer][] = [
        ['raw NUL inside a string', tx.replace('body-probe', 'body\u0000probe')],
        ['raw NUL outside strings', `${tx}\u0000`],
        [
          'invalid UTF-8 bytes',
          Buffer.concat([Buffer.from(tx.slice(0, 40)), Buffer.from([0xff, 0xfe]), Buffer.from(tx.slice(40))]),
        ],
        [
          'CESU surrogate bytes in a string',
          Buffer.from(tx.replace('body-probe', 'body\ud800probe'), 'latin1'),
        ],
        ['empty', ''],
        ['JSON null', 'null'],
        ['a JSON string with NUL', '"\\u0000"'],
        ['deeply nested', '['.repeat(100_000)],
      ];
      for (const [name, payload] of bodies) {
        const res = await api.call({
          method: 'POST',
          url: '/api/v1/transactions?mode=sync',
          headers: { 'content-type': 'application/json' },
          payload,
        });
        assert.ok(
          res.statusCode >= 400 && res.statusCode < 500,
          `${name}: ${res.statusCode} ${res.body.slice(0, 200)}`,
        );
        assert.equal(typeof res.json().code, 'string', name);
      }
    });

    /**
     * A signed transaction whose asset data or metadata holds `text` (a JSON string literal) as a
     * value or as a key. It is signed as the driver signs (`\u0000` and lone surrogates are escaped
     * by the canonical JSON), so only the server's handling of the text is on trial.
     */
    function carrying(
      e: { json: string },
      where: 'asset value' | 'asset key' | 'metadata value' | 'metadata key',
    ) {
      const text = JSON.parse(e.json) as string;
      const doc = where.endsWith('key') ? { [text]: 'v', n: Math.random() } : { k: text, n: Math.random() };
      return where.startsWith('asset') ? create(alice, doc, null) : create(alice, { n: Math.random() }, doc);
    }

    test('transactions holding NUL are refused with 400 UnsupportedCharacter and not written; other control characters and lone surrogates are stored faithfully', async () => {
      const failures: string[] = [];
      for (const e of jsonEscapes) {
        for (const where of ['asset value', 'asset key', 'metadata value', 'metadata key'] as const) {
          const what = `${where} | ${e.name}`;
          const tx = carrying(e, where);
          const res = await api.post(JSON.stringify(tx), 'commit');
          const status = await api.get(`/api/v1/transactions/${tx.id}/status`);
          if (JSON.parse(e.json).includes('\u0000')) {
            // Refused on both backends (PostgreSQL text cannot hold it), and nothing of it anywhere.
            if (res.statusCode !== 400 || res.json().code !== 'UnsupportedCharacter')
              failures.push(`${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
            if (status.statusCode !== 404) failures.push(`${what}: refused, yet status ${status.body}`);
            seen.set(`POST ${what}`, `${res.statusCode} ${res.json().code}`);
            continue;
          }
          if (res.statusCode !== 202 || res.headers['x-transaction-status'] !== 'valid') {
            failures.push(
              `${what}: ${res.statusCode} ${String(res.headers['x-transaction-status'])} ${res.body.slice(0, 200)}`,
            );
            continue;
          }
          seen.set(`POST ${what}`, '202');
          // Accepted: served back exactly as it was signed.
          const got = await api.get(`/api/v1/transactions/${tx.id}`);
          if (got.statusCode !== 200 || got.body !== JSON.stringify(tx))
            failures.push(`${what}: served ${got.statusCode} ${got.body.slice(0, 200)}`);
        }
      }
      assert.deepEqual(failures, []);
      // The node still makes blocks: nothing above jammed its pipelines.
      await api.commit(create(alice, { kind: 'after' }, null));
    });

    test('10 MB: a search or where of that size is 400, a body of that size 413 BodyTooLarge', async () => {
      const big = 'x'.repeat(10 * 1024 * 1024);
      assert.deepEqual(await ask('search 10 MB', `/api/v1/assets?search=${big}`), {
        status: 400,
        code: 'InvalidParameter',
      });
      assert.deepEqual(await ask('where 10 MB', `/api/v1/metadata?where=${big}`), {
        status: 400,
        code: 'InvalidParameter',
      });
      const res = await api.call({
        method: 'POST',
        url: '/api/v1/transactions',
        headers: { 'content-type': 'application/json' },
        payload: `{"k":"${big}"}`,
      });
      assert.equal(res.statusCode, 413, res.body.slice(0, 200));
      assert.equal(res.json().code, 'BodyTooLarge');
    });

    test('valid inputs still get their answers', async () => {
      const search = await api.get('/api/v1/assets?search=car');
      assert.equal(search.statusCode, 200);
      assert.deepEqual(search.json(), [{ id: car.id, data: car.asset.data }]);
      const where = await api.get(`/api/v1/metadata?where=${encodeURIComponent('{"k":1}')}`);
      assert.deepEqual(where.json(), [{ id: car.id, metadata: car.metadata }]);
    });

    test('no request of this suite was answered with a 5xx', () => {
      api.assertNo5xx();
      console.log(`# ${backend}: ${seen.size} refusals and answers recorded`);
    });

    after(() => {
      outcomes.set(backend, seen);
    });
  });
}

/** Each backend's outcome per input, compared once both ran. */
const outcomes = new Map<string, Map<string, string>>();

describe(
  'hostile input: the backends agree',
  { skip: cases.length < 2 || cases.some((c) => c.skip !== false) },
  () => {
    test('every input got the same status and code on SQLite and PostgreSQL', () => {
      const [a, b] = [outcomes.get('sqlite'), outcomes.get('postgresql')];
      assert.ok(a && b && a.size > 0, 'both backends ran');
      const differ = [...a]
        .filter(([k, v]) => b.get(k) !== v)
        .map(([k, v]) => `${k}: sqlite ${v}, postgresql ${b.get(k)}`);
      assert.deepEqual(differ, []);
    });
  },
);
