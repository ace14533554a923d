// Acceptance: the official npm `bigchaindb-driver` 4.3.0, unchanged, against a real `bigchaindb
// start` process: its whole surface (create, commit/sync/async posts, get, transfer, outputs with
// the spent filter, asset and metadata search with limit, an asset's transactions with the
// operation filter, blocks by transaction and by height), a double spend refused with 400, and a
// 2-of-2 multi-owner transfer signed with our core (the official driver cannot sign one) posted
// through it. Every request goes through a recording proxy: none may get a 5xx.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  generateKeypair,
  makeAllOwnersOutput,
  makeCreateTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  signTransaction,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import { WebSocket } from 'ws';
import { NodeProcess, waitFor } from '@bigchaindb-ts/testing';
import { RecordingProxy } from './test/recording-proxy.js';

// The part of the driver this test uses. The package is CommonJS whose named exports Node's ESM
// loader cannot see, hence `require` (driver-calls.md, "ESM named imports fail").
interface Keys {
  publicKey: string;
  privateKey: string;
}
type Tx = SignedTransaction;
interface Link {
  transaction_id: string;
  output_index: number;
}
interface Connection {
  postTransactionCommit(tx: Tx): Promise<Tx>;
  postTransactionSync(tx: Tx): Promise<Tx>;
  postTransactionAsync(tx: Tx): Promise<Tx>;
  getTransaction(id: string): Promise<Tx>;
  listOutputs(publicKey: string, spent?: boolean): Promise<Link[]>;
  listTransactions(assetId: string, operation?: 'CREATE' | 'TRANSFER'): Promise<Tx[]>;
  searchAssets(search: string, limit?: number): Promise<{ id: string; data: Record<string, unknown> }[]>;
  searchMetadata(
    search: string,
    limit?: number,
  ): Promise<{ id: string; metadata: Record<string, unknown> }[]>;
  listBlocks(transactionId: string): Promise<number[]>;
  getBlock(height: number): Promise<{ height: number; transactions: Tx[] }>;
}
interface Driver {
  Connection: new (url: string) => Connection;
  Ed25519Keypair: new () => Keys;
  Transaction: {
    makeCreateTransaction(
      asset: unknown,
      metadata: unknown,
      outputs: unknown[],
      ...issuers: string[]
    ): unknown;
    makeTransferTransaction(
      unspent: { tx: Tx; output_index: number }[],
      outputs: unknown[],
      metadata: unknown,
    ): unknown;
    makeOutput(condition: unknown, amount?: string): unknown;
    makeEd25519Condition(publicKey: string): unknown;
    signTransaction(tx: unknown, ...privateKeys: string[]): Tx;
  };
}
const driver = createRequire(import.meta.url)('bigchaindb-driver') as Driver;
const { Transaction } = driver;

function driverCreate(
  owner: Keys,
  asset: Record<string, unknown>,
  metadata: Record<string, unknown> | null,
): Tx {
  const tx = Transaction.makeCreateTransaction(
    asset,
    metadata,
    [Transaction.makeOutput(Transaction.makeEd25519Condition(owner.publicKey))],
    owner.publicKey,
  );
  return Transaction.signTransaction(tx, owner.privateKey);
}

function driverTransfer(spent: Tx, from: Keys, to: Keys, metadata: Record<string, unknown> | null): Tx {
  const tx = Transaction.makeTransferTransaction(
    [{ tx: spent, output_index: 0 }],
    [Transaction.makeOutput(Transaction.makeEd25519Condition(to.publicKey))],
    metadata,
  );
  return Transaction.signTransaction(tx, from.privateKey);
}

