// The metrics of a real node on SQLite in memory, read as Prometheus would (`GET /metrics`
// through app.inject): they change as transactions are posted, refused and decided.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../http/index.js';
import type { Bigchain } from '../node/index.js';
import { createTx, makeBigchain, transferTx } from '../node/test/node-harness.js';
import { openStore, type Store } from '../store/index.js';
import { version } from '../version.js';
import { instrumentStore, NodeMetrics } from './index.js';
import { sampleOf } from './test/parse-metrics.js';

describe('GET /metrics over a real node', () => {
  let store: Store;
  let node: Bigchain;
  let metrics: NodeMetrics;
  let app: FastifyInstance;
  const keypair = generateKeypair();
  const alice = generateKeypair();

  before(async () => {
    store = await openStore({ backend: 'sqlite', sqlitePath: ':memory:' });
    await store.init();
    const writes: { observe?: NodeMetrics['observeStoreWrite'] } = {};
    node = makeBigchain(
      instrumentStore(store, (...args) => writes.observe?.(...args)),
      keypair,
    );
    metrics = new NodeMetrics({ node }).attach();
    writes.observe = metrics.observeStoreWrite;
    await node.start();
    app = buildApp({ node, bodySizeBytesMax: 64 * 1024, metrics });
  });
  after(async () => {
    await app.close();
    await node.stop();
    metrics.detach();
    await store.close();
  });

  async function scrape(): Promise<string> {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    return res.body;
  }

  function post(payload: string, query = '', contentType = 'application/json') {
    return app.inject({
      method: 'POST',
      url: `/api/v1/transactions${query}`,
      headers: { 'content-type': contentType },
      payload,
    });
  }

  test('an idle node: zero counters, its info, healthy, process metrics', async () => {
    const text = await scrape();
    assert.equal(sampleOf(text, 'bigchaindb_transactions_accepted_total'), 0);
    assert.equal(sampleOf(text, 'bigchaindb_backlog_size'), 0);
    // The genesis block.
    assert.equal(sampleOf(text, 'bigchaindb_block_height'), 0);
    assert.equal(sampleOf(text, 'bigchaindb_status'), 0);
    assert.equal(sampleOf(text, 'bigchaindb_federation_members'), 1);
    assert.equal(sampleOf(text, 'bigchaindb_federation_members_alive'), 1);
    assert.equal(
      sampleOf(text, 'bigchaindb_node_info', {
        version,
        backend: 'sqlite',
        key: keypair.publicKey,
        mode: 'federation',
      }),
      1,
    );
    assert.ok((sampleOf(text, 'bigchaindb_process_resident_memory_bytes') ?? 0) > 0);
    assert.notEqual(sampleOf(text, 'bigchaindb_nodejs_eventloop_lag_seconds'), undefined);
    assert.notEqual(sampleOf(text, 'bigchaindb_process_cpu_user_seconds_total'), undefined);
    assert.match(text, /# HELP bigchaindb_transactions_committed_total /);
    assert.match(text, /# TYPE bigchaindb_store_write_seconds histogram/);
  });

  test('posted, refused and decided transactions move their counters', async () => {
    const before = await scrape();
    const count = (text: string, name: string, labels: Record<string, string> = {}) =>
      sampleOf(text, name, labels) ?? 0;

    const txs = [createTx(alice), createTx(alice), createTx(alice)];
    for (const tx of txs) assert.equal((await post(JSON.stringify(tx), '?mode=commit')).statusCode, 202);
    // Refusals: not JSON (node), a forged signature (node), a wrong content type (the HTTP edge
    // alone), and a double spend of a committed output (node).
    assert.equal((await post('{not json')).statusCode, 400);
    const forged = { ...createTx(alice), metadata: { changed: true } };
    assert.equal((await post(JSON.stringify(forged))).statusCode, 400);
    assert.equal((await post(JSON.stringify(createTx(alice)), '', 'text/plain')).statusCode, 415);
    const bob = generateKeypair();
    assert.equal(
      (await post(JSON.stringify(transferTx(txs[0]!, alice, bob)), '?mode=commit')).statusCode,
      202,
    );
    const doubleSpend = (await post(JSON.stringify(transferTx(txs[0]!, alice, generateKeypair())))).json<{
      code: string;
    }>();
    assert.equal(doubleSpend.code, 'DoubleSpend');

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      count(after, name, labels) - count(before, name, labels);
    assert.equal(delta('bigchaindb_transactions_accepted_total'), 4);
    assert.equal(delta('bigchaindb_transactions_committed_total', { status: 'valid' }), 4);
    assert.equal(delta('bigchaindb_transactions_committed_total', { status: 'invalid' }), 0);
    assert.equal(delta('bigchaindb_transactions_rejected_total', { stage: 'ingest' }), 4);
    assert.equal(
      delta('bigchaindb_transactions_rejected_total', { code: 'DoubleSpend', stage: 'ingest' }),
      1,
    );
    assert.equal(delta('bigchaindb_transactions_rejected_total', { code: 'http_415', stage: 'ingest' }), 0);
    // Every 4xx counts, the edge's own refusals too, each under the code its body gave.
    assert.equal(
      delta('bigchaindb_http_requests_total', {
        route: '/api/v1/transactions',
        method: 'POST',
        status_class: '4xx',
      }),
      4,
    );
    assert.equal(
      delta('bigchaindb_http_requests_total', {
        route: '/api/v1/transactions',
        method: 'POST',
        status_class: '2xx',
      }),
      4,
    );
    assert.ok(
      delta('bigchaindb_http_request_duration_seconds_count', {
        route: '/api/v1/transactions',
        method: 'POST',
      }) === 8,
    );
    assert.equal(delta('bigchaindb_transaction_accept_to_valid_seconds_count'), 4);
    // mode=commit answers once the block is decided: one block per transaction, each decided valid.
    assert.ok(delta('bigchaindb_blocks_written_total') >= 4);
    assert.equal(
      delta('bigchaindb_blocks_decided_total', { status: 'valid' }),
      delta('bigchaindb_blocks_written_total'),
    );
    assert.equal(
      delta('bigchaindb_votes_cast_total', { valid: 'true' }),
      delta('bigchaindb_blocks_written_total'),
    );
    assert.equal(delta('bigchaindb_block_size_transactions_sum'), 4);
    assert.ok(delta('bigchaindb_block_interval_seconds_count') >= 3);
    assert.ok(count(after, 'bigchaindb_block_height') >= 3);
    assert.equal(count(after, 'bigchaindb_decided_height'), count(after, 'bigchaindb_block_height'));
    assert.equal(count(after, 'bigchaindb_backlog_size'), 0);
    // The timed store saw the pipelines' writes, and ingest's batches through them.
    assert.ok(delta('bigchaindb_store_write_seconds_count', { operation: 'writeBlock' }) >= 4);
    assert.ok(delta('bigchaindb_store_write_seconds_count', { operation: 'addToBacklog' }) >= 1);
    assert.equal(delta('bigchaindb_ingest_batch_size_sum'), 4);
    assert.equal(count(after, 'bigchaindb_verify_queue_length'), 0);
  });

  test('the refusal codes are those the client got', async () => {
    const before = await scrape();
    const res = await post('{not json');
    const { code } = res.json<{ code: string }>();
    const after = await scrape();
    const labels = { code, stage: 'ingest' };
    assert.equal(
      (sampleOf(after, 'bigchaindb_transactions_rejected_total', labels) ?? 0) -
        (sampleOf(before, 'bigchaindb_transactions_rejected_total', labels) ?? 0),
      1,
    );
  });

  test('GET /api/v1/health reports the same status, its other fields kept', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
    assert.equal(res.statusCode, 200);
    const body = res.json<Record<string, unknown>>();
    assert.deepEqual(body.node_status, { code: 0, name: 'healthy' });
    assert.equal(body.status, 'ok');
    assert.equal(body.public_key, keypair.publicKey);
  });
});
