#!/usr/bin/env node
// Read latency of the two big list queries on one real node (`bigchaindb start` in its own process),
// SQLite and/or PostgreSQL: `GET /outputs?public_key=` for a key with --outputs outputs and
// `GET /transactions?asset_id=` for an asset with --transfers TRANSFERs (bdb#1904, bdb#2379).
// The data is built over HTTP with real signed transactions:
// - the asset: a CREATE by key A (one output to A), then a chain of --transfers TRANSFERs, each
//   spending the previous output and giving it to A again;
// - then one-output CREATEs to A until A has --outputs outputs, each in its own transaction.
// So A's outputs are half spent (the chain's) and half unspent, one transaction each.
// Each query is timed sequentially and with --concurrency requests in flight, over keep-alive HTTP.
// Usage: npm run build && node bench/reads.mjs [--backends sqlite,postgresql] [--outputs N]
//        [--transfers N] [--requests N] [--concurrency N] [--budget-s S] [--cpu-prof DIR]
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  signTransaction,
} from '@bigchaindb-ts/core';
import { NodeProcess } from '@bigchaindb-ts/testing';
import { helpIfAsked } from './lib/usage.mjs';

helpIfAsked(import.meta.url);

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'sqlite,postgresql' },
    outputs: { type: 'string', default: '10000' },
    transfers: { type: 'string', default: '5000' },
    requests: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
    // Caps each timed case, so that a slow query does not hold the shared machine for minutes.
    'budget-s': { type: 'string', default: '20' },
    'cpu-prof': { type: 'string' },
    // Only the cases whose name contains this text, e.g. `outputs`.
    only: { type: 'string', default: '' },
  },
});
const outputs = Number(values.outputs);
const transfers = Number(values.transfers);
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const budgetMs = Number(values['budget-s']) * 1000;
if (outputs < transfers + 1) throw new Error('--outputs must be at least --transfers + 1');

console.log(
  `# node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg()[0].toFixed(1)}`,
);
console.log(`# command: node bench/reads.mjs ${process.argv.slice(2).join(' ')}`.trimEnd());

/** The data, signed before any node starts; every backend gets the same transactions. */
function makeData() {
  const a = generateKeypair();
  const sign = (draft) => signTransaction(draft, a.privateKey);
  const run = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const chain = [
    sign(makeCreateTransaction({ bench: 'reads', run }, null, [makeOwnerOutput(a.publicKey)], [a.publicKey])),
  ];
  for (let i = 0; i < transfers; i++)
    chain.push(
      sign(
        makeTransferTransaction(
          [{ tx: chain[chain.length - 1], outputIndex: 0 }],
          [makeOwnerOutput(a.publicKey)],
          null,
        ),
      ),
    );
  const creates = [];
  for (let i = 0; i < outputs - chain.length; i++)
    creates.push(
      sign(
        makeCreateTransaction(
          { bench: 'reads', run, i },
          null,
          [makeOwnerOutput(a.publicKey)],
          [a.publicKey],
        ),
      ),
    );
  return { publicKey: a.publicKey, assetId: chain[0].id, streams: [chain, ...creates.map((tx) => [tx])] };
}

/** Posts the streams with `clients` in parallel, each stream in order; throws on any refusal. */
async function post(url, streams, clients) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  let next = 0;
  const client = async () => {
    for (let stream = streams[next++]; stream !== undefined; stream = streams[next++])
      for (const tx of stream) {
        const r = await send(`${url}/transactions?mode=async`, agent, 'POST', JSON.stringify(tx));
        if (r.status !== 202) throw new Error(`POST ${tx.id}: ${r.status} ${r.body.toString()}`);
      }
  };
  await Promise.all(Array.from({ length: clients }, client));
  agent.destroy();
}

/** Polls the status of every id until all are valid (throws on invalid, or after `timeoutMs`). */
async function waitValid(url, ids, timeoutMs) {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const deadline = Date.now() + timeoutMs;
  let pending = ids;
  while (pending.length > 0) {
    if (Date.now() > deadline) throw new Error(`${pending.length} not valid after ${timeoutMs} ms`);
    const still = [];
    let next = 0;
    const client = async () => {
      for (let id = pending[next++]; id !== undefined; id = pending[next++]) {
        const r = await send(`${url}/transactions/${id}/status`, agent);
        const status = r.status === 200 ? JSON.parse(r.body.toString()).status : `HTTP ${r.status}`;
        if (status === 'invalid') throw new Error(`${id} is invalid: ${r.body.toString()}`);
        if (status !== 'valid') still.push(id);
      }
    };
    await Promise.all(Array.from({ length: 8 }, client));
    pending = still;
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 200));
  }
  agent.destroy();
}

/** One GET over the agent: status, body bytes, milliseconds to the last byte, and the text. */
function get(url, agent) {
  return send(url, agent);
}

function send(url, agent, method = 'GET', body = undefined) {
  const t0 = performance.now();
  const headers = body === undefined ? {} : { 'content-type': 'application/json' };
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode,
          ms: performance.now() - t0,
          bytes: body.length,
          body,
          headers: res.headers,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** CPU time (user + system, all threads) the process has used, in ms; what a request costs on a busy machine. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100)
}

async function dropDatabase(name) {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
  } finally {
    await client.end();
  }
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

