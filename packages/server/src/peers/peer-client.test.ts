// The peer client against real HTTP servers on loopback that answer too much.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PeerClient, PeerRequestError } from './peer-client.js';

const tip = { network_id: 'n', node_key: 'k', height: 1, hash: 'h' };
let server: Server;
let base = '';

before(async () => {
  server = createServer((req, res) => {
    const padded = JSON.stringify({ ...tip, padding: 'x'.repeat(4096) });
    // The peer's base URL picks the case: the client appends its paths to it.
    if (req.url === '/declared/api/v1/peers/tip') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(padded) });
      res.end(padded);
    } else if (req.url === '/endless/api/v1/peers/tip') {
      // No length: chunk after chunk until the client hangs up.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"padding":"');
      const timer = setInterval(() => res.write('x'.repeat(1024)), 1);
      res.on('close', () => clearInterval(timer));
    } else if (req.url === '/data') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ id: String(i), pad: 'y'.repeat(64) }))),
      );
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(tip));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A client with a 2,048-byte answer cap. */
const capped = () => new PeerClient(5_000, 'http://127.0.0.1:1', 2048);

test('an answer under the cap is read as before', async () => {
  assert.deepEqual(await capped().tip(base), tip);
});

test('an answer whose declared length is over the cap is refused without reading it', async () => {
  await assert.rejects(capped().tip(`${base}/declared`), (err: unknown) => {
    assert.ok(err instanceof PeerRequestError);
    assert.match(err.message, /answered more than 2048 bytes/);
    return true;
  });
});

test('an answer without a length that streams past the cap is cut off and refused', async () => {
  await assert.rejects(capped().tip(`${base}/endless`), /answered more than 2048 bytes/);
});

test("a peer's pending list over the cap is refused too", async () => {
  await assert.rejects(capped().pending(base), /more than 2048/);
  assert.equal((await new PeerClient(5_000, 'http://127.0.0.1:1').pending(base)).length, 100);
});
