#!/usr/bin/env node
// Committed transactions per second and accept→valid latency of a federation: N real nodes
// (`bigchaindb start` processes, own keys, keyrings of each other) on one PostgreSQL database,
// with the load spread round-robin over the nodes by the same engine as `bigchaindb load`. With
// --baseline (default) one node on PostgreSQL runs the same load first, on the same machine state.
// Usage: npm run build && node bench/federation.mjs [--nodes 3] [--count N] [--concurrency N]
//        [--kind create|transfer|mix] [--mode async|sync|commit] [--quorum majority|two_thirds]
//        [--flush MS] [--rate TX_PER_S] [--no-baseline]
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { dropDatabase, Federation } from '../packages/server/dist/testing/federation.js';
import {
  collectFates,
  formatReport,
  makeWorkload,
  runLoad,
  summarize,
} from '../packages/server/dist/load/index.js';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3' },
    count: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '64' },
    kind: { type: 'string', default: 'mix' },
    mode: { type: 'string', default: 'async' },
    quorum: { type: 'string', default: 'majority' },
    flush: { type: 'string' },
    rate: { type: 'string' },
    baseline: { type: 'boolean', default: true },
    'no-baseline': { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const concurrency = Number(values.concurrency);
const server = { host: '127.0.0.1', port: 5432, user: 'postgres' };
console.log(
  `# node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg()[0].toFixed(1)}`,
);
console.log(`# command: node bench/federation.mjs ${process.argv.slice(2).join(' ')}`.trimEnd());

/** Runs the load against `n` members; the streams are dealt to the members in turn. */
async function measure(n) {
  const database = { ...server, name: `bench_federation_${Date.now()}` };
  const config = {
    vote_quorum: values.quorum,
    ...(values.flush === undefined ? {} : { block: { flush_interval_ms: Number(values.flush) } }),
  };
  const fed = await Federation.start({ nodes: n, database, config });
  try {
    const streams = makeWorkload({ kind: values.kind, count });
    const share = Math.max(1, Math.round(concurrency / n));
    const sentParts = await Promise.all(
      fed.nodes.map((node, i) =>
        runLoad({
          url: `${node.url}/api/v1`,
          streams: streams.filter((_, j) => j % n === i),
          concurrency: share,
          rate: values.rate === undefined ? null : Number(values.rate) / n,
          mode: values.mode,
        }),
      ),
    );
    const sent = sentParts.flat();
    // Every member answers from the same database; one is asked, after the load.
    const fates = await collectFates(
      `${fed.nodes[0].url}/api/v1`,
      sent.filter((s) => s.httpStatus === 202).map((s) => s.id),
    );
    const report = summarize(sent, fates);
    console.log(
      formatReport(
        report,
        `${n} node(s) on PostgreSQL, vote_quorum ${values.quorum}: ${count} ${values.kind} txs, ` +
          `concurrency ${concurrency} (${share} per node), mode ${values.mode}` +
          (values.flush === undefined ? '' : `, block.flush_interval_ms ${values.flush}`) +
          (values.rate === undefined ? '' : `, paced at ${values.rate} tx/s`),
      ),
    );
    return { nodes: n, ...report };
  } finally {
    await fed.stop('SIGTERM');
    fed.cleanup();
    await dropDatabase(database).catch(() => undefined);
  }
}

const results = [];
if (values.baseline && !values['no-baseline']) results.push(await measure(1));
results.push(await measure(Number(values.nodes)));
console.log(
  JSON.stringify({
    bench: 'federation',
    count,
    concurrency,
    kind: values.kind,
    mode: values.mode,
    quorum: values.quorum,
    results,
  }),
);
