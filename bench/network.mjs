#!/usr/bin/env node
// Proof-of-work network figures on this machine, against the built packages (`npm run build`).
//
//   node bench/network.mjs [--nodes 3,5] [--txs 300] [--difficulty 2] [--block-interval-ms 200]
//                          [--catchup-blocks 10000]
//
// For each network size: N `bigchaindb miner start` processes in a ring on loopback. Then
//   committed   --txs CREATEs posted round-robin to the miners; transactions per second from the
//               first POST until every one is `valid` (pow.confirmations 2) on every miner;
//   propagation how long a sealed block takes to be every miner's tip: each miner's tip is polled
//               every 10 ms, and a block counts from its own timestamp (the sealer's clock, the
//               same machine) to the last miner seeing it; p50 and p99 over the blocks seen;
// and once: catch-up, a miner alone mines --catchup-blocks empty blocks, then a fresh miner
// with it as neighbour starts; the time until the fresh one has the same tip.
// Prints a table and a JSON line.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  signTransaction,
} from '@bigchaindb-ts/core';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3,5' },
    txs: { type: 'string', default: '300' },
    difficulty: { type: 'string', default: '2' },
    'block-interval-ms': { type: 'string', default: '200' },
    'catchup-blocks': { type: 'string', default: '10000' },
  },
});
const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../packages/server/bin/bigchaindb.js');
const dir = mkdtempSync(join(tmpdir(), 'bench-network-'));
const all = [];

const freePort = () =>
  new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const json = async (url, init) => (await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) })).json();

async function miner(name, port, neighbours, env) {
  const args = [
    'miner',
    'start',
    join(dir, name, 'chain.json'),
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
  ];
  args.push('--difficulty', values.difficulty);
  if (neighbours.length) args.push('--neighbours', neighbours.map((p) => `127.0.0.1:${p}`).join(','));
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, BIGCHAINDB_LOG_LEVEL: 'warn', BIGCHAINDB_POW_NETWORK: 'bench', ...env },
    stdio: 'ignore',
  });
  all.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await json(`${url}/api/v1/peers/tip`);
      return { url, child };
    } catch {
      if (i > 200) throw new Error(`${name} did not start`);
      await sleep(100);
    }
  }
}

const stop = (m) =>
  new Promise((r) => (m.child.exitCode !== null ? r() : (m.child.once('exit', r), m.child.kill('SIGTERM'))));
const pct = (xs, p) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);

async function network(n) {
  const ports = [];
  for (let i = 0; i < n; i++) ports.push(await freePort());
  const env = {
    BIGCHAINDB_POW_CONFIRMATIONS: '2',
    BIGCHAINDB_POW_BLOCK_INTERVAL_MS: values['block-interval-ms'],
    BIGCHAINDB_PEERS_GOSSIP_INTERVAL_MS: '1000',
    BIGCHAINDB_PEERS_SYNC_INTERVAL_MS: '1000',
    BIGCHAINDB_PEERS_MAX: String(n - 1),
  };
  const miners = await Promise.all(ports.map((p, i) => miner(`n${n}-${i}`, p, [ports[(i + 1) % n]], env)));
  // Let gossip connect them.
  for (;;) {
    const counts = await Promise.all(miners.map(async (m) => (await json(`${m.url}/neighbours`)).length));
    if (counts.every((c) => c >= Math.min(n - 1, 2))) break;
    await sleep(200);
  }
  // Tip watcher: first time each miner showed each tip hash.
  const seen = new Map();
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const tips = await Promise.all(miners.map((m) => json(`${m.url}/api/v1/peers/tip`).catch(() => null)));
      const now = Date.now();
      tips.forEach((t, i) => {
        if (!t) return;
        const s = seen.get(t.hash) ?? { first: new Map(), height: t.height };
        if (!s.first.has(i)) s.first.set(i, now);
        seen.set(t.hash, s);
      });
      await sleep(10);
    }
  })();
  const alice = generateKeypair();
  const txs = Array.from({ length: Number(values.txs) }, (_, i) =>
    signTransaction(
      makeCreateTransaction(
        { bench: i, nonce: Math.random() },
        null,
        [makeOwnerOutput(alice.publicKey, '1')],
        [alice.publicKey],
      ),
      alice.privateKey,
    ),
  );
  console.error(`${n} miners connected; posting ${txs.length} transactions`);
  const t0 = performance.now();
  await Promise.all(
    txs.map((tx, i) =>
      fetch(`${miners[i % n].url}/api/v1/transactions?mode=async`, {
        method: 'POST',
        body: JSON.stringify(tx),
        headers: { 'content-type': 'application/json' },
      }).then((r) => r.arrayBuffer()),
    ),
  );
  const waiting = miners.map(() => new Set(txs.map((t) => t.id)));
  while (waiting.some((w) => w.size > 0)) {
    await Promise.all(
      miners.map(async (m, i) => {
        for (const id of [...waiting[i]].slice(0, 50)) {
          const s = await json(`${m.url}/api/v1/statuses?transaction_id=${id}`).catch(() => null);
          if (s?.status === 'valid') waiting[i].delete(id);
          else break;
        }
      }),
    );
    if (Math.random() < 0.05) console.error(`waiting: ${waiting.map((w) => w.size).join(' ')}`);
    await sleep(50);
  }
  const seconds = (performance.now() - t0) / 1000;
  console.error(`${n} miners: all valid everywhere after ${seconds.toFixed(1)} s`);
  await sleep(1500); // the last blocks reach every miner
  watching = false;
  await watcher;
  // Block propagation: blocks every miner showed as its tip, from their timestamp to the last sighting.
  const delays = [];
  const byHash = new Map();
  for (const m of miners.slice(0, 1)) {
    const chain = (await json(`${m.url}/chain`)).chain;
    for (const b of chain.slice(1)) byHash.set(b.timestamp, b);
  }
  const { createHash } = await import('node:crypto');
  const { canonicalJson } = await import('@bigchaindb-ts/core');
  const stamps = new Map(
    [...byHash.values()].map((b) => [
      createHash('sha256').update(canonicalJson(b)).digest('hex'),
      b.timestamp,
    ]),
  );
  for (const [hash, s] of seen) {
    const ts = stamps.get(hash);
    if (ts === undefined || s.first.size < n) continue;
    delays.push(Math.max(...s.first.values()) - ts);
  }
  delays.sort((a, b) => a - b);
  await Promise.all(miners.map(stop));
  return {
    nodes: n,
    txs: txs.length,
    seconds,
    txPerSecond: txs.length / seconds,
    blocks: delays.length,
    p50Ms: pct(delays, 50),
    p99Ms: pct(delays, 99),
  };
}

