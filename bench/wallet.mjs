#!/usr/bin/env node
// The wallet service's figures (issue 12), against the built packages (run `npm run build` first).
//
//   node bench/wallet.mjs [--backends sqlite,postgresql] [--sends 20000] [--deposits 40] [--watched 100000]
//
//   internal sends/s   `send_internal` between two accounts, each one serializable transaction
//                      (SQLite: one writer; PostgreSQL: 8 writers on distinct account pairs)
//   deposit latency    a real node in a child process and the helper service's jobs in-process:
//                      from the faucet's commit answer (its block is valid) to the deposit credited
//   watched addresses  booking one block of 1,000 coin transactions with 0, then --watched,
//                      receiving addresses in the wallet (SQLite): the cost must not grow
// Prints a table, then one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  applyBlock,
  buildWalletConfig,
  ConflictResolver,
  createLogger,
  initializeDatabase,
  openDatabase,
  startFollowing,
  WalletBook,
  WalletService,
} from '@bigchaindb-ts/wallet';
import {
  base58Encode,
  Connection,
  generateKeypair,
  makeOwnerOutput,
  transaction,
} from '@bigchaindb-ts/driver';
import { NodeProcess } from '@bigchaindb-ts/testing';
import { helpIfAsked } from './lib/usage.mjs';

helpIfAsked(import.meta.url);
const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'sqlite,postgresql' },
    sends: { type: 'string', default: '20000' },
    deposits: { type: 'string', default: '40' },
    watched: { type: 'string', default: '100000' },
  },
});
const backends = values.backends.split(',');
console.log(`# node bench/wallet.mjs ${process.argv.slice(2).join(' ')}`.trimEnd());
console.log(
  `# node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
);

const dir = mkdtempSync(join(tmpdir(), 'bench-wallet-'));
const coin = { name: 'tok', assetId: 'ab'.repeat(32), confirmationCount: 1, maxConfirmationCount: 15 };
const coins = new Map([['tok', coin]]);
const pgDatabases = [];
const admin = () => new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });

async function database(backend) {
  if (backend === 'sqlite')
    return openDatabase({ backend, path: join(dir, `bench-${Math.random()}.sqlite`) });
  const name = `bench_wallet_${process.pid}_${pgDatabases.length}`;
  const a = admin();
  await a.connect();
  await a.query(`CREATE DATABASE "${name}"`);
  await a.end();
  pgDatabases.push(name);
  return openDatabase({
    backend,
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    password: undefined,
    database: name,
  });
}

const results = {};
const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

// 1. Internal sends per second.
for (const backend of backends) {
  const db = await database(backend);
  await initializeDatabase(db);
  const book = new WalletBook(new ConflictResolver(db, 10), { now: Date.now, coins, eventHandlers: [] });
  const writers = backend === 'sqlite' ? 1 : 8;
  const pairs = await book.transaction(async (b) => {
    const w = await b.getOrCreateWalletByName('bench', 'tok');
    const out = [];
    for (let i = 0; i < writers; i++) {
      const x = await b.createAccount(w.id, `x${i}`);
      const y = await b.createAccount(w.id, `y${i}`);
      await b.createImportTransaction(x.id, 10n ** 12n);
      out.push([x.id, y.id]);
    }
    return out;
  });
  const total = backend === 'sqlite' ? Number(values.sends) : Math.min(Number(values.sends), 8_000);
  const started = performance.now();
  await Promise.all(
    pairs.map(async ([x, y]) => {
      for (let i = 0; i < total / writers; i++) await book.transaction((b) => b.sendInternal(x, y, 1n, null));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  results[`internal_sends_per_s_${backend}`] = Math.round(total / seconds);
  console.log(`# ${backend}: ${total} internal sends in ${seconds.toFixed(2)} s (${writers} writer(s))`);
  await db.close();
}

