// The event stream client against a real local server (node:http plus the `ws` package, as the
// node serves its streams): resumption after a forced disconnect with nothing missed or repeated,
// the start pinned to the node's stream height, failover to another node, refusals, and headers.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { Connection } from './connection.js';
import type { BlockEvent, InvalidTransactionEvent, ValidTransactionEvent } from './subscription.js';
import { refusedUrl } from './test/http-fixture.js';

interface Ev {
  transaction_id: string;
  asset_id: string;
  height: number;
  tx_index: number;
  tx_count: number;
}

// Three blocks; height 2 holds two transactions. Messages carry the server's tx_index/tx_count.
const ledger: Ev[] = [
  { transaction_id: 't1', asset_id: 'a', height: 1, tx_index: 0, tx_count: 1 },
  { transaction_id: 't2a', asset_id: 'a', height: 2, tx_index: 0, tx_count: 2 },
  { transaction_id: 't2b', asset_id: 'b', height: 2, tx_index: 1, tx_count: 2 },
  { transaction_id: 't3', asset_id: 'a', height: 3, tx_index: 0, tx_count: 1 },
];

interface Upgrade {
  readonly req: IncomingMessage;
  /** The n-th upgrade request, from 1. */
  readonly n: number;
}

/**
 * A node's stream side: `/api/v1/health` reports `streamHeight` (404 when undefined), and each
 * upgrade is refused with `refuse(u)` as an HTTP status, or accepted and handed to `onSocket`.
 */
async function streamServer(args: {
  streamHeight?: number;
  refuse?: (u: Upgrade) => number | undefined;
  onSocket: (ws: WebSocket, u: Upgrade) => void;
}) {
  const wss = new WebSocketServer({ noServer: true });
  const upgrades: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    const found = req.url === '/api/v1/health' && args.streamHeight !== undefined;
    res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        found
          ? { status: 'ok', streams: { height: args.streamHeight, subscribers: 0 } }
          : { message: 'Not found', status: 404 },
      ),
    );
  });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    upgrades.push(req);
    const u = { req, n: upgrades.length };
    const status = args.refuse?.(u);
    if (status !== undefined) {
      socket.end(`HTTP/1.1 ${status} No\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => args.onSocket(ws, u));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const handle = {
    url: `http://127.0.0.1:${port}`,
    urls: () => upgrades.map((r) => r.url),
    headers: () => upgrades.map((r) => r.headers),
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  closers.push(handle.close);
  return handle;
}

function fromHeight(req: IncomingMessage): number {
  return Number(new URL(req.url ?? '', 'http://x').searchParams.get('from_height') ?? '0');
}

/** The ledger's messages above `from_height`, as the node replays them. */
function replay(req: IncomingMessage): Ev[] {
  return ledger.filter((e) => e.height > fromHeight(req));
}

/** Resolves once `count` events have arrived. */
function collect<T = ValidTransactionEvent>(count: number) {
  const events: T[] = [];
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  return {
    events,
    all,
    onEvent: (e: T) => {
      events.push(e);
      if (events.length === count) done();
    },
  };
}

function firstError() {
  let failed!: (e: Error) => void;
  const error = new Promise<Error>((resolve) => (failed = resolve));
  return { error, onError: failed };
}

const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of closers) await c();
});

