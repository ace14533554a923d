#!/usr/bin/env node
// Runs a local proof-of-work network in a ring, as the seed's docker-compose did: N
// `bigchaindb miner start` processes on consecutive ports, miner i given miner i+1 as its
// neighbour (the last the first), each with its files in DIR/minerN/. Prints each miner's URL,
// shows their logs with a prefix, and stops them all cleanly on Ctrl-C (the chains are saved).
//
// Usage: npm run network -- [--nodes 3] [--port 12345] [--difficulty 4] [--dir DIR]
//          [--block-interval-ms 1000] [--force-new-chain] [--quiet]
// docs/proof-of-work.md explains the mode.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3' },
    port: { type: 'string', default: '12345' },
    difficulty: { type: 'string', default: '4' },
    dir: { type: 'string', default: join(homedir(), '.bigchaindb-pow') },
    'block-interval-ms': { type: 'string', default: '1000' },
    'force-new-chain': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(
    'npm run network -- [--nodes 3] [--port 12345] [--difficulty 4] [--dir DIR] ' +
      '[--block-interval-ms 1000] [--force-new-chain] [--quiet]',
  );
  process.exit(0);
}
const n = Number(values.nodes);
const firstPort = Number(values.port);
if (!Number.isInteger(n) || n < 1 || n > 50) throw new Error('--nodes must be 1..50');
const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../packages/server/bin/bigchaindb.js');

const children = [];
for (let i = 0; i < n; i++) {
  const port = firstPort + i;
  const next = firstPort + ((i + 1) % n);
  const chainPath = join(resolve(values.dir), `miner${i + 1}`, 'blockchain.chain');
  mkdirSync(dirname(chainPath), { recursive: true });
  const args = ['miner', 'start', chainPath, '--port', String(port), '--difficulty', values.difficulty];
  args.push('--block-interval-ms', values['block-interval-ms']);
  if (n > 1) args.push('--neighbours', `127.0.0.1:${next}`);
  if (values['force-new-chain']) args.push('--force_new_chain');
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[miner${i + 1}] `;
  const show = (chunk) => {
    if (values.quiet) return;
    for (const line of chunk.toString().split('\n')) if (line) process.stdout.write(prefix + line + '\n');
  };
  child.stdout.on('data', show);
  child.stderr.on('data', show);
  child.on('exit', (code, signal) => console.log(`${prefix}exited (${signal ?? code})`));
  children.push(child);
  console.log(
    `miner${i + 1}: http://127.0.0.1:${port}  (API http://127.0.0.1:${port}/api/v1, files ${dirname(chainPath)})`,
  );
}
console.log(`\n${n} miner(s) in a ring, difficulty ${values.difficulty}. Try:`);
console.log(`  node packages/server/bin/bigchaindb.js add "hello" --port ${firstPort}`);
console.log(
  `  node packages/server/bin/bigchaindb.js get chain --port ${firstPort + n - 1}\nCtrl-C stops them.\n`,
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