async function catchUp(blocks) {
  // A lone miner fed messages as fast as it takes them (no pause between blocks) grows a chain.
  const env = { BIGCHAINDB_POW_CONFIRMATIONS: '3', BIGCHAINDB_POW_BLOCK_INTERVAL_MS: '0' };
  const port = await freePort();
  const a = await miner('catchup-a', port, [], { ...env, BIGCHAINDB_POW_NETWORK: 'bench-catchup' });
  const t0 = performance.now();
  for (let i = 0; ; i++) {
    const tip = await json(`${a.url}/api/v1/peers/tip`);
    if (tip.height >= blocks) break;
    await Promise.all(
      Array.from({ length: 20 }, (_, k) =>
        fetch(`${a.url}/add?message=m${i}-${k}`, { method: 'PUT' }).then((r) => r.arrayBuffer()),
      ),
    );
  }
  const mineSeconds = (performance.now() - t0) / 1000;
  // The source keeps mining meanwhile (its block is never final): the figure is for a moving target.
  const target = await json(`${a.url}/api/v1/peers/tip`);
  const t1 = performance.now();
  const b = await miner('catchup-b', await freePort(), [port], {
    ...env,
    BIGCHAINDB_POW_NETWORK: 'bench-catchup',
    BIGCHAINDB_PEERS_SYNC_INTERVAL_MS: '500',
  });
  for (;;) {
    const tip = await json(`${b.url}/api/v1/peers/tip`);
    if (tip.height >= target.height) break;
    await sleep(100);
  }
  const seconds = (performance.now() - t1) / 1000;
  await Promise.all([stop(a), stop(b)]);
  return {
    blocks: target.height,
    mineSeconds,
    catchUpSeconds: seconds,
    blocksPerSecond: target.height / seconds,
  };
}

try {
  const results = [];
  for (const n of values.nodes
    .split(',')
    .map(Number)
    .filter((k) => k > 0))
    results.push(await network(n));
  const cu =
    Number(values['catchup-blocks']) > 0 ? await catchUp(Number(values['catchup-blocks'])) : undefined;
  console.log(
    `difficulty ${values.difficulty}, block interval ${values['block-interval-ms']} ms, confirmations 2`,
  );
  console.log('nodes  txs   seconds  tx/s    blocks  p50 ms  p99 ms');
  for (const r of results)
    console.log(
      `${String(r.nodes).padEnd(6)} ${String(r.txs).padEnd(5)} ${r.seconds.toFixed(1).padEnd(8)} ${r.txPerSecond.toFixed(1).padEnd(7)} ${String(r.blocks).padEnd(7)} ${String(r.p50Ms).padEnd(7)} ${r.p99Ms}`,
    );
  if (cu)
    console.log(
      `catch-up: ${cu.blocks} blocks in ${cu.catchUpSeconds.toFixed(1)} s (${cu.blocksPerSecond.toFixed(0)} blocks/s); mining them alone took ${cu.mineSeconds.toFixed(1)} s`,
    );
  console.log(JSON.stringify({ network: results, catchUp: cu }));
} finally {
  for (const c of all) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
