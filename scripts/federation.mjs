#!/usr/bin/env node
// Runs an N-node BigchainDB federation on this machine: N `bigchaindb start` processes, each with
// its own keypair and a keyring of the others' public keys, all on one fresh PostgreSQL database,
// on consecutive ports. Prints each node's URL and public key, shows their logs with a prefix, and
// stops them all on Ctrl-C (then drops the database and the nodes' folders, unless --keep).
//
// Usage: npm run federation -- [--nodes 3] [--port 9984] [--quorum majority|two_thirds]
//          [--db-host 127.0.0.1] [--db-port 5432] [--db-user postgres] [--database NAME]
//          [--dir DIR] [--keep] [--quiet]
// docs/federation.md has the multi-machine recipe this imitates.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dropDatabase, Federation, postgresAnswers } from '@bigchaindb-ts/testing';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3' },
    port: { type: 'string', default: '9984' },
    quorum: { type: 'string', default: 'majority' },
    'db-host': { type: 'string', default: '127.0.0.1' },
    'db-port': { type: 'string', default: '5432' },
    'db-user': { type: 'string', default: 'postgres' },
    database: { type: 'string' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(
    'npm run federation -- [--nodes 3] [--port 9984] [--quorum majority|two_thirds] [--db-host H] ' +
      '[--db-port P] [--db-user U] [--database NAME] [--dir DIR] [--keep] [--quiet]',
  );
  process.exit(0);
}
const n = Number(values.nodes);
const firstPort = Number(values.port);
if (!Number.isInteger(n) || n < 1 || n > 64) fail(`--nodes must be an integer 1..64, got ${values.nodes}`);
if (!Number.isInteger(firstPort) || firstPort < 1 || firstPort + n - 1 > 65535)
  fail(`--port must leave room for ${n} consecutive ports, got ${values.port}`);
if (values.quorum !== 'majority' && values.quorum !== 'two_thirds')
  fail(`--quorum must be majority or two_thirds, got ${values.quorum}`);

const server = { host: values['db-host'], port: Number(values['db-port']), user: values['db-user'] };
if (!(await postgresAnswers(server)))
  fail(
    `PostgreSQL does not answer at ${server.host}:${server.port} as ${server.user}. Start it, or point ` +
      `--db-host/--db-port/--db-user at one (the nodes connect with trust or PGPASSWORD authentication).`,
  );
const database = { ...server, name: values.database ?? `federation_${Date.now()}` };
const dir = values.dir ? resolve(values.dir) : mkdtempSync(join(tmpdir(), 'bigchaindb-federation-'));
const homes = Array.from({ length: n }, (_, i) => join(dir, `node${i + 1}`));
for (const home of homes) mkdirSync(home, { recursive: true });
const ports = Array.from({ length: n }, (_, i) => firstPort + i);

console.log(
  `Starting ${n} node(s) on PostgreSQL database "${database.name}" at ${server.host}:${server.port}...`,
);
const federation = await Federation.create({
  nodes: n,
  database,
  ports,
  homes,
  config: { vote_quorum: values.quorum },
});
federation.nodes.forEach((node, i) => {
  node.keepOutput = false;
  if (values.quiet) return;
  const prefix = `[node${i + 1}] `;
  let partial = '';
  node.onOutput = (text) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
  };
});

let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the federation...');
  await federation.stop('SIGTERM');
  if (values.keep) {
    console.log(`Kept the database "${database.name}" and the nodes' folders under ${dir}.`);
    console.log(
      `Start them again with: npm run federation -- --nodes ${n} --port ${firstPort} --database ${database.name} --dir ${dir}`,
    );
  } else {
    await dropDatabase(database).catch((err) =>
      console.error(`could not drop ${database.name}: ${err.message}`),
    );
    rmSync(dir, { recursive: true, force: true });
    console.log(`Dropped the database "${database.name}" and removed ${dir}.`);
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  await Promise.all(federation.nodes.map((node) => node.launch()));
} catch (err) {
  console.error(`A node failed to start: ${err.message.split('\n')[0]}`);
  await stopAll(1);
}

console.log(`\nFederation of ${n} (vote_quorum ${values.quorum}), database "${database.name}":`);
federation.nodes.forEach((node, i) => {
  console.log(
    `  node${i + 1}  ${node.url}/api/v1  public key ${node.publicKey}  (config ${node.configPath})`,
  );
});
console.log('\nPost to any node, e.g.');
console.log(`  curl ${federation.nodes[0].url}/api/v1/health`);
console.log('Press Ctrl-C to stop every node.\n');

// A node that dies on its own is reported; the others keep running (that is the point).
federation.nodes.forEach((node, i) =>
  node.child?.on('exit', (code, signal) => {
    if (!stopping) console.log(`[node${i + 1}] exited (${signal ?? `code ${code}`}); the others keep going.`);
  }),
);

function fail(message) {
  console.error(`federation: ${message}`);
  process.exit(2);
}
