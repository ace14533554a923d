// The WebSocket event streams against a real listening server over a real node (SQLite): live
// delivery, replay with from_height, resumption after a dropped connection and after a server
// restart with nothing missed and nothing repeated, block and rejection events, refusals.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assetIdOf, generateKeypair, type SignedTransaction } from '@bigchaindb-ts/core';
import type { FastifyInstance } from 'fastify';
import { WebSocket } from 'ws';
import type { Bigchain } from '../../node/index.js';
import { createTx, makeBigchain, transferTx, waitForStatus } from '../../node/test/node-harness.js';
import { openStore, type Store } from '../../store/index.js';
import { waitFor } from '@bigchaindb-ts/testing';
import { buildApp } from '../app.js';

interface TxMessage {
  transaction_id: string;
  asset_id: string;
  block_id: string;
  height: number;
  tx_index: number;
  tx_count: number;
}

/** A stream client that keeps every message it gets. */
class Client {
  readonly messages: Record<string, unknown>[] = [];
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data: Buffer) =>
      this.messages.push(JSON.parse(data.toString()) as Record<string, unknown>),
    );
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }
  async receive(count: number, what = 'messages'): Promise<Record<string, unknown>[]> {
    await waitFor(`${count} ${what} (have ${this.messages.length})`, () =>
      Promise.resolve(this.messages.length >= count ? true : undefined),
    );
    return this.messages;
  }
  close(): Promise<unknown> {
    this.ws.close();
    return this.closed;
  }
}

/** What an upgrade refused with an HTTP error answered: its status and JSON body. */
function refusal(
  url: string,
): Promise<{ status: number; body: { message: string; status: number; code: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => reject(new Error(`${url} was accepted`)));
    ws.once('error', () => undefined);
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as never }));
    });
  });
}

/** Every transaction of every valid block above `height`, in ledger order, read from the store. */
async function ledgerTxIds(store: Store, height: number): Promise<string[]> {
  const ids: string[] = [];
  for (let after = height; ;) {
    const page = await store.getBlocksAfter(after, 50);
    for (const b of page) if (b.status === 'valid') ids.push(...b.block.block.transactions.map((t) => t.id));
    if (page.length < 50) return ids;
    after = page.at(-1)!.height;
  }
}

/** The height of the last block whose messages the client has all of (what it resumes from). */
function lastCompleteHeight(messages: readonly TxMessage[], fallback: number): number {
  let height = fallback;
  for (const m of messages) if (m.tx_index === m.tx_count - 1) height = m.height;
  return height;
}

