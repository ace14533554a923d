// The StatsD push, received by a real UDP socket: the seed's line format (`|c`, `|g`, `|ms`),
// names under `bigchaindb.`, transaction operations sampled by `statsd.rate` (with a given random
// source, so which ones are sent is known), and a StatsD that is away never troubles the sender.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/core';
import { waitFor } from '@bigchaindb-ts/testing';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../http/index.js';
import type { Bigchain } from '../node/index.js';
import { createTx, makeBigchain } from '../node/test/node-harness.js';
import { openStore, type Store } from '../store/index.js';
import { instrumentStore, NodeMetrics, StatsdClient, statsdFromConfig } from './index.js';
import { sampleOf } from './test/parse-metrics.js';
import { UdpListener } from './test/udp-listener.js';

/** A random source that returns `values` in turn: the sampling decisions are chosen by the test. */
function sequence(values: readonly number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('StatsD client over real UDP', () => {
  let listener: UdpListener;
  before(async () => {
    listener = await UdpListener.start();
  });
  after(() => listener.close());

  test('rate 1.0: counters, gauges and timers, every one sent, unmarked', async () => {
    const client = new StatsdClient({ host: '127.0.0.1', port: listener.port, rate: 1 });
    client.increment('blocks.written');
    client.incrementSampled('transactions.accepted', 3);
    client.gauge('backlog_size', 42);
    client.timingSampled('write_transaction', 1.25);
    assert.equal(await listener.line(/^bigchaindb\.blocks\.written:/), 'bigchaindb.blocks.written:1|c');
    assert.equal(
      await listener.line(/^bigchaindb\.transactions\.accepted:/),
      'bigchaindb.transactions.accepted:3|c',
    );
    assert.equal(await listener.line(/^bigchaindb\.backlog_size:/), 'bigchaindb.backlog_size:42|g');
    assert.equal(
      await listener.line(/^bigchaindb\.write_transaction:/),
      'bigchaindb.write_transaction:1.25|ms',
    );
    client.close();
  });

  test('a fractional rate sends the sampled share, marked |@rate; other kinds are never sampled', async () => {
    const before = listener.lines.length;
    // With rate 0.25, draws under 0.25 are sent: the 1st and 4th of each four.
    const client = new StatsdClient({
      host: '127.0.0.1',
      port: listener.port,
      rate: 0.25,
      random: sequence([0.1, 0.5, 0.9, 0.2]),
      prefix: 'sampled.',
    });
    for (let i = 0; i < 8; i++) client.incrementSampled('transactions.accepted');
    for (let i = 0; i < 4; i++) client.timingSampled('write_transaction', 2);
    for (let i = 0; i < 3; i++) client.increment('blocks.written');
    client.gauge('end', 1);
    await listener.line(/^sampled\.end:1\|g$/);
    const got = listener.lines.slice(before).filter((l) => l.startsWith('sampled.'));
    // Counters of one turn are summed: 4 of the 8 sampled, sent as one line that StatsD scales by 4.
    assert.deepEqual(
      got.filter((l) => l.includes('transactions.accepted')),
      ['sampled.transactions.accepted:4|c|@0.25'],
    );
    // Timers are sent one by one: the 1st and 4th draws of the next four.
    assert.deepEqual(
      got.filter((l) => l.includes('write_transaction')),
      Array(2).fill('sampled.write_transaction:2|ms|@0.25'),
    );
    assert.deepEqual(
      got.filter((l) => l.includes('blocks.written')),
      ['sampled.blocks.written:3|c'],
    );
    assert.deepEqual(client.counts, { sent: got.length, dropped: 0, errors: 0 });
    client.close();
  });

  test('lines of one turn share datagrams, none over 1432 bytes', async () => {
    const datagramsBefore = listener.datagrams;
    const linesBefore = listener.lines.length;
    const client = new StatsdClient({ host: '127.0.0.1', port: listener.port, rate: 1, prefix: 'batched.' });
    for (let i = 0; i < 200; i++) client.increment(`counter_${i}`);
    await waitFor('200 batched lines', () =>
      Promise.resolve(
        listener.lines.slice(linesBefore).filter((l) => l.startsWith('batched.')).length >= 200 || undefined,
      ),
    );
    const datagrams = listener.datagrams - datagramsBefore;
    assert.ok(datagrams > 1 && datagrams < 200, `${datagrams} datagrams for 200 lines`);
    client.close();
  });

  test('an unresolvable host or an absent server: nothing thrown, the losses counted', async () => {
    const unresolvable = new StatsdClient({ host: 'statsd.invalid', port: 8125, rate: 1 });
    await unresolvable.ready;
    unresolvable.increment('lost');
    assert.equal(unresolvable.counts.dropped, 1);
    assert.equal(unresolvable.counts.errors, 1);
    unresolvable.close();
    unresolvable.increment('after close');

    // Nobody listens on the port a closed socket had.
    const gone = await UdpListener.start();
    const port = gone.port;
    await gone.close();
    const absent = new StatsdClient({ host: '127.0.0.1', port, rate: 1 });
    for (let i = 0; i < 10; i++) absent.increment('nobody');
    await waitFor('the datagram handed over', () =>
      Promise.resolve(absent.counts.sent + absent.counts.errors > 0 || undefined),
    );
    absent.close();
  });

  test("statsd settings: an empty host switches the push off; a URL host (the seed's example) is its host name", () => {
    assert.equal(statsdFromConfig({ statsd: { host: '', port: 8125, rate: 0.01 } }), undefined);
    const client = statsdFromConfig({ statsd: { host: 'http://127.0.0.1', port: 8125, rate: 0.5 } });
    assert.ok(client instanceof StatsdClient);
    assert.equal(client.rate, 0.5);
    client.close();
  });
});

describe('a node pushing its metrics to StatsD', () => {
  let listener: UdpListener;
  let store: Store;
  let node: Bigchain;
  let metrics: NodeMetrics;
  let statsd: StatsdClient;
  let app: FastifyInstance;

  before(async () => {
    listener = await UdpListener.start();
    store = await openStore({ backend: 'sqlite', sqlitePath: ':memory:' });
    await store.init();
    const writes: { observe?: NodeMetrics['observeStoreWrite'] } = {};
    node = makeBigchain(
      instrumentStore(store, (...args) => writes.observe?.(...args)),
      generateKeypair(),
    );
    statsd = new StatsdClient({ host: 'localhost', port: listener.port, rate: 1 });
    await statsd.ready;
    metrics = new NodeMetrics({ node, statsd, processMetrics: false }).attach();
    writes.observe = metrics.observeStoreWrite;
    await node.start();
    app = buildApp({ node, bodySizeBytesMax: 64 * 1024, metrics });
  });
  after(async () => {
    await app.close();
    await node.stop();
    metrics.detach();
    statsd.close();
    await store.close();
    await listener.close();
  });

  test('a committed transaction: the seed-era write_transaction timer, counters, store timers, gauges', async () => {
    const alice = generateKeypair();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/transactions?mode=commit',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(createTx(alice)),
    });
    assert.equal(res.statusCode, 202);
    assert.match(
      await listener.line(/^bigchaindb\.write_transaction:/),
      /^bigchaindb\.write_transaction:[\d.]+\|ms$/,
    );
    assert.equal(
      await listener.line(/^bigchaindb\.transactions\.accepted:/),
      'bigchaindb.transactions.accepted:1|c',
    );
    assert.equal(
      await listener.line(/^bigchaindb\.transactions\.committed\.valid:/),
      'bigchaindb.transactions.committed.valid:1|c',
    );
    assert.equal(await listener.line(/^bigchaindb\.blocks\.written:/), 'bigchaindb.blocks.written:1|c');
    assert.equal(
      await listener.line(/^bigchaindb\.blocks\.decided\.valid:/),
      'bigchaindb.blocks.decided.valid:1|c',
    );
    assert.equal(await listener.line(/^bigchaindb\.votes\.cast\.valid:/), 'bigchaindb.votes.cast.valid:1|c');
    assert.match(await listener.line(/^bigchaindb\.store\.writeBlock:/), /\|ms$/);
    assert.match(await listener.line(/^bigchaindb\.transaction\.accept_to_valid:/), /\|ms$/);

    // Gauges come from the same registry as GET /metrics.
    await metrics.pushGauges();
    assert.equal(await listener.line(/^bigchaindb\.backlog_size:/), 'bigchaindb.backlog_size:0|g');
    assert.equal(await listener.line(/^bigchaindb\.status:/), 'bigchaindb.status:0|g');
    const text = await metrics.render();
    const height = sampleOf(text, 'bigchaindb_block_height');
    assert.equal(await listener.line(/^bigchaindb\.block_height:/), `bigchaindb.block_height:${height}|g`);
    assert.ok((sampleOf(text, 'bigchaindb_statsd_lines_total', { outcome: 'sent' }) ?? 0) > 0);
    assert.equal(sampleOf(text, 'bigchaindb_statsd_lines_total', { outcome: 'dropped' }), 0);
  });
});
