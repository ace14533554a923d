// The OpenAPI document at /api/v1/openapi.json: OpenAPI 3.1, every route of the API in it, every
// parameter and every response described with a schema. (That real answers match those schemas
// is checked by endpoints.test.ts, which holds every answer to its route's entry.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/core';
import type { FastifyInstance } from 'fastify';
import type { Bigchain } from '../node/index.js';
import { makeBigchain } from '../node/test/node-harness.js';
import { openStore, type Store } from '../store/index.js';
import { buildApp } from './app.js';

/** Every endpoint the API serves: BigchainDB 2.x's, 1.x's and ours. */
const endpoints = [
  'get /',
  'get /api/v1',
  'post /api/v1/transactions',
  'get /api/v1/transactions',
  'get /api/v1/transactions/{id}',
  'get /api/v1/transactions/{id}/status',
  'get /api/v1/outputs',
  'get /api/v1/assets',
  'get /api/v1/metadata',
  'get /api/v1/blocks',
  'get /api/v1/blocks/{height}',
  'get /api/v1/chain',
  'get /api/v1/transactions/{id}/spenders',
  'get /api/v1/votes',
  'get /api/v1/statuses',
  'get /api/v1/validators',
  'get /api/v1/health',
  'get /api/v1/federation',
  'get /api/v1/streams/valid_transactions',
  'get /api/v1/streams/blocks',
  'get /api/v1/streams/invalid_transactions',
  'get /api/v1/openapi.json',
];

interface Operation {
  operationId: string;
  summary?: string;
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema?: Record<string, unknown> }> }
  >;
}

let store: Store;
let node: Bigchain;
let app: FastifyInstance;
let doc: {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
};

before(async () => {
  store = await openStore({ backend: 'sqlite', sqlitePath: ':memory:' });
  await store.init();
  node = makeBigchain(store, generateKeypair());
  await node.start();
  app = buildApp({ node, bodySizeBytesMax: 1024 });
  const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  assert.equal(res.statusCode, 200);
  doc = res.json();
});
after(async () => {
  await app.close();
  await node.stop();
  await store.close();
});

test('the document is OpenAPI 3.1 with an info block', () => {
  assert.match(doc.openapi, /^3\.1\.\d+$/);
  assert.equal(typeof doc.info.title, 'string');
  assert.equal(typeof doc.info.version, 'string');
});

test('every endpoint is in it, and nothing else', () => {
  const listed = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m} ${path}`),
  );
  assert.deepEqual([...listed].sort(), [...endpoints].sort());
});

test('every operation has a summary, a unique id, described parameters and a schema for every response', () => {
  const operationIds = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const what = `${method} ${path}`;
      assert.ok(op.summary, `${what}: no summary`);
      assert.ok(!operationIds.has(op.operationId), `${what}: operationId ${op.operationId} repeated`);
      operationIds.add(op.operationId);
      const statuses = Object.keys(op.responses);
      assert.ok(
        statuses.some((s) => /^(2\d\d|101)$/.test(s)),
        `${what}: no success response`,
      );
      for (const [status, response] of Object.entries(op.responses)) {
        assert.ok(response.description, `${what} ${status}: no description`);
        const schema = response.content?.['application/json']?.schema;
        assert.ok(
          schema && (schema.type !== undefined || schema.anyOf !== undefined),
          `${what} ${status}: no schema`,
        );
      }
      for (const p of op.parameters ?? []) {
        assert.ok(['query', 'path'].includes(p.in), `${what}: parameter ${p.name} in ${p.in}`);
        assert.ok(p.schema.type, `${what}: parameter ${p.name} has no type`);
      }
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
      assert.deepEqual(
        declared.map((p) => p.name),
        inPath,
        `${what}: path parameters`,
      );
      assert.ok(
        declared.every((p) => p.required),
        `${what}: path parameters are required`,
      );
      if (method === 'post')
        assert.ok(op.requestBody?.content['application/json']?.schema, `${what}: no request body`);
    }
  }
});

test('refusals are documented with the error body', () => {
  const outputs = doc.paths['/api/v1/outputs']!.get!;
  assert.deepEqual(outputs.responses['400']!.content!['application/json']!.schema!.required, [
    'message',
    'status',
  ]);
  const post = doc.paths['/api/v1/transactions']!.post!;
  assert.deepEqual(Object.keys(post.responses).sort(), ['202', '400', '413', '415']);
  const required = outputs.parameters!.filter((p) => p.required).map((p) => p.name);
  assert.deepEqual(required, ['public_key']);
});
