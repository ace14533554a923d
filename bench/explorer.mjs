#!/usr/bin/env node
// Time to content of the explorer's home page on a node with a large ledger, in Chromium.
//
//   node bench/explorer.mjs [--count 100000] [--per-block 1000] [--loads 5]
//
// Signs --count CREATE transactions in blocks of --per-block and writes them straight through a
// SQLite store (block and deciding vote together, as a federation of one writes them), starts a
// node on that store in this process with its HTTP API and the explorer on a free port, then
// opens http://.../explorer/ --loads times in headless Chromium (/usr/bin/chromium, a new browser
// context each time, so nothing is cached) and measures, from the start of navigation:
//   fcp      the browser's first contentful paint (the page's frame and "Loading…")
//   content  the first rows of the latest blocks drawn (the app marks the animation frame in which
//            they reach the screen: performance mark `explorer:blocks-painted`)
// Prints each load, the median, and a JSON line. Run `npm run build` first.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import {
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  signTransaction,
} from '@bigchaindb-ts/core';
import { describeMachine, machineLine } from '@bigchaindb-ts/load';
import {
  buildApp,
  buildConfig,
  createLogger,
  createNode,
  explorerRoutes,
  openStore,
} from '@bigchaindb-ts/server';
import { DecidedChainWriter } from './lib/decided-chain.mjs';
import { helpIfAsked } from './lib/usage.mjs';

helpIfAsked(import.meta.url);

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    'per-block': { type: 'string', default: '1000' },
    loads: { type: 'string', default: '5' },
  },
  strict: true,
});
const count = Number(values.count);
const perBlock = Number(values['per-block']);
const loads = Number(values.loads);

console.log(`# command: node bench/explorer.mjs ${process.argv.slice(2).join(' ')}`.trimEnd());
console.log(machineLine(describeMachine()));

const dir = mkdtempSync(join(tmpdir(), 'bigchaindb-bench-explorer-'));
const maker = generateKeypair();
const owner = generateKeypair();
const sqlitePath = join(dir, 'bigchain.sqlite');

async function writeLedger() {
  const store = await openStore({ backend: 'sqlite', sqlitePath });
  await store.init();
  const chain = new DecidedChainWriter(
    store,
    maker,
    Math.floor(Date.now() / 1000) - Math.ceil(count / perBlock) - 1,
  );
  const write = (txs) => chain.write(txs);
  await write([]); // the genesis block
  for (let made = 0; made < count; made += perBlock) {
    const txs = [];
    for (let i = 0; i < Math.min(perBlock, count - made); i++) {
      txs.push(
        signTransaction(
          makeCreateTransaction(
            { serial: made + i, nonce: randomBytes(8).toString('hex') },
            { bench: 'explorer' },
            [makeOwnerOutput(owner.publicKey, '1')],
            [owner.publicKey],
          ),
          owner.privateKey,
        ),
      );
    }
    await write(txs);
  }
  await store.close();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let app;
let node;
let store;
let browser;
try {
  const built = performance.now();
  await writeLedger();
  console.log(
    `# ledger: ${count} transactions signed and written in ${((performance.now() - built) / 1000).toFixed(1)} s`,
  );

  const { config } = buildConfig({
    env: {},
    configPath: join(dir, '.bigchaindb'),
    fileText: JSON.stringify({
      keypair: { public: maker.publicKey, private: maker.privateKey },
      database: { backend: 'sqlite', path: sqlitePath },
      statsd: { host: '' },
    }),
    cwd: dir,
  });
  store = await openStore({ backend: 'sqlite', sqlitePath });
  node = await createNode(config, store, createLogger({ name: 'bench', level: 'silent' }), {});
  await node.start();
  app = buildApp({
    node,
    bodySizeBytesMax: config.limits.bodySizeBytesMax,
    routeModules: [explorerRoutes()],
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${app.server.address().port}/explorer/`;

  // A node just started first checks its whole stored chain (the watchdog's first pass); the
  // figure is for a node in its steady state, so the loads wait for that pass to end.
  const waitStarted = performance.now();
  for (;;) {
    const report = await (
      await fetch(`http://127.0.0.1:${app.server.address().port}/api/v1/federation`)
    ).json();
    if (report.watchdog.passes >= 1) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(
    `# the watchdog's first pass over the chain took ${((performance.now() - waitStarted) / 1000).toFixed(1)} s after start`,
  );
  if (process.env.BENCH_DEBUG) {
    for (const path of ['chain?limit=20', 'health', 'chain?limit=20', 'health', 'chain?limit=1']) {
      const t = performance.now();
      await (await fetch(`http://127.0.0.1:${app.server.address().port}/api/v1/${path}`)).text();
      console.log(`# ${path}: ${(performance.now() - t).toFixed(0)} ms`);
    }
  }
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
  const runs = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => performance.getEntriesByName('explorer:blocks-painted').length > 0);
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const painted = performance.getEntriesByName('explorer:blocks-painted')[0];
      const res = performance
        .getEntriesByType('resource')
        .map(
          (r) =>
            `${r.name.replace(/^.*\/\/[^/]+/, '')} ${Math.round(r.startTime)}-${Math.round(r.responseEnd)}`,
        );
      return { fcp: fcp?.startTime ?? null, content: painted.startTime - (nav?.startTime ?? 0), res };
    });
    if (process.env.BENCH_DEBUG) console.log(timing.res.join('\n'));
    const rows = await page.locator('#blocks tr.block-row').count();
    runs.push({ fcpMs: Math.round(timing.fcp ?? -1), contentMs: Math.round(timing.content), rows });
    console.log(
      `# load ${i + 1}: first paint ${runs[i].fcpMs} ms, block rows drawn ${runs[i].contentMs} ms (${rows} rows)`,
    );
    await context.close();
  }
  const result = {
    bench: 'explorer-home',
    transactions: count,
    blocks: Math.ceil(count / perBlock) + 1,
    loads,
    fcpMsMedian: median(runs.map((r) => r.fcpMs)),
    contentMsMedian: median(runs.map((r) => r.contentMs)),
  };
  console.log(`# median: first paint ${result.fcpMsMedian} ms, content ${result.contentMsMedian} ms`);
  console.log(JSON.stringify(result));
} finally {
  await browser?.close();
  await app?.close();
  await node?.stop();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
}
