#!/usr/bin/env node
// Dump and restore rates, against the built packages (run `npm run build` first).
//
//   node bench/backup.mjs [--count 20000] [--per-block 1000] [--backends sqlite,postgresql]
//
// Builds a ledger of --count signed transactions (half CREATEs, half TRANSFERs of earlier
// outputs) in blocks of --per-block, written straight through the store as a federation of one
// writes them (block and deciding vote in one transaction), on a fresh SQLite file in a temporary
// folder or a fresh PostgreSQL database at 127.0.0.1:5432 (user postgres, dropped at the end).
// Then, for each backend, measures:
//   dump      dumpChain of the whole chain to a gzip file (what `bigchaindb dump` runs)
//   verify    verifyChain of that file (what `bigchaindb verify-dump` runs: every signature,
//             hash, vote and consensus rule, in ledger order)
//   restore   restoreChain of that file into an empty store of the same backend (verifies as it
//             writes, what `bigchaindb restore` runs)
// and prints transactions per second, the file's size per transaction, a table and a JSON line.
// `--count 1000000` gives the figure the issue asks for; signing the ledger takes a while.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  signTransaction,
} from '@bigchaindb-ts/core';
import { describeMachine, machineLine } from '@bigchaindb-ts/load';
import {
  dumpChain,
  openStore,
  ReplayClock,
  restoreChain,
  RulesChain,
  verifyChain,
} from '@bigchaindb-ts/server';
import { DecidedChainWriter } from './lib/decided-chain.mjs';
import { helpIfAsked } from './lib/usage.mjs';

helpIfAsked(import.meta.url);

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    'per-block': { type: 'string', default: '1000' },
    backends: { type: 'string', default: 'sqlite' },
  },
  strict: true,
});
const count = Number(values.count);
const perBlock = Number(values['per-block']);
const backends = values.backends.split(',');

console.log(`# command: node bench/backup.mjs ${process.argv.slice(2).join(' ')}`.trimEnd());
console.log(machineLine(describeMachine()));

const dir = mkdtempSync(join(tmpdir(), 'bigchaindb-bench-backup-'));
const databases = [];
const pgConnection = { host: '127.0.0.1', port: 5432, user: 'postgres' };

/** A store of the bench: `bulkLoad` as `bigchaindb restore` opens its target. */
async function open(backend, name, clock, bulkLoad = false) {
  const common = { ...(clock ? { clock } : {}), ...(bulkLoad ? { bulkLoad } : {}) };
  if (backend === 'sqlite') return openStore({ backend, sqlitePath: join(dir, `${name}.sqlite`), ...common });
  const existing = databases.find((d) => d.name === name);
  const database =
    existing?.database ?? `bdbts_bench_backup_${process.pid}_${name}_${randomBytes(3).toString('hex')}`;
  if (!existing) databases.push({ name, database });
  return openStore({ backend, ...pgConnection, name: database, ...common });
}

/** Signs the ledger once: each block half CREATEs, half TRANSFERs of the previous block's CREATEs. */
function signLedger() {
  const started = performance.now();
  const owners = [generateKeypair(), generateKeypair()];
  const blocks = [];
  let previousCreates = [];
  let made = 0;
  while (made < count) {
    const n = Math.min(perBlock, count - made);
    const txs = [];
    const creates = [];
    for (let i = 0; i < n; i++) {
      const spend = i % 2 === 1 ? previousCreates.pop() : undefined;
      if (spend) {
        txs.push(
          signTransaction(
            makeTransferTransaction(
              [{ tx: spend, outputIndex: 0 }],
              [makeOwnerOutput(owners[1].publicKey, '1')],
              null,
            ),
            owners[0].privateKey,
          ),
        );
      } else {
        const tx = signTransaction(
          makeCreateTransaction(
            { serial: made + i, nonce: randomBytes(8).toString('hex') },
            { bench: 'backup' },
            [makeOwnerOutput(owners[0].publicKey, '1')],
            [owners[0].publicKey],
          ),
          owners[0].privateKey,
        );
        txs.push(tx);
        creates.push(tx);
      }
    }
    previousCreates = creates;
    blocks.push(txs);
    made += n;
  }
  return { blocks, seconds: (performance.now() - started) / 1000 };
}

