// The route-module seam: a subsystem's routes are served beside the core routes, appear in the
// OpenAPI document, and their refusals take the API's error body.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/core';
import type { FastifyInstance } from 'fastify';
import type { Bigchain } from '../node/index.js';
import { makeBigchain } from '../node/test/node-harness.js';
import { openStore, type Store } from '../store/index.js';
import { buildApp } from './app.js';
import { ApiError } from './errors.js';
import { documented } from './openapi/openapi-document.js';
import type { RouteModule } from './route-module.js';

let store: Store;
let node: Bigchain;
let app: FastifyInstance;

const echo: RouteModule = {
  name: 'echo',
  register(app, ctx) {
    app.get<{ Params: { word: string } }>(
      '/api/v1/echo/:word',
      {
        schema: documented({
          summary: 'Echo a word with the node key',
          params: { type: 'object', properties: { word: { type: 'string' } }, required: ['word'] },
        }),
      },
      (req, reply) => {
        if (req.params.word === 'bad') throw new ApiError(400, 'InvalidParameter', 'a bad word');
        void reply.send({ word: req.params.word, node: ctx.node.publicKey });
      },
    );
  },
};

before(async () => {
  store = await openStore({ backend: 'sqlite', sqlitePath: ':memory:' });
  await store.init();
  node = makeBigchain(store, generateKeypair());
  await node.start();
  app = buildApp({ node, bodySizeBytesMax: 16 * 1024, routeModules: [echo] });
});
after(async () => {
  await app.close();
  await node.stop();
  await store.close();
});

test("a module's route answers with the node it was given", async () => {
  const res = await app.inject({ url: '/api/v1/echo/hello' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { word: 'hello', node: node.publicKey });
});

test("a module's refusal has the API's error body", async () => {
  const res = await app.inject({ url: '/api/v1/echo/bad' });
  assert.equal(res.statusCode, 400);
  assert.deepEqual(res.json(), { message: 'a bad word', status: 400, code: 'InvalidParameter' });
});

test("a module's route is in the OpenAPI document", async () => {
  const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json();
  assert.ok(doc.paths['/api/v1/echo/{word}']?.get, Object.keys(doc.paths).join(' '));
});
