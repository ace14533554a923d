import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { headerOf, HttpClient, parseAnswer } from './http-client.js';

describe('load HTTP client', () => {
  let server: Server;
  let origin: string;
  const seen: { method: string; url: string; body: string }[] = [];
  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        seen.push({ method: req.method ?? '', url: req.url ?? '', body });
        if (req.url === '/chunked') {
          res.writeHead(200, { 'x-next-cursor': 'abc' });
          res.write('{"part":');
          setTimeout(() => res.end('1}'), 5);
          return;
        }
        if (req.url === '/refuse') {
          res.writeHead(400, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ code: 'DoubleSpend' }));
        }
        if (req.url === '/close') {
          res.writeHead(200, { connection: 'close', 'content-length': 2 });
          return res.end('ok');
        }
        // Answers in a different order than asked, so only the server's pipelining keeps them apart.
        const delay = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('delay') ?? 0);
        setTimeout(() => {
          res.writeHead(202, { 'content-type': 'application/json' });
          res.end(body || req.url);
        }, delay);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  test('pipelined POSTs each get their own answer, in order, over few sockets', async () => {
    const client = new HttpClient(origin, { connections: 2, pipelining: 8 });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        client.request('POST', `/tx?delay=${(40 - i) % 7}`, Buffer.from(JSON.stringify({ n: i, text: 'é' }))),
      ),
    );
    client.close();
    answers.forEach((a, i) => {
      assert.equal(a.status, 202);
      assert.deepEqual(JSON.parse(a.body.toString()), { n: i, text: 'é' });
    });
    assert.equal(client.requests, 40);
  });

  test('chunked answers, headers, error answers and a server that closes', async () => {
    const client = new HttpClient(origin, { connections: 1, pipelining: 4 });
    const chunked = await client.request('GET', '/chunked');
    assert.equal(chunked.status, 200);
    assert.equal(chunked.body.toString(), '{"part":1}');
    assert.equal(headerOf(chunked, 'X-Next-Cursor'), 'abc');
    const refused = await client.request('POST', '/refuse', Buffer.from('{}'));
    assert.equal(refused.status, 400);
    assert.deepEqual(JSON.parse(refused.body.toString()), { code: 'DoubleSpend' });
    const closing = await client.request('GET', '/close');
    assert.equal(closing.body.toString(), 'ok');
    // The next request opens a new connection.
    const again = await client.request('GET', '/again');
    assert.equal(again.status, 202);
    assert.equal(again.body.toString(), '/again');
    client.close();
  });

  test('a refused connection answers status 0 with the error, and does not throw', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const client = new HttpClient(`http://127.0.0.1:${port}`, { connections: 1, pipelining: 1 });
    const answer = await client.request('GET', '/');
    assert.equal(answer.status, 0);
    assert.match(answer.error ?? '', /ECONNREFUSED|closed/);
    client.close();
  });

  test('parseAnswer waits for a whole answer', () => {
    const full = Buffer.from('HTTP/1.1 202 Accepted\r\nContent-Length: 5\r\n\r\nhello');
    for (let cut = 0; cut < full.length; cut++) assert.equal(parseAnswer(full.subarray(0, cut)), undefined);
    const parsed = parseAnswer(Buffer.concat([full, Buffer.from('HTTP/1.1')]));
    assert.equal(parsed?.status, 202);
    assert.equal(parsed?.body.toString(), 'hello');
    assert.equal(parsed?.consumed, full.length);
  });
});