// 2. Deposit latency: from the block being valid to the deposit being credited.
{
  const node = await NodeProcess.start();
  try {
    const conn = new Connection(node.url);
    const faucet = generateKeypair();
    const create = transaction.create({
      issuers: faucet,
      asset: { coin: 'bench', n: Math.random() },
      amount: '1000000000',
    });
    await conn.postTransactionCommit(create);
    const config = buildWalletConfig(
      {
        database: { url: `sqlite:///${join(dir, 'latency.sqlite')}` },
        coins: { tok: { asset_id: create.id, backend: { urls: [node.url] } } },
        status_server: { enabled: false },
        api: { enabled: false },
        keystore: { passphrase: 'bench' },
      },
      dir,
      {},
    );
    const service = await WalletService.open(config, { log: createLogger({ level: 'error' }) });
    await service.start((name, err) => {
      console.error(`# ${name} died: ${err}`);
      process.exit(2);
    });
    const account = await service.book.transaction(async (b) =>
      b.createAccount((await b.getOrCreateWalletByName('w', 'tok')).id, 'a'),
    );
    let spend = { tx: create, outputIndex: 0 };
    const latencies = [];
    for (let i = 0; i < Number(values.deposits); i++) {
      const address = await service.book.transaction((b) => b.createReceivingAddress(account.id));
      const held = BigInt(spend.tx.outputs[spend.outputIndex].amount);
      const tx = transaction.transfer({
        spend,
        signers: faucet,
        to: [makeOwnerOutput(address.address, 10n), makeOwnerOutput(faucet.publicKey, held - 10n)],
      });
      await conn.postTransactionCommit(tx);
      const valid = performance.now();
      spend = { tx, outputIndex: 1 };
      for (;;) {
        const credited = await service.book.read((b) =>
          b.s.get(`SELECT credited_at FROM transactions WHERE address_id = ? AND credited_at IS NOT NULL`, [
            Number(address.id),
          ]),
        );
        if (credited !== undefined) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      latencies.push(performance.now() - valid);
    }
    await service.stop();
    console.log(`# deposit latencies (ms), in order: ${latencies.map((l) => Math.round(l)).join(' ')}`);
    results.deposit_credit_p50_ms = Math.round(pct(latencies, 50));
    results.deposit_credit_p99_ms = Math.round(pct(latencies, 99));
    console.log(
      `# ${latencies.length} deposits: valid-to-credited p50 ${results.deposit_credit_p50_ms} ms, p99 ${results.deposit_credit_p99_ms} ms`,
    );
  } finally {
    await node.stop('SIGKILL');
    node.cleanup();
  }
}

// 3. Booking a block does not grow with the number of watched addresses.
{
  const watched = Number(values.watched);
  const db = await database('sqlite');
  await initializeDatabase(db);
  const book = new WalletBook(new ConflictResolver(db), { now: Date.now, coins, eventHandlers: [] });
  const { wallet, account } = await book.transaction(async (b) => {
    const wallet = await b.getOrCreateWalletByName('watch', 'tok');
    return { wallet, account: await b.createAccount(wallet.id, 'a') };
  });
  await book.transaction((b) => startFollowing(b, 'tok', 0));
  const block = (height) => ({
    height,
    valid: true,
    transactions: Array.from({ length: 1000 }, () => {
      const owner = base58Encode(randomBytes(32));
      return {
        txid: randomBytes(32).toString('hex'),
        outputs: [{ index: 0, owner, amount: 5n }],
        receives: [{ address: owner, amount: 5n }],
        spends: [],
      };
    }),
  });
  const timeBlocks = async (from) => {
    const times = [];
    for (let h = from; h < from + 5; h++) {
      const b = block(h);
      const t = performance.now();
      await book.transaction((s) => applyBlock(s, 'tok', b));
      times.push(performance.now() - t);
    }
    return pct(times, 50);
  };
  const before = await timeBlocks(1);
  const started = performance.now();
  await book.transaction(async (b) => {
    for (let i = 0; i < watched; i++) {
      const key = base58Encode(randomBytes(32));
      await b.s.run(
        `INSERT INTO wallet_keys (public_key, wallet_id, purpose, sealed, created_at) VALUES (?, ?, 'receive', 'x', 0)`,
        [key, Number(wallet.id)],
      );
      await b.s.run(
        `INSERT INTO addresses (wallet_id, account_id, address, balance, created_at, updated_at) VALUES (?, ?, ?, 0, 0, 0)`,
        [Number(wallet.id), Number(account.id), key],
      );
    }
  });
  console.log(
    `# ${watched} watched addresses added in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const afterMs = await timeBlocks(6);
  results.block_1000_txs_ms_0_watched = Math.round(before);
  results[`block_1000_txs_ms_${watched}_watched`] = Math.round(afterMs);
  console.log(
    `# booking a block of 1,000 coin transactions: ${before.toFixed(1)} ms with 0 watched, ${afterMs.toFixed(1)} ms with ${watched}`,
  );
  await db.close();
}

console.log('\n| figure | value |\n|---|---|');
for (const [k, v] of Object.entries(results)) console.log(`| ${k} | ${v} |`);
console.log(JSON.stringify(results));
rmSync(dir, { recursive: true, force: true });
if (pgDatabases.length > 0) {
  const a = admin();
  await a.connect();
  for (const name of pgDatabases) await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await a.end();
}