/** Times `requests` GETs (or fewer, when the budget runs out) with `inFlight` at a time. */
async function timeQuery(url, inFlight, pid) {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  for (let i = 0; i < 3; i++) await get(url, agent); // warm-up: connections, statement caches
  const times = [];
  const statuses = new Map();
  let bytes = 0;
  let started = 0;
  const deadline = performance.now() + budgetMs;
  const cpu0 = cpuMs(pid);
  const client = async () => {
    while (started < requests && performance.now() < deadline) {
      started++;
      const r = await get(url, agent);
      times.push(r.ms);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      bytes = r.bytes;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, client));
  const cpu = (cpuMs(pid) - cpu0) / times.length;
  agent.destroy();
  times.sort((x, y) => x - y);
  const round = (x) => Math.round(x * 10) / 10;
  return {
    n: times.length,
    p50: round(quantile(times, 0.5)),
    p95: round(quantile(times, 0.95)),
    p99: round(quantile(times, 0.99)),
    max: round(times[times.length - 1]),
    cpuMsPerRequest: round(cpu),
    bytes,
    statuses: Object.fromEntries(statuses),
  };
}

/** What one answer holds: item count, paging headers, and whether items have the 2.0 shape. */
async function inspect(url, itemKeys) {
  const agent = new Agent({ keepAlive: false });
  const r = await get(url, agent);
  agent.destroy();
  if (r.status !== 200) return { status: r.status, items: null, shapeOk: false, link: null };
  const items = JSON.parse(r.body.toString());
  const shapeOk =
    Array.isArray(items) && items.every((it) => Object.keys(it).sort().join(',') === itemKeys.join(','));
  return { status: r.status, items: items.length, shapeOk, link: r.headers.link ?? null };
}

const data = makeData();
const txCount = data.streams.reduce((n, s) => n + s.length, 0);
console.log(
  `# data: key A with ${outputs} outputs (${transfers} spent by the chain, ${outputs - transfers} unspent), ` +
    `one per transaction; asset with 1 CREATE + ${transfers} TRANSFERs (a chain A -> A); ${txCount} transactions`,
);

const txKeys = ['asset', 'id', 'inputs', 'metadata', 'operation', 'outputs', 'version'];
const linkKeys = ['output_index', 'transaction_id'];
const cases = [
  { name: 'outputs', path: `outputs?public_key=${data.publicKey}`, items: outputs, keys: linkKeys },
  {
    name: 'outputs spent=false',
    path: `outputs?public_key=${data.publicKey}&spent=false`,
    items: outputs - transfers,
    keys: linkKeys,
  },
  {
    name: 'outputs spent=true',
    path: `outputs?public_key=${data.publicKey}&spent=true`,
    items: transfers,
    keys: linkKeys,
  },
  {
    name: 'transactions asset_id',
    path: `transactions?asset_id=${data.assetId}`,
    items: transfers + 1,
    keys: txKeys,
  },
  {
    name: 'transactions asset_id operation=TRANSFER',
    path: `transactions?asset_id=${data.assetId}&operation=TRANSFER`,
    items: transfers,
    keys: txKeys,
  },
  {
    name: 'transactions asset_id limit=1000 (first page)',
    path: `transactions?asset_id=${data.assetId}&limit=1000`,
    items: Math.min(1000, transfers + 1),
    keys: txKeys,
  },
];

const results = [];
for (const backend of values.backends.split(',')) {
  const dbName = `bench_reads_${Date.now()}`;
  const config =
    backend === 'postgresql'
      ? { database: { backend: 'postgresql', host: '127.0.0.1', port: 5432, name: dbName, user: 'postgres' } }
      : { database: { backend: 'sqlite' } };
  const nodeArgs = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : [];
  const node = await NodeProcess.start({ config, nodeArgs });
  try {
    const url = `${node.url}/api/v1`;
    const t0 = Date.now();
    await post(url, data.streams, 16);
    await waitValid(
      url,
      data.streams.flat().map((tx) => tx.id),
      300_000,
    );
    const health = JSON.parse((await get(`${url}/health`, new Agent())).body.toString());
    console.log(
      `# ${backend}: ${txCount} transactions posted and valid in ${((Date.now() - t0) / 1000).toFixed(1)} s, ` +
        `${health.latest_height} blocks`,
    );
    for (const c of cases.filter((x) => x.name.includes(values.only))) {
      const shape = await inspect(`${url}/${c.path}`, c.keys);
      if (shape.items !== c.items || !shape.shapeOk)
        console.log(`# ${backend} ${c.name}: expected ${c.items} items, got ${JSON.stringify(shape)}`);
      for (const inFlight of [1, concurrency]) {
        const t = await timeQuery(`${url}/${c.path}`, inFlight, node.child.pid);
        results.push({
          backend,
          query: c.name,
          inFlight,
          items: shape.items,
          link: shape.link !== null,
          ...t,
        });
        console.log(
          `${backend.padEnd(10)} ${c.name.padEnd(46)} ${String(inFlight).padStart(2)}  ` +
            `n=${t.n} p50=${t.p50} p95=${t.p95} p99=${t.p99} max=${t.max} ms, node CPU ${t.cpuMsPerRequest} ms/req, ` +
            `${t.bytes} B, ${shape.items} items`,
        );
      }
    }
  } finally {
    await node.stop('SIGTERM');
    // `bigchaindb drop` empties the database but leaves it; the bench made it, so it removes it.
    if (backend === 'postgresql') await dropDatabase(dbName);
    node.cleanup();
  }
}

console.log(
  '\n| backend | query | in flight | n | p50 | p95 | p99 | max (ms) | node CPU ms/req | bytes | items |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results)
  console.log(
    `| ${r.backend} | ${r.query} | ${r.inFlight} | ${r.n} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.cpuMsPerRequest} | ${r.bytes} | ${r.items} |`,
  );
console.log(JSON.stringify({ bench: 'reads', outputs, transfers, requests, concurrency, budgetMs, results }));
