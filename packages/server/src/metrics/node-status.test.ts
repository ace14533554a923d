// bigchaindb_status and the health answer's node_status, on a real node whose store is made to
// fail (the project's FaultyStore) and on a real file system judged with a threshold no disk meets.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { generateKeypair } from '@bigchaindb-ts/core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../http/index.js';
import type { Bigchain } from '../node/index.js';
import { FaultyStore, makeBigchain } from '../node/test/node-harness.js';
import { openStore, type Store } from '../store/index.js';
import { NodeMetrics, NodeStatusProbe, nodeStatusCodes } from './index.js';
import { sampleOf } from './test/parse-metrics.js';

describe('the node status', () => {
  let store: Store;
  let faulty: FaultyStore;
  let node: Bigchain;
  let metrics: NodeMetrics;
  let app: FastifyInstance;

  before(async () => {
    store = await openStore({ backend: 'sqlite', sqlitePath: ':memory:' });
    await store.init();
    faulty = new FaultyStore(store);
    node = makeBigchain(faulty.store, generateKeypair());
    metrics = new NodeMetrics({ node, processMetrics: false }).attach();
    app = buildApp({ node, bodySizeBytesMax: 64 * 1024, metrics });
  });
  after(async () => {
    await app.close();
    metrics.detach();
    await node.stop();
    await store.close();
  });

  test('the documented values', () => {
    assert.deepEqual(nodeStatusCodes, {
      healthy: 0,
      store_unreachable: 1,
      behind_federation: 2,
      watchdog_finding: 3,
      disk_nearly_full: 4,
    });
  });

  test('a store that does not answer: status 1 in /metrics (still served), health keeps its 503', async () => {
    assert.deepEqual(await metrics.status(), { code: 0, name: 'healthy' });
    faulty.failing.add('latestHeight');
    try {
      assert.deepEqual(await metrics.status(), { code: 1, name: 'store_unreachable' });
      const res = await app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(res.statusCode, 200);
      assert.equal(sampleOf(res.body, 'bigchaindb_status'), 1);
      assert.ok(Number.isNaN(sampleOf(res.body, 'bigchaindb_block_height')));
      const health = await app.inject({ method: 'GET', url: '/api/v1/health' });
      assert.equal(health.statusCode, 503);
      assert.equal(health.json<{ code: string }>().code, 'StoreUnavailable');
    } finally {
      faulty.failing.delete('latestHeight');
    }
    assert.equal(
      sampleOf((await app.inject({ method: 'GET', url: '/metrics' })).body, 'bigchaindb_status'),
      0,
    );
  });

  test('a disk with less free space than asked for: status 4', async () => {
    const roomy = new NodeStatusProbe(node, { diskPath: tmpdir(), diskFreeRatioMin: 0 });
    assert.deepEqual(await roomy.check(), { code: 0, name: 'healthy' });
    // No file system has more than all of its space free.
    const full = new NodeStatusProbe(node, { diskPath: tmpdir(), diskFreeRatioMin: 1.01 });
    assert.deepEqual(await full.check(), { code: 4, name: 'disk_nearly_full' });
  });

  test("this node's votes trailing the federation's, or its liveness failing: status 2", async () => {
    // The node's own report, seen as if the federation had two more members: the judgment is the
    // probe's, the members' states the ones a federation monitor reports.
    const other = generateKeypair().publicKey;
    const third = generateKeypair().publicKey;
    const withMembers = (me: { lastVoteHeight: number | null; suspectedDown: boolean }, newest: number) => ({
      store: node.store,
      publicKey: node.publicKey,
      federationReport: () => ({
        ...node.federationReport(),
        members: [
          { publicKey: node.publicKey, ...me },
          { publicKey: other, lastVoteHeight: newest, suspectedDown: false },
          { publicKey: third, lastVoteHeight: null, suspectedDown: true },
        ],
      }),
    });
    const judge = (me: { lastVoteHeight: number | null; suspectedDown: boolean }, newest: number) =>
      new NodeStatusProbe(withMembers(me, newest), { behindBlocksMax: 10 }).check();
    const healthy = { code: 0, name: 'healthy' };
    const behind = { code: 2, name: 'behind_federation' };
    assert.deepEqual(await judge({ lastVoteHeight: 40, suspectedDown: false }, 50), healthy);
    assert.deepEqual(await judge({ lastVoteHeight: 39, suspectedDown: false }, 50), behind);
    assert.deepEqual(await judge({ lastVoteHeight: null, suspectedDown: false }, 9), healthy);
    assert.deepEqual(await judge({ lastVoteHeight: null, suspectedDown: false }, 10), behind);
    // Its own liveness check says it is down, whatever the heights.
    assert.deepEqual(await judge({ lastVoteHeight: 50, suspectedDown: true }, 50), behind);
    // Another member being down is not this node's problem.
    assert.deepEqual(await judge({ lastVoteHeight: 50, suspectedDown: false }, 50), healthy);
  });
});
