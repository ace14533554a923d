// The driver against a real `bigchaindb start` process: the seed's temp_client example (create,
// then transfer, both valid), the three post modes, status and polling, a double spend refused
// with the server's code, a 2-of-2 output spent with signatures gathered in turns, a hash-lock and
// an escrow, and every query endpoint.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  generateKeypair,
  makeAllOwnersOutput,
  makeEscrowOutput,
  makeHashLockOutput,
  type Draft,
  type SignedCreateTransaction,
  type SignedTransferTransaction,
  type TransferTransaction,
} from '@bigchaindb-ts/core';
import { Connection } from './connection.js';
import { HttpError } from './errors.js';
import { pages } from './page.js';
import { tempClient } from './temp-client.js';
import { transaction } from './transaction.js';
import { NodeSet, type RunningNode } from './test/node-processes.js';

const nodes = new NodeSet();
let node: RunningNode;
let conn: Connection;

before(async () => {
  node = await nodes.start();
  conn = new Connection(node.url);
});
after(() => nodes.stopAll());

async function valid(id: string) {
  const result = await conn.pollStatusAndFetch(id, { timeoutMs: 30_000 });
  assert.equal(result.status, 'valid', JSON.stringify(result));
  return result;
}

describe('driver against a real node', () => {
  test("the seed's temp_client: c1.create(), then c1.transfer(c2.public_key, {txid, cid}); both valid", async () => {
    const c1 = tempClient(node.url);
    const c2 = tempClient(node.url);
    assert.notEqual(c1.publicKey, c2.publicKey);
    const tx1 = await c1.create();
    assert.equal(tx1.operation, 'CREATE');
    assert.deepEqual(tx1.outputs[0]?.public_keys, [c1.publicKey]);
    const tx2 = await c1.transfer(c2.publicKey, { txid: tx1.id, cid: 0 });
    assert.deepEqual(tx2.inputs[0]?.fulfills, { transaction_id: tx1.id, output_index: 0 });
    assert.deepEqual(tx2.outputs[0]?.public_keys, [c2.publicKey]);
    for (const tx of [tx1, tx2]) {
      assert.equal((await conn.getStatus(tx.id)).status, 'valid');
      assert.deepEqual(await conn.getTransaction(tx.id), tx);
    }
    // And on: c2 owns it now and can pass it back; c1 can no longer spend it.
    const tx3 = await c2.transfer(c1.publicKey, { txid: tx2.id, cid: 0 });
    assert.equal((await conn.getStatus(tx3.id)).status, 'valid');
    await assert.rejects(c1.transfer(c2.publicKey, { txid: tx2.id, cid: 0 }), TypeError);
  });

  test('post modes async, sync and commit echo the transaction; pollStatusAndFetch returns it valid', async () => {
    const alice = generateKeypair();
    for (const mode of ['async', 'sync', 'commit'] as const) {
      const tx = transaction.create({ issuers: alice, asset: { mode } });
      assert.deepEqual(await conn.postTransaction(tx, mode), tx);
      const result = await valid(tx.id);
      assert.deepEqual(result.status === 'valid' && result.transaction, tx);
      assert.equal(typeof result.record.block_id, 'string');
    }
    const tx = transaction.create({ issuers: alice, asset: { mode: 'default' } });
    // The commit answer comes after the decision, and says so.
    assert.deepEqual(await conn.submitTransaction(tx), { transaction: tx, status: 'valid' });
    assert.equal((await conn.getStatus(tx.id)).status, 'valid');
    // Posting it again once it is valid is refused as BigchainDB 2.x refuses it (a retry of a
    // post whose answer was lost asks for the status first, so it never gets here).
    const again = await conn.postTransactionAsync(tx).catch((e: unknown) => e);
    assert.ok(again instanceof HttpError);
    assert.equal(again.status, 400);
    assert.equal(again.code, 'DuplicateTransaction');
  });

  test('unknown ids: HttpError 404 from getTransaction and getStatus', async () => {
    for (const call of [() => conn.getTransaction('0'.repeat(64)), () => conn.getStatus('0'.repeat(64))]) {
      const err = await call().catch((e: unknown) => e);
      assert.ok(err instanceof HttpError);
      assert.equal(err.status, 404);
    }
  });

  test("a double spend is an HttpError 400 with the server's code DoubleSpend", async () => {
    const alice = generateKeypair();
    const created = transaction.create({ issuers: alice, asset: { ds: true } });
    await conn.postTransactionCommit(created);
    const spend = { tx: created, outputIndex: 0 };
    const first = transaction.transfer({ spend, to: generateKeypair().publicKey, signers: alice });
    const second = transaction.transfer({ spend, to: generateKeypair().publicKey, signers: alice });
    await conn.postTransactionCommit(first);
    await valid(first.id);
    const err = await conn.postTransactionCommit(second).catch((e: unknown) => e);
    assert.ok(err instanceof HttpError, String(err));
    assert.equal(err.status, 400);
    assert.equal(err.code, 'DoubleSpend');
    assert.match(err.message, /DoubleSpend/);
  });

  test('a 2-of-2 output is spent with signatures gathered in turns (what the official driver cannot do)', async () => {
    const alice = generateKeypair();
    const bob = generateKeypair();
    const carol = generateKeypair();
    const shared = transaction.create({
      issuers: alice,
      asset: { shared: true },
      outputs: [makeAllOwnersOutput([alice.publicKey, bob.publicKey], 10)],
    });
    await conn.postTransactionCommit(shared);
    await valid(shared.id);
    // Alice signs and sends the draft to Bob as JSON; Bob signs, finalizes and posts.
    const draft = transaction.draftTransfer({ spend: { tx: shared, outputIndex: 0 }, to: carol.publicKey });
    const toBob = JSON.stringify(transaction.sign(draft, alice));
    assert.throws(() => transaction.finalize(JSON.parse(toBob) as Draft<TransferTransaction>));
    const signed = transaction.finalize(
      transaction.sign(JSON.parse(toBob) as Draft<TransferTransaction>, bob),
    );
    await conn.postTransactionCommit(signed);
    const result = await valid(signed.id);
    assert.deepEqual(result.status === 'valid' && result.transaction.outputs[0]?.public_keys, [
      carol.publicKey,
    ]);
    assert.equal(result.status === 'valid' && result.transaction.outputs[0]?.amount, '10');
  });

  test('a hash-locked voucher is redeemed with its secret; an escrow is executed before its expiry', async () => {
    const alice = generateKeypair();
    const bob = generateKeypair();
    const voucher = transaction.create({
      issuers: alice,
      asset: { voucher: 1 },
      outputs: [makeHashLockOutput('s3cret')],
    });
    await conn.postTransactionCommit(voucher);
    const redeemed = transaction.redeemHashLock({
      spend: { tx: voucher, outputIndex: 0 },
      to: bob.publicKey,
      preimage: 's3cret',
    });
    await conn.postTransactionCommit(redeemed);
    await valid(redeemed.id);

    const escrow = transaction.create({
      issuers: alice,
      asset: { escrow: 1 },
      outputs: [
        makeEscrowOutput({
          executePublicKey: bob.publicKey,
          abortPublicKey: alice.publicKey,
          expireTimeMs: Date.now() + 600_000,
        }),
      ],
    });
    await conn.postTransactionCommit(escrow);
    const spend = { tx: escrow, outputIndex: 0 };
    // Aborting before the expiry is refused; executing is accepted.
    const abort = transaction.transfer({ spend, to: alice.publicKey, signers: alice });
    const refused = await conn.postTransactionCommit(abort).catch((e: unknown) => e);
    assert.ok(refused instanceof HttpError);
    assert.equal(refused.code, 'InvalidSignature');
    const execute = transaction.transfer({ spend, to: bob.publicKey, signers: bob });
    await conn.postTransactionCommit(execute);
    await valid(execute.id);
  });
});

