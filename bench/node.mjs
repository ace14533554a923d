#!/usr/bin/env node
// Committed transactions per second and accept→valid latency for one real node (`bigchaindb start`
// in its own process) on SQLite and/or PostgreSQL, driven by the same engine as `bigchaindb load`.
// Usage: npm run build && node bench/node.mjs [--backends sqlite,postgresql] [--count N]
//        [--concurrency N] [--kind create|transfer|mix] [--mode async|sync|commit] [--rate N]
import { availableParallelism, cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { NodeProcess } from '../packages/server/dist/testing/node-process.js';
import {
  collectFates,
  formatReport,
  makeWorkload,
  runLoad,
  summarize,
} from '../packages/server/dist/load/index.js';

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'sqlite,postgresql' },
    count: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '64' },
    kind: { type: 'string', default: 'mix' },
    mode: { type: 'string', default: 'async' },
    rate: { type: 'string' },
  },
});
const count = Number(values.count);
const concurrency = Number(values.concurrency);
const rate = values.rate === undefined ? null : Number(values.rate);
console.log(
  `# node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
);
console.log(`# command: node bench/node.mjs ${process.argv.slice(2).join(' ')}`.trimEnd());

const results = [];
for (const backend of values.backends.split(',')) {
  const dbName = `bench_${Date.now()}`;
  const config =
    backend === 'postgresql'
      ? { database: { backend: 'postgresql', host: '127.0.0.1', port: 5432, name: dbName, user: 'postgres' } }
      : { database: { backend: 'sqlite' } };
  const node = await NodeProcess.start({ config });
  try {
    const streams = makeWorkload({ kind: values.kind, count });
    const url = `${node.url}/api/v1`;
    const sent = await runLoad({ url, streams, concurrency, rate, mode: values.mode });
    const fates = await collectFates(
      url,
      sent.filter((s) => s.httpStatus === 202).map((s) => s.id),
    );
    const report = summarize(sent, fates);
    console.log(
      formatReport(
        report,
        `${backend}: ${count} ${values.kind} txs, concurrency ${concurrency}, mode ${values.mode}`,
      ),
    );
    results.push({ backend, ...report });
  } finally {
    await node.stop('SIGTERM');
    if (backend === 'postgresql') await node.cli(['-y', 'drop']).catch(() => undefined);
    node.cleanup();
  }
}
console.log(
  JSON.stringify({ bench: 'node', count, concurrency, kind: values.kind, mode: values.mode, results }),
);