async function writeLedger(store, signed) {
  const maker = generateKeypair();
  await store.init();
  const chain = new DecidedChainWriter(store, maker, 1_760_000_000);
  for (const txs of signed.blocks) await chain.write(txs);
  return maker;
}

const rate = (n, s) => Math.round(n / s);
const timed = async (fn) => {
  const t = performance.now();
  const result = await fn();
  return { result, seconds: (performance.now() - t) / 1000 };
};

let signed = signLedger();
console.log(
  `# signed ${count} transactions in ${signed.blocks.length} blocks in ${signed.seconds.toFixed(1)} s`,
);
const rules = new RulesChain();
const results = [];
try {
  // Every source is built before anything is measured, and the signed ledger is let go: a
  // million signed transactions held in this process made every collection of its heap slower
  // and halved the verify and restore rates against a process that holds nothing else (as
  // `bigchaindb restore` does).
  const built = [];
  for (const backend of backends) {
    const source = await open(backend, 'source');
    const build = await timed(() => writeLedger(source, signed));
    await source.close();
    built.push({ backend, maker: build.result, buildSeconds: build.seconds });
    console.log(`# ${backend}: built in ${build.seconds.toFixed(2)} s`);
  }
  signed = null;
  for (const { backend, maker, buildSeconds } of built) {
    const source = await open(backend, 'source');
    const file = join(dir, `${backend}.jsonl.gz`);
    const dump = await timed(() =>
      dumpChain(source, {
        file,
        federation: [maker.publicKey],
        voteQuorum: 'majority',
        afterHeight: null,
        previousDigest: null,
      }),
    );
    await source.close();
    const bytes = statSync(file).size;
    const verify = await timed(() => verifyChain([file], rules));
    const clock = new ReplayClock();
    const target = await open(backend, 'target', clock, true);
    const restore = await timed(() => restoreChain(target, [file], rules, { clock }));
    await target.close();
    const row = {
      backend,
      transactions: dump.result.transactions,
      blocks: dump.result.blocks,
      buildSeconds: Number(buildSeconds.toFixed(2)),
      dumpSeconds: Number(dump.seconds.toFixed(2)),
      dumpTxPerSecond: rate(dump.result.transactions, dump.seconds),
      verifySeconds: Number(verify.seconds.toFixed(2)),
      verifyTxPerSecond: rate(verify.result.transactions, verify.seconds),
      restoreSeconds: Number(restore.seconds.toFixed(2)),
      restoreTxPerSecond: rate(restore.result.transactions, restore.seconds),
      fileBytes: bytes,
      bytesPerTx: Math.round(bytes / dump.result.transactions),
    };
    results.push(row);
    console.log(
      `# ${backend}: built in ${row.buildSeconds} s; dump ${row.dumpSeconds} s, verify ${row.verifySeconds} s, restore ${row.restoreSeconds} s`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (databases.length > 0) {
    const admin = new pg.Client({ ...pgConnection, database: 'postgres' });
    await admin.connect();
    for (const { database } of databases)
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}

const int = (n) => Math.round(n).toLocaleString('en-US');
console.log('');
console.log('| backend | transactions | dump tx/s | verify tx/s | restore tx/s (verified) | file bytes/tx |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of results)
  console.log(
    `| ${r.backend} | ${int(r.transactions)} | ${int(r.dumpTxPerSecond)} | ${int(r.verifyTxPerSecond)} | ${int(r.restoreTxPerSecond)} | ${r.bytesPerTx} |`,
  );
console.log(JSON.stringify({ bench: 'backup', count, perBlock, results }));