describe('subscribe', () => {
  test('a disconnect in the middle of a block resumes above the last whole block: every event once, in order', async () => {
    const server = await streamServer({
      onSocket: (ws, { req, n }) => {
        const events = replay(req);
        // The first connection dies after t2a, halfway through block 2.
        for (const e of n === 1 ? events.slice(0, 2) : events) ws.send(JSON.stringify(e));
        if (n === 1) ws.terminate();
      },
    });
    const got = collect(ledger.length);
    const errors: Error[] = [];
    const sub = new Connection(server.url).subscribe('valid_transactions', {
      fromHeight: 0,
      onEvent: got.onEvent,
      onError: (e) => errors.push(e),
    });
    await got.all;
    sub.close();
    assert.deepEqual(
      got.events.map((e) => e.transaction_id),
      ledger.map((e) => e.transaction_id),
    );
    // Block 1 was whole, block 2 was not: the resume asks for the blocks above 1 (t2a comes again and is dropped).
    assert.deepEqual(server.urls(), [
      '/api/v1/streams/valid_transactions?from_height=0',
      '/api/v1/streams/valid_transactions?from_height=1',
    ]);
    assert.equal(sub.lastHeight, 3);
    assert.equal(sub.position, 3);
    assert.equal(sub.closed, true);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /resuming above height 1/);
  });

  test("without fromHeight the start is the node's stream height, so a reconnect before any event misses nothing", async () => {
    const server = await streamServer({
      streamHeight: 1,
      onSocket: (ws, { req, n }) => {
        // The first connection is dropped before it sends anything.
        if (n === 1) ws.terminate();
        else for (const e of replay(req)) ws.send(JSON.stringify(e));
      },
    });
    const got = collect(3);
    const sub = new Connection(server.url).subscribe('valid_transactions', { onEvent: got.onEvent });
    await got.all;
    sub.close();
    assert.deepEqual(
      got.events.map((e) => e.transaction_id),
      ['t2a', 't2b', 't3'],
    );
    assert.deepEqual(server.urls(), [
      '/api/v1/streams/valid_transactions?from_height=1',
      '/api/v1/streams/valid_transactions?from_height=1',
    ]);
  });

  test('fails over to the next node when one is unreachable, and sends the headers and the asset filter', async () => {
    const server = await streamServer({ onSocket: (ws) => ws.send(JSON.stringify(ledger[0])) });
    const got = collect(1);
    const conn = new Connection([await refusedUrl(), { url: server.url, headers: { app_id: 'x' } }], {
      selection: 'in-order',
    });
    const sub = conn.subscribe('valid_transactions', { assetId: 'a'.repeat(64), onEvent: got.onEvent });
    await sub.opened;
    await got.all;
    sub.close();
    assert.deepEqual(got.events, [ledger[0]]);
    // The node has no health endpoint (404): the stream starts live, without from_height.
    assert.deepEqual(server.urls(), [`/api/v1/streams/valid_transactions?asset_id=${'a'.repeat(64)}`]);
    assert.equal(server.headers()[0]!.app_id, 'x');
  });

  test('an upgrade answered 503 is retried; one answered 400 ends the subscription with the reason', async () => {
    const busy = await streamServer({
      refuse: ({ n }) => (n === 1 ? 503 : undefined),
      onSocket: (ws) => ws.send(JSON.stringify({ height: 4, block_id: 'b4' })),
    });
    const got = collect<BlockEvent>(1);
    const sub = new Connection(busy.url, { backoff: { baseMs: 5 } }).subscribe('blocks', {
      fromHeight: 3,
      onEvent: got.onEvent,
    });
    await got.all;
    sub.close();
    assert.equal(busy.urls().length, 2);

    const refusing = await streamServer({ refuse: () => 400, onSocket: () => undefined });
    const { error, onError } = firstError();
    const refused = new Connection(refusing.url).subscribe('blocks', {
      fromHeight: 0,
      onEvent: () => undefined,
      onError,
    });
    assert.match((await error).message, /refused .*HTTP 400/);
    assert.equal(refused.closed, true);
    await assert.rejects(refused.opened);
    assert.equal(refusing.urls().length, 1);
  });

  test('a close code 4400 is a refusal too', async () => {
    const server = await streamServer({ onSocket: (ws) => ws.close(4400, 'bad height') });
    const { error, onError } = firstError();
    const sub = new Connection(server.url).subscribe('blocks', {
      fromHeight: 0,
      onEvent: () => undefined,
      onError,
    });
    assert.match((await error).message, /refused.*4400 bad height/);
    assert.equal(sub.closed, true);
  });

  test('invalid_transactions is live: no from_height, no health lookup; a non-JSON message is reported and skipped', async () => {
    const server = await streamServer({
      streamHeight: 9,
      onSocket: (ws) => {
        ws.send('not json');
        ws.send(
          JSON.stringify({ transaction_id: 'x', status: 'invalid', reason_code: 'DoubleSpend', reason: 'r' }),
        );
      },
    });
    const got = collect<InvalidTransactionEvent>(1);
    const errors: Error[] = [];
    const sub = new Connection(server.url).subscribe('invalid_transactions', {
      onEvent: got.onEvent,
      onError: (e) => errors.push(e),
    });
    await got.all;
    sub.close();
    assert.equal(got.events[0]!.transaction_id, 'x');
    assert.deepEqual(server.urls(), ['/api/v1/streams/invalid_transactions']);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /not a JSON object/);
  });

  test('options the stream cannot take are refused at once', () => {
    const conn = new Connection('http://127.0.0.1:1');
    const onEvent = () => undefined;
    assert.throws(() => conn.subscribe('blocks', { fromHeight: -1, onEvent }), RangeError);
    assert.throws(() => conn.subscribe('invalid_transactions', { fromHeight: 0, onEvent }), TypeError);
    assert.throws(() => conn.subscribe('blocks', { assetId: 'a'.repeat(64), onEvent }), TypeError);
  });
});
