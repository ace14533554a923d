#!/usr/bin/env node
// Store throughput on both backends, against the built packages (run `npm run build` first).
//
//   node bench/store.mjs [--backends sqlite,postgresql] [--blocks 10] [--txs 1000] [--lookups 20]
//
// For each backend it measures, on a fresh SQLite file in a temporary folder and a fresh
// PostgreSQL database at 127.0.0.1:5432 (user postgres, dropped at the end):
//   writeBlock   blocks of --txs CREATEs, then blocks of --txs TRANSFERs (one spend claim each)
//   decideBlock  valid decisions of those blocks (statuses and query indexes)
//   getSpenders  batches of 1,000 output links, half spent, half not
//   getTransactions  batches of 1,000 ids
// and prints rows per second (transactions, or looked-up items). The transactions are
// structurally complete but not signed: the store neither hashes nor verifies, so signing them
// would only slow the setup.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openStore } from '@bigchaindb-ts/server';
import { helpIfAsked } from './lib/usage.mjs';

helpIfAsked(import.meta.url);

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'sqlite,postgresql' },
    blocks: { type: 'string', default: '10' },
    txs: { type: 'string', default: '1000' },
    lookups: { type: 'string', default: '20' },
  },
});
const backends = values.backends.split(',');
const blockCount = Number(values.blocks);
const txsPerBlock = Number(values.txs);
const lookupRounds = Number(values.lookups);
const lookupBatch = 1000;

console.log(`# node bench/store.mjs ${process.argv.slice(2).join(' ')}`.trimEnd());
console.log(
  `# node ${process.version}, ${blockCount} blocks of ${txsPerBlock} CREATEs + ${blockCount} of ${txsPerBlock} TRANSFERs per backend`,
);

const hex = () => randomBytes(32).toString('hex');
const owner = 'BenchOwner1111111111111111111111111111111111';
const nodeKey = 'BenchNode11111111111111111111111111111111111';

function output(publicKey) {
  return {
    amount: '1',
    condition: {
      details: { type: 'ed25519-sha-256', public_key: publicKey },
      uri: 'ni:///sha-256;' + randomBytes(32).toString('base64url') + '?fpt=ed25519-sha-256&cost=131072',
    },
    public_keys: [publicKey],
  };
}

function createTx(i) {
  return {
    id: hex(),
    version: '2.0',
    operation: 'CREATE',
    asset: { data: { serial: `bench-${i}`, description: 'a benchmark asset with a few searchable words' } },
    metadata: { batch: 'store benchmark', n: i },
    inputs: [{ owners_before: [owner], fulfills: null, fulfillment: randomBytes(96).toString('base64url') }],
    outputs: [output(owner)],
  };
}

function transferTx(spent) {
  return {
    id: hex(),
    version: '2.0',
    operation: 'TRANSFER',
    asset: { id: spent.id },
    metadata: null,
    inputs: [
      {
        owners_before: [owner],
        fulfills: { transaction_id: spent.id, output_index: 0 },
        fulfillment: randomBytes(96).toString('base64url'),
      },
    ],
    outputs: [output(owner)],
  };
}

let timestamp = 1_700_000_000;
function makeBlock(transactions) {
  timestamp += 1;
  return {
    id: hex(),
    block: { timestamp: String(timestamp), transactions, node_pubkey: nodeKey, voters: [nodeKey] },
    signature: randomBytes(64).toString('base64url'),
  };
}

function rate(count, ms) {
  return `${Math.round((count * 1000) / ms).toLocaleString('en-US')}/s`;
}

async function timed(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function run(backend) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
  const name = `bdbts_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const store = await openStore(
    backend === 'sqlite'
      ? { backend, sqlitePath: join(dir, 'bench.sqlite') }
      : { backend, host: '127.0.0.1', port: 5432, name },
  );
  try {
    await store.init();
    const creates = Array.from({ length: blockCount }, (_, b) =>
      makeBlock(Array.from({ length: txsPerBlock }, (_, i) => createTx(b * txsPerBlock + i))),
    );
    const transfers = creates.map((b) => makeBlock(b.block.transactions.map(transferTx)));
    const txTotal = blockCount * txsPerBlock;

    const writeCreates = await timed(async () => {
      for (const b of creates) await store.writeBlock(b);
    });
    const decideCreates = await timed(async () => {
      for (const b of creates) await store.decideBlock(b.id, true);
    });
    const writeTransfers = await timed(async () => {
      for (const b of transfers) await store.writeBlock(b);
    });
    const decideTransfers = await timed(async () => {
      for (const b of transfers) await store.decideBlock(b.id, true);
    });
    console.log(
      `${backend}: writeBlock CREATE     ${rate(txTotal, writeCreates)} tx (${(writeCreates / blockCount).toFixed(1)} ms/block)`,
    );
    console.log(
      `${backend}: decideBlock CREATE    ${rate(txTotal, decideCreates)} tx (${(decideCreates / blockCount).toFixed(1)} ms/block)`,
    );
    console.log(
      `${backend}: writeBlock TRANSFER   ${rate(txTotal, writeTransfers)} tx (${(writeTransfers / blockCount).toFixed(1)} ms/block)`,
    );
    console.log(
      `${backend}: decideBlock TRANSFER  ${rate(txTotal, decideTransfers)} tx (${(decideTransfers / blockCount).toFixed(1)} ms/block)`,
    );

    // Half the links are spent (CREATE outputs), half are not (TRANSFER outputs).
    const allCreates = creates.flatMap((b) => b.block.transactions);
    const allTransfers = transfers.flatMap((b) => b.block.transactions);
    const batches = Array.from({ length: lookupRounds }, (_, r) =>
      Array.from({ length: lookupBatch }, (_, i) => {
        const k = (r * lookupBatch + i) % allCreates.length;
        const tx = i % 2 === 0 ? allCreates[k] : allTransfers[k];
        return { transaction_id: tx.id, output_index: 0 };
      }),
    );
    let spent = 0;
    const spenders = await timed(async () => {
      for (const links of batches) spent += (await store.getSpenders(links)).filter((s) => s !== null).length;
    });
    if (spent !== (lookupRounds * lookupBatch) / 2)
      throw new Error(`expected half the outputs spent, got ${spent}`);
    console.log(
      `${backend}: getSpenders           ${rate(lookupRounds * lookupBatch, spenders)} links (batches of ${lookupBatch})`,
    );
    const ids = batches.map((links) => links.map((l) => l.transaction_id));
    const gets = await timed(async () => {
      for (const batch of ids) await store.getTransactions(batch);
    });
    console.log(
      `${backend}: getTransactions       ${rate(lookupRounds * lookupBatch, gets)} ids (batches of ${lookupBatch})`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    if (backend === 'postgresql') {
      const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }
}

for (const backend of backends) {
  try {
    await run(backend);
  } catch (err) {
    console.log(`${backend}: skipped (${err.code ?? ''} ${err.message})`);
  }
}