describe('event streams over a real server', () => {
  let store: Store;
  let node: Bigchain;
  let app: FastifyInstance;
  let base: string;
  const alice = generateKeypair();
  const bob = generateKeypair();

  async function listen(): Promise<void> {
    app = buildApp({ node, bodySizeBytesMax: 1 << 20, streamPollIntervalMs: 50 });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    base = address.replace(/^http/, 'ws');
  }

  async function post(tx: SignedTransaction): Promise<SignedTransaction> {
    const res = await fetch(`${base.replace(/^ws/, 'http')}/api/v1/transactions?mode=commit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(tx),
    });
    assert.equal(res.status, 202, await res.text());
    return tx;
  }

  /** Waits until the streams have caught up with every decided block, and returns that height. */
  async function settled(): Promise<number> {
    await node.settle();
    const latest = (await store.latestHeight())!;
    return waitFor('the streams to catch up', async () => {
      const health = (await (await fetch(`${base.replace(/^ws/, 'http')}/api/v1/health`)).json()) as {
        streams: { height: number };
      };
      return health.streams.height === latest ? latest : undefined;
    });
  }

  before(async () => {
    store = await openStore({ backend: 'sqlite', sqlitePath: ':memory:' });
    await store.init();
    node = makeBigchain(store, generateKeypair());
    await node.start();
    await listen();
  });
  after(async () => {
    await app.close();
    await node.stop();
    await store.close();
  });

  test('the streams URL that GET / advertises is this server', async () => {
    const root = (await (await fetch(`${base.replace(/^ws/, 'http')}/`)).json()) as {
      api: { v1: { streams: string } };
    };
    assert.equal(root.api.v1.streams, `${base}/api/v1/streams/valid_transactions`);
    const client = new Client(root.api.v1.streams);
    await client.opened;
    await client.close();
  });

  test('valid_transactions: a live subscriber gets each new valid transaction once, in order, 1.x keys plus height', async () => {
    const start = await settled();
    const client = new Client(`${base}/api/v1/streams/valid_transactions`);
    await client.opened;
    const create = await post(createTx(alice, { live: 1 }));
    const spend = await post(transferTx(create, alice, bob));
    const other = await post(createTx(bob, { live: 2 }));
    const messages = (await client.receive(3)) as unknown as TxMessage[];
    await settled();
    assert.equal(messages.length, 3);
    assert.deepEqual(
      messages.map((m) => m.transaction_id),
      [create.id, spend.id, other.id],
    );
    assert.deepEqual(
      messages.map((m) => m.asset_id),
      [create.id, create.id, other.id],
    );
    for (const m of messages) {
      const status = (await store.getStatuses([m.transaction_id]))[0]!;
      assert.equal(m.block_id, status.blockId);
      assert.equal(m.height, status.height);
      assert.ok(m.height > start);
      assert.ok(m.tx_index >= 0 && m.tx_index < m.tx_count);
      assert.deepEqual(Object.keys(m), [
        'transaction_id',
        'asset_id',
        'block_id',
        'height',
        'tx_index',
        'tx_count',
      ]);
    }
    await client.close();
  });

  test('from_height replays history, then continues live; asset_id keeps one asset', async () => {
    const first = await post(createTx(alice, { replay: 1 }));
    await post(createTx(alice, { replay: 2 }));
    await settled();
    const everything = new Client(`${base}/api/v1/streams/valid_transactions?from_height=0`);
    const oneAsset = new Client(
      `${base}/api/v1/streams/valid_transactions?from_height=0&asset_id=${first.id}`,
    );
    const expected = await ledgerTxIds(store, 0);
    await everything.receive(expected.length);
    const spend = await post(transferTx(first, alice, bob));
    const all = (await everything.receive(expected.length + 1)) as unknown as TxMessage[];
    assert.deepEqual(
      all.map((m) => m.transaction_id),
      [...expected, spend.id],
    );
    const mine = (await oneAsset.receive(2)) as unknown as TxMessage[];
    assert.deepEqual(
      mine.map((m) => m.transaction_id),
      [first.id, spend.id],
    );
    assert.ok(mine.every((m) => m.asset_id === first.id && m.tx_count === 1));
    await everything.close();
    await oneAsset.close();
  });

  test('a client that drops and resumes from its last complete height misses nothing and repeats nothing', async () => {
    for (let i = 0; i < 5; i++) await post(createTx(alice, { before: i }));
    await settled();
    const wanted = await ledgerTxIds(store, 0);
    const first = new Client(`${base}/api/v1/streams/valid_transactions?from_height=0`);
    const early = (await first.receive(3)) as unknown as TxMessage[];
    first.ws.terminate(); // a dropped connection, mid-stream
    await first.closed;
    const got = [...early];
    // Meanwhile the ledger moves on.
    for (let i = 0; i < 5; i++) await post(createTx(bob, { during: i }));
    await settled();
    wanted.push(...(await ledgerTxIds(store, (await store.getStatuses([wanted.at(-1)!]))[0]!.height!)));
    // Resume after the last block the client has whole; drop the partial block it also has.
    const resumeAt = lastCompleteHeight(got, 0);
    const kept = got.filter((m) => m.height <= resumeAt);
    const second = new Client(`${base}/api/v1/streams/valid_transactions?from_height=${resumeAt}`);
    const rest = (await second.receive(wanted.length - kept.length)) as unknown as TxMessage[];
    const ids = [...kept, ...rest].map((m) => m.transaction_id);
    assert.deepEqual(ids, wanted);
    assert.equal(new Set(ids).size, ids.length);
    await second.close();
  });

  test('a server restart closes streams with 1001; resuming on the new server misses nothing', async () => {
    const start = await settled();
    const client = new Client(`${base}/api/v1/streams/blocks?from_height=${start}`);
    await client.opened;
    await post(createTx(alice, { restart: 1 }));
    const seen = (await client.receive(1)) as { height: number }[];
    const closing = client.closed;
    await app.close();
    assert.equal((await closing).code, 1001);
    // Decisions go on while no server listens.
    const during = createTx(alice, { restart: 2 });
    assert.equal((await node.submit(JSON.stringify(during), 'commit')).ok, true);
    await listen();
    const last = seen.at(-1)!.height;
    const resumed = new Client(`${base}/api/v1/streams/blocks?from_height=${last}`);
    const latest = await settled();
    const blocks = (await resumed.receive(latest - last)) as { height: number; transaction_ids: string[] }[];
    assert.deepEqual(
      blocks.map((b) => b.height),
      Array.from({ length: latest - last }, (_, i) => last + 1 + i),
    );
    assert.ok(blocks.some((b) => b.transaction_ids.includes(during.id)));
    await resumed.close();
  });

  test('blocks: one message per decided block, in height order, with its status and transactions', async () => {
    const start = await settled();
    const client = new Client(`${base}/api/v1/streams/blocks?from_height=${start}`);
    await client.opened;
    const txs = [await post(createTx(alice, { b: 1 })), await post(createTx(alice, { b: 2 }))];
    const latest = await settled();
    const blocks = (await client.receive(latest - start)) as {
      height: number;
      block_id: string;
      status: string;
      node_pubkey: string;
      transaction_ids: string[];
    }[];
    assert.deepEqual(
      blocks.map((b) => b.height),
      Array.from({ length: latest - start }, (_, i) => start + 1 + i),
    );
    assert.ok(blocks.every((b) => b.status === 'valid' && b.node_pubkey === node.publicKey));
    assert.deepEqual(
      blocks.flatMap((b) => b.transaction_ids),
      txs.map((t) => t.id),
    );
    const [stored] = await store.getBlocksByHeight([blocks[0]!.height]);
    assert.equal(blocks[0]!.block_id, stored!.block.id);
    await client.close();
  });

  test('invalid_transactions: a rejection after acceptance, with the reason the status endpoint gives', async () => {
    const client = new Client(`${base}/api/v1/streams/invalid_transactions`);
    await client.opened;
    const asset = await post(createTx(alice, { doomed: true }));
    const spends = [transferTx(asset, alice, bob), transferTx(asset, alice, generateKeypair())];
    // Both straight into the backlog, as other members' ingest would leave them: one must lose.
    await store.addToBacklog(spends.map((tx) => ({ tx, assignee: node.publicKey })));
    const fates = await Promise.all(spends.map((tx) => waitForStatus(node, tx.id, ['valid', 'invalid'])));
    const loser = spends[fates.findIndex((f) => f.status === 'invalid')]!;
    const [message] = (await client.receive(1)) as {
      transaction_id: string;
      reason_code: string;
      reason: string;
    }[];
    assert.equal(message!.transaction_id, loser.id);
    assert.equal(message!.reason_code, 'DoubleSpend');
    const status = (await (
      await fetch(`${base.replace(/^ws/, 'http')}/api/v1/transactions/${loser.id}/status`)
    ).json()) as { status: string; reason_code: string; reason: string };
    assert.deepEqual(status.status, 'invalid');
    assert.equal(status.reason_code, message!.reason_code);
    assert.equal(status.reason, message!.reason);
    assert.equal(assetIdOf(loser), asset.id);
    await client.close();
  });

  test('refused upgrades get an HTTP error with the error body', async () => {
    const rows: [string, number, string][] = [
      ['/api/v1/streams/everything', 404, 'NotFound'],
      ['/api/v1/transactions', 404, 'NotFound'],
      ['/api/v1/streams/valid_transactions?from_height=-1', 400, 'InvalidParameter'],
      ['/api/v1/streams/valid_transactions?from_height=abc', 400, 'InvalidParameter'],
      ['/api/v1/streams/valid_transactions?from_height=1&from_height=2', 400, 'InvalidParameter'],
      ['/api/v1/streams/valid_transactions?asset_id=xyz', 400, 'InvalidParameter'],
      ['/api/v1/streams/valid_transactions?status=valid', 400, 'InvalidParameter'],
      ['/api/v1/streams/blocks?asset_id=' + 'a'.repeat(64), 400, 'InvalidParameter'],
      ['/api/v1/streams/invalid_transactions?from_height=1', 400, 'InvalidParameter'],
    ];
    for (const [path, status, code] of rows) {
      const r = await refusal(`${base}${path}`);
      assert.equal(r.status, status, path);
      assert.equal(r.body.status, status, path);
      assert.equal(r.body.code, code, path);
    }
    // A trailing slash is the same stream.
    const client = new Client(`${base}/api/v1/streams/blocks/`);
    await client.opened;
    await client.close();
  });
});