describe('the official bigchaindb-driver 4.3.0 against a real node', () => {
  let node: NodeProcess;
  let proxy: RecordingProxy;
  let conn: Connection;
  const alice = new driver.Ed25519Keypair();
  const bob = new driver.Ed25519Keypair();
  const carol = new driver.Ed25519Keypair();
  let bicycle: Tx;
  let sold: Tx;

  before(async () => {
    node = await NodeProcess.start();
    proxy = await RecordingProxy.start(node.url);
    // The driver's default endpoint form: the API root with its trailing slash.
    conn = new driver.Connection(`${proxy.url}/api/v1/`);
  });
  after(async () => {
    await proxy?.close();
    await node?.stop('SIGTERM');
    node?.cleanup();
  });

  test('create with postTransactionCommit, then getTransaction', async () => {
    bicycle = driverCreate(
      alice,
      { kind: 'bicycle', maker: 'Acme', serial: 'ACME-0001' },
      { planet: 'earth', note: 'freshly minted' },
    );
    const posted = await conn.postTransactionCommit(bicycle);
    assert.equal(posted.id, bicycle.id);
    assert.deepEqual(await conn.getTransaction(bicycle.id), bicycle);
  });

  test('transfer, then outputs with the spent filter', async () => {
    sold = driverTransfer(bicycle, alice, bob, { step: 'sold to bob' });
    assert.equal((await conn.postTransactionCommit(sold)).id, sold.id);
    assert.deepEqual(await conn.getTransaction(sold.id), sold);
    const link = (tx: Tx): Link => ({ transaction_id: tx.id, output_index: 0 });
    assert.deepEqual(await conn.listOutputs(alice.publicKey), [link(bicycle)]);
    assert.deepEqual(await conn.listOutputs(alice.publicKey, true), [link(bicycle)]);
    assert.deepEqual(await conn.listOutputs(alice.publicKey, false), []);
    assert.deepEqual(await conn.listOutputs(bob.publicKey, false), [link(sold)]);
    assert.deepEqual(await conn.listOutputs(bob.publicKey, true), []);
  });

  test('searchAssets and searchMetadata, with and without limit', async () => {
    const other = driverCreate(carol, { kind: 'bicycle', maker: 'Other Co' }, { note: 'second bicycle' });
    await conn.postTransactionCommit(other);
    assert.deepEqual(await conn.searchAssets('ACME-0001'), [
      { id: bicycle.id, data: { kind: 'bicycle', maker: 'Acme', serial: 'ACME-0001' } },
    ]);
    assert.equal((await conn.searchAssets('bicycle')).length, 2);
    assert.equal((await conn.searchAssets('bicycle', 1)).length, 1);
    assert.deepEqual(await conn.searchMetadata('sold'), [{ id: sold.id, metadata: sold.metadata }]);
    assert.equal((await conn.searchMetadata('bicycle', 1)).length, 1);
    assert.deepEqual(await conn.searchAssets('no-such-thing'), []);
  });

  test("listTransactions: an asset's history in ledger order, with the operation filter", async () => {
    assert.deepEqual(await conn.listTransactions(bicycle.id), [bicycle, sold]);
    assert.deepEqual(await conn.listTransactions(bicycle.id, 'CREATE'), [bicycle]);
    assert.deepEqual(await conn.listTransactions(bicycle.id, 'TRANSFER'), [sold]);
  });

  test('listBlocks and getBlock', async () => {
    const [height, ...more] = await conn.listBlocks(sold.id);
    assert.equal(more.length, 0);
    assert.equal(typeof height, 'number');
    const block = await conn.getBlock(height!);
    assert.equal(block.height, height);
    assert.ok(block.transactions.some((t) => t.id === sold.id));
    assert.deepEqual(await conn.listBlocks('f'.repeat(64)), []);
  });

  test('postTransactionSync and postTransactionAsync answer with the transaction; it becomes readable', async () => {
    for (const post of [conn.postTransactionSync.bind(conn), conn.postTransactionAsync.bind(conn)]) {
      const tx = driverCreate(carol, { kind: 'note', n: Math.random() }, null);
      assert.equal((await post(tx)).id, tx.id);
      const got = await waitFor(`${tx.id} to be readable`, () =>
        conn.getTransaction(tx.id).catch(() => undefined),
      );
      assert.deepEqual(got, tx);
    }
  });

  test('a double spend is refused with 400, and the body says why', async () => {
    const again = driverTransfer(bicycle, alice, carol, null);
    await assert.rejects(conn.postTransactionCommit(again), (err: { status?: string }) => {
      assert.match(String(err.status), /^400 /);
      return true;
    });
    // The driver drops the body; it is there for clients that read it.
    const res = await fetch(`${proxy.url}/api/v1/transactions?mode=commit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(again),
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { code: string }).code, 'DoubleSpend');
  });

  test('a 2-of-2 output, spent with both signatures made by our core, posted through the official driver', async () => {
    const dave = generateKeypair();
    const erin = generateKeypair();
    const frank = generateKeypair();
    const joint = signTransaction(
      makeCreateTransaction(
        { kind: 'jointly owned' },
        null,
        [makeAllOwnersOutput([dave.publicKey, erin.publicKey])],
        [dave.publicKey],
      ),
      dave.privateKey,
    );
    assert.equal((await conn.postTransactionCommit(joint)).id, joint.id);
    const draft = makeTransferTransaction(
      [{ tx: joint, outputIndex: 0 }],
      [makeOwnerOutput(frank.publicKey)],
      null,
    );
    const spend = signTransaction(draft, dave.privateKey, erin.privateKey);
    assert.equal((await conn.postTransactionCommit(spend)).id, spend.id);
    assert.deepEqual(await conn.getTransaction(spend.id), spend);
    const link = { transaction_id: joint.id, output_index: 0 };
    assert.deepEqual(await conn.listOutputs(dave.publicKey, true), [link]);
    assert.deepEqual(await conn.listOutputs(erin.publicKey, true), [link]);
    assert.deepEqual(await conn.listOutputs(frank.publicKey, false), [
      { transaction_id: spend.id, output_index: 0 },
    ]);
  });

  test("the stream GET / advertises is on the node's port and replays the driver's transactions", async () => {
    const root = (await (await fetch(`${node.url}/`)).json()) as { api: { v1: { streams: string } } };
    assert.equal(root.api.v1.streams, `${node.url.replace(/^http/, 'ws')}/api/v1/streams/valid_transactions`);
    const ws = new WebSocket(`${root.api.v1.streams}?from_height=0&asset_id=${bicycle.id}`);
    const seen: string[] = [];
    ws.on('message', (data: Buffer) =>
      seen.push((JSON.parse(data.toString()) as { transaction_id: string }).transaction_id),
    );
    await waitFor("the bicycle's transactions", () => Promise.resolve(seen.length >= 2 ? true : undefined));
    assert.deepEqual(seen, [bicycle.id, sold.id]);
    ws.close();
  });

  test('no request the driver made got a 5xx', () => {
    assert.ok(proxy.answers.length > 20, `only ${proxy.answers.length} requests`);
    assert.deepEqual(
      proxy.answers.filter((a) => a.status >= 500),
      [],
    );
  });
});
