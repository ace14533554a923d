#!/usr/bin/env node
// Committed transactions per second, accept→valid latency, correctness and memory of a federation:
// N real nodes (`bigchaindb start` processes, own keys, keyrings of each other) on one PostgreSQL
// database, the streams dealt round-robin over the members, measured by the same measureLoad as
// `bigchaindb load`. With the baseline (default) one node on PostgreSQL runs the same workload
// first, on the same machine state.
// Usage: npm run build && node bench/federation.mjs [--nodes 3] [--quorum majority|two_thirds]
//        [--flush MS] [--no-baseline] [--count N] [--duration S] [--rate TX_PER_S]
//        [--concurrency N] [--connections N] [--kind create|transfer|mix] [--chain-length N]
//        [--conflicts FRACTION] [--owners N] [--threshold M] [--divisible]
//        [--mode async|sync|commit] [--ceiling-seconds S] [--idle-seconds S]
import { dropDatabase, Federation } from '@bigchaindb-ts/testing';
import { finish, measure, sign, start } from './lib/load-bench.mjs';

const setup = start(
  'bench/federation.mjs',
  {
    nodes: { type: 'string', default: '3' },
    quorum: { type: 'string', default: 'majority' },
    flush: { type: 'string' },
    'no-baseline': { type: 'boolean', default: false },
  },
  { count: '10000' },
);
const { values } = setup;
const server = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const workload = await sign(setup.workloadOptions);

async function run(n) {
  const database = { ...server, name: `bench_federation_${Date.now()}` };
  const config = {
    vote_quorum: values.quorum,
    ...(values.flush === undefined ? {} : { block: { flush_interval_ms: Number(values.flush) } }),
  };
  const fed = await Federation.start({ nodes: n, database, config });
  for (const node of fed.nodes) node.keepOutput = false;
  try {
    return await measure({
      label: n === 1 ? '1 node, PostgreSQL' : `${n} nodes, one PostgreSQL, ${values.quorum}`,
      // Every member answers from the same database; fates are read from the first.
      targets: fed.nodes.map((node) => `${node.url}/api/v1`),
      workload,
      pids: fed.nodes.map((node) => node.pid),
      ...setup.run,
    });
  } finally {
    await fed.stop('SIGTERM');
    fed.cleanup();
    await dropDatabase(database).catch(() => undefined);
  }
}

const results = [];
if (!values['no-baseline']) results.push(await run(1));
results.push(await run(Number(values.nodes)));
finish('federation', setup, results, {
  nodes: Number(values.nodes),
  quorum: values.quorum,
  ...(values.flush === undefined ? {} : { flushMs: Number(values.flush) }),
});
