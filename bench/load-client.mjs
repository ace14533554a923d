#!/usr/bin/env node
// CPU per request of the load generator's HTTP client against node:http (what the load generator
// used before) and undici (when it can be imported), posting a 750-byte JSON body to a server in a
// child process that answers 202 with the body, as the node does. CPU is this process's
// (process.cpuUsage), so the server's work is not counted. Paced runs show the cost at a rate the
// node can take, where fewer answers share a system call than in the unpaced runs.
// Usage: npm run build && node bench/load-client.mjs [--requests N] [--rates unpaced,2000]
import { fork } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
import { parseArgs } from 'node:util';
import { describeMachine, HttpClient, machineLine } from '@bigchaindb-ts/load';
import { helpIfAsked } from './lib/usage.mjs';

helpIfAsked(import.meta.url);

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    rates: { type: 'string', default: 'unpaced,2000' },
    concurrency: { type: 'string', default: '64' },
    server: { type: 'boolean', default: false },
  },
});

if (values.server) {
  const srv = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      res.writeHead(202, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': body.length,
      });
      res.end(body);
    });
  });
  srv.keepAliveTimeout = 60_000;
  srv.listen(0, '127.0.0.1', () => process.send(srv.address().port));
} else {
  const command = `node bench/load-client.mjs ${process.argv.slice(2).join(' ')}`.trimEnd();
  const machine = describeMachine();
  console.log(`# command: ${command}`);
  console.log(machineLine(machine));
  const child = fork(new URL(import.meta.url).pathname, ['--server']);
  const port = await new Promise((resolve) => child.once('message', resolve));
  const origin = `http://127.0.0.1:${port}`;
  const body = Buffer.from(JSON.stringify({ payload: 'x'.repeat(730) }));
  const N = Number(values.requests);
  const C = Number(values.concurrency);

  const clients = {
    'node:http Agent, 64 sockets': () => {
      const agent = new Agent({ keepAlive: true, maxSockets: C });
      const post = () =>
        new Promise((resolve) => {
          const req = request(
            `${origin}/api/v1/transactions?mode=async`,
            {
              method: 'POST',
              agent,
              headers: { 'content-type': 'application/json', 'content-length': body.length },
            },
            (res) => {
              const chunks = [];
              res.on('data', (c) => chunks.push(c));
              res.on('end', () => resolve(res.statusCode));
            },
          );
          req.on('error', () => resolve(0));
          req.end(body);
        });
      return { post, close: () => agent.destroy() };
    },
    'load client, 64 sockets': () => {
      const c = new HttpClient(origin, { connections: C, pipelining: 1 });
      return {
        post: async () => (await c.request('POST', '/api/v1/transactions?mode=async', body)).status,
        close: () => c.close(),
      };
    },
    'load client, 8 sockets × 8 pipelined': () => {
      const c = new HttpClient(origin, { connections: 8, pipelining: Math.ceil(C / 8) });
      return {
        post: async () => (await c.request('POST', '/api/v1/transactions?mode=async', body)).status,
        close: () => c.close(),
      };
    },
  };
  try {
    const { Pool } = await import('undici');
    clients['undici Pool, 8 sockets × 8 pipelined'] = () => {
      const pool = new Pool(origin, { connections: 8, pipelining: Math.ceil(C / 8) });
      return {
        post: async () => {
          const r = await pool.request({
            path: '/api/v1/transactions?mode=async',
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          await r.body.arrayBuffer();
          return r.statusCode;
        },
        close: () => pool.close(),
      };
    };
  } catch {
    console.log('# undici is not installed here: its rows are left out');
  }

  async function run(post, n, rate) {
    let i = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: C }, async () => {
        for (;;) {
          const k = i++;
          if (k >= n) return;
          if (rate) {
            const wait = start + (k * 1000) / rate - performance.now();
            if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
          }
          if ((await post()) !== 202) throw new Error('not 202');
        }
      }),
    );
    return performance.now() - start;
  }

  const results = [];
  console.log('\n| client | offered | requests/s | client CPU µs per request |\n| --- | --- | ---: | ---: |');
  for (const rateText of values.rates.split(',')) {
    const rate = rateText === 'unpaced' ? null : Number(rateText);
    for (const [name, make] of Object.entries(clients)) {
      const { post, close } = make();
      await run(post, Math.min(2000, N), null); // warm-up, not counted
      const cpu0 = process.cpuUsage();
      const ms = await run(post, N, rate);
      const cpu = process.cpuUsage(cpu0);
      await close();
      const row = {
        client: name,
        rate,
        requestsPerSecond: (N * 1000) / ms,
        cpuMicrosecondsPerRequest: (cpu.user + cpu.system) / N,
      };
      results.push(row);
      console.log(
        `| ${name} | ${rate ?? 'unpaced'} | ${Math.round((N * 1000) / ms)} | ${((cpu.user + cpu.system) / N).toFixed(1)} |`,
      );
    }
  }
  child.kill();
  console.log(
    JSON.stringify({ bench: 'load-client', command, machine, requests: N, concurrency: C, results }),
  );
}