// The query endpoints, BigchainDB's and ours (pages, field filters, transactions by key).
describe('query endpoints against a real node', () => {
  const alice = generateKeypair();
  let created: SignedCreateTransaction;
  let moved: SignedTransferTransaction;

  before(async () => {
    created = transaction.create({
      issuers: alice,
      asset: { kind: 'driver-query-probe', colour: 'teal' },
      metadata: { note: 'driver probe' },
    });
    await conn.postTransactionCommit(created);
    moved = transaction.transfer({
      spend: { tx: created, outputIndex: 0 },
      to: alice.publicKey,
      signers: alice,
      metadata: { note: 'moved' },
    });
    await conn.postTransactionCommit(moved);
    await valid(moved.id);
  });

  test('listTransactions by asset, with operation filter and last_tx; paged newest first', async () => {
    assert.deepEqual(
      (await conn.listTransactions(created.id)).map((tx) => tx.id),
      [created.id, moved.id],
    );
    assert.deepEqual(
      (await conn.listTransactions(created.id, 'TRANSFER')).map((tx) => tx.id),
      [moved.id],
    );
    assert.deepEqual(
      (await conn.listTransactions(created.id, undefined, { lastTx: true })).map((tx) => tx.id),
      [moved.id],
    );
    const first = await conn.listTransactionsPage(created.id, { order: 'desc', limit: 1 });
    assert.deepEqual(
      first.items.map((tx) => tx.id),
      [moved.id],
    );
    assert.notEqual(first.next, null);
    const ids = [];
    for await (const tx of pages((cursor) => conn.listTransactionsPage(created.id, { limit: 1, cursor })))
      ids.push(tx.id);
    assert.deepEqual(ids, [created.id, moved.id]);
  });

  test('listOutputs with the spent filter, and in pages; transactions by key', async () => {
    assert.deepEqual(await conn.listOutputs(alice.publicKey, true), [
      { transaction_id: created.id, output_index: 0 },
    ]);
    assert.deepEqual(await conn.listOutputs(alice.publicKey, false), [
      { transaction_id: moved.id, output_index: 0 },
    ]);
    const all = await conn.listOutputs(alice.publicKey);
    const paged = [];
    for await (const link of pages((cursor) => conn.listOutputsPage(alice.publicKey, { limit: 1, cursor })))
      paged.push(link);
    assert.deepEqual(paged, all);
    assert.equal(all.length, 2);
    const byKey = await conn.listTransactionsByKey(alice.publicKey);
    assert.deepEqual(byKey.items.map((tx) => tx.id).sort(), [created.id, moved.id].sort());
  });

  test('searchAssets and searchMetadata (full text); findAssets and findMetadata (field filters)', async () => {
    assert.deepEqual(
      (await conn.searchAssets('driver-query-probe', 5)).map((a) => a.id),
      [created.id],
    );
    assert.ok((await conn.searchMetadata('moved', 5)).some((m) => m.id === moved.id));
    const found = await conn.findAssets({
      kind: 'driver-query-probe',
      $or: [{ colour: 'red' }, { colour: 'teal' }],
    });
    assert.deepEqual(found.items, [{ id: created.id, data: created.asset.data }]);
    assert.deepEqual((await conn.findAssets({ kind: 'driver-query-probe', colour: 'red' })).items, []);
    assert.deepEqual(
      (await conn.findMetadata({ note: 'moved' })).items.map((m) => m.id),
      [moved.id],
    );
  });

  test('listBlocks, getBlock (with the 1.x fields) and listVotes', async () => {
    const heights = await conn.listBlocks(moved.id);
    assert.equal(heights.length, 1);
    const block = await conn.getBlock(heights[0]!);
    assert.equal(block.height, heights[0]);
    assert.ok(block.transactions.some((tx) => tx.id === moved.id));
    assert.equal(typeof block.id, 'string');
    const votes = await conn.listVotes(block.id!);
    assert.ok(votes.length >= 1);
    assert.ok(votes.every((v) => v.vote.voting_for_block === block.id));
    const missing = await conn.getBlock(1e12).catch((e: unknown) => e);
    assert.ok(missing instanceof HttpError && missing.status === 404);
  });

  test('getValidators, health and the API index', async () => {
    const validators = await conn.getValidators();
    assert.equal(validators.length, 1);
    assert.equal(validators[0]!.voting_power, 1);
    const health = await conn.health();
    assert.equal(health.status, 'ok');
    assert.equal(typeof health.streams?.height, 'number');
    const index = await conn.apiIndex();
    assert.equal(typeof index.transactions, 'string');
  });

  test('a bad parameter is an HttpError 400 with the reason', async () => {
    const err = await conn.listOutputs('not-a-key').catch((e: unknown) => e);
    assert.ok(err instanceof HttpError);
    assert.equal(err.status, 400);
    assert.match(err.message, /public_key/);
  });
});
