#!/usr/bin/env node
// Committed transactions per second, accept→valid latency, correctness and memory of one real node
// (`bigchaindb start` in its own process) on SQLite and/or PostgreSQL, measured by the same
// measureLoad as `bigchaindb load`, with this machine's Ed25519 verify ceiling before each run.
// Usage: npm run build && node bench/node.mjs [--backends sqlite,postgresql] [--count N]
//        [--duration S] [--rate TX_PER_S] [--concurrency N] [--connections N]
//        [--kind create|transfer|mix] [--chain-length N] [--conflicts FRACTION] [--owners N]
//        [--threshold M] [--divisible] [--mode async|sync|commit] [--ceiling-seconds S]
//        [--idle-seconds S]
import { dropDatabase, NodeProcess } from '@bigchaindb-ts/testing';
import { finish, measure, sign, start } from './lib/load-bench.mjs';

const setup = start('bench/node.mjs', { backends: { type: 'string', default: 'sqlite,postgresql' } });
const workload = await sign(setup.workloadOptions);

const results = [];
for (const backend of setup.values.backends.split(',')) {
  const config =
    backend === 'postgresql'
      ? {
          database: {
            backend: 'postgresql',
            host: '127.0.0.1',
            port: 5432,
            name: `bench_${Date.now()}`,
            user: 'postgres',
          },
        }
      : { database: { backend: 'sqlite' } };
  const node = await NodeProcess.start({ config });
  node.keepOutput = false;
  try {
    results.push(
      await measure({
        label: backend === 'postgresql' ? '1 node, PostgreSQL' : '1 node, SQLite',
        targets: [`${node.url}/api/v1`],
        workload,
        pids: [node.pid],
        ...setup.run,
      }),
    );
  } finally {
    await node.stop('SIGTERM');
    // The whole database goes (`bigchaindb drop` empties it and leaves it behind).
    if (backend === 'postgresql')
      await dropDatabase({
        host: '127.0.0.1',
        port: 5432,
        user: 'postgres',
        name: config.database.name,
      }).catch(() => undefined);
    node.cleanup();
  }
}
finish('node', setup, results);
