// The seed's `Bigchain` class as a library (BigchainApi), driven on real nodes over real SQLite
// files: transactions built, signed, validated, written and read back through it; then blocks and
// votes made, checked, written and tallied through it. No mocks, no HTTP.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import { checkVoteSignature, createBlock, createVote, systemClock, unixTimestamp } from '../model/index.js';
import { openStore, type Store } from '../store/index.js';
import type { Bigchain } from './bigchain.js';
import { BigchainApi } from './library-api.js';
import { createTx, makeBigchain } from './test/node-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'bigchaindb-library-api-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** An initialized SQLite store on a file of its own in this test's folder. */
async function sqliteStore(name: string): Promise<Store> {
  const store = await openStore({ backend: 'sqlite', sqlitePath: join(dir, `${name}.sqlite`) });
  await store.init();
  return store;
}

/** Runs `body` with a node on a fresh store, then stops the node (if it ran) and closes the store. */
async function withNode(
  name: string,
  build: (store: Store) => Bigchain,
  body: (api: BigchainApi, node: Bigchain) => Promise<void>,
): Promise<void> {
  const store = await sqliteStore(name);
  const node = build(store);
  try {
    await body(new BigchainApi(node), node);
  } finally {
    await node.stop();
    await store.close();
  }
}

function accepted<T extends { ok: boolean }>(result: T): T & { ok: true } {
  assert.ok(result.ok, `refused: ${JSON.stringify(result)}`);
  return result as T & { ok: true };
}

function refusedWith(result: { ok: true } | { ok: false; error: { code: string } }, code: string): void {
  assert.equal(result.ok, false, `expected a ${code} refusal, but it was accepted`);
  if (!result.ok) assert.equal(result.error.code, code);
}

describe('BigchainApi: transactions on a running node', () => {
  const me = generateKeypair();
  const alice = generateKeypair();
  const bob = generateKeypair();
  const carol = generateKeypair();

  test('create, sign, validate, write and read back; transfer; spent and owned outputs; refusals', () =>
    withNode(
      'transactions',
      (store) => makeBigchain(store, me),
      async (api, node) => {
        await node.start();
        const draft = api.createTransaction(
          makeCreateTransaction(
            { nonce: generateKeypair().publicKey },
            { step: 'create' },
            [makeOwnerOutput(alice.publicKey, '10')],
            [alice.publicKey],
          ),
        );
        const created = api.signTransaction(draft, alice.privateKey);

        // Validation answers with data and writes nothing.
        assert.deepEqual(await api.validateTransaction(created), { ok: true, tx: created });
        assert.equal(await api.getStatus(created.id), undefined);
        refusedWith(
          await api.validateTransaction({ ...created, metadata: { step: 'edited' } }),
          'InvalidHash',
        );

        // Written in commit mode, it comes back decided, as it was signed.
        const written = accepted(await api.writeTransaction(created, 'commit'));
        assert.equal(written.status, 'valid');
        assert.deepEqual(await api.getTransaction(created.id), created);
        const status = await api.getStatus(created.id);
        assert.equal(status?.status, 'valid');
        assert.ok(status.blockId);
        assert.deepEqual(await api.getBlocksStatusContainingTx(created.id), { [status.blockId]: 'valid' });
        refusedWith(await api.validateTransaction(created), 'DuplicateTransaction');

        // Alice owns its one output, which nobody has spent yet.
        const link = { transaction_id: created.id, output_index: 0 };
        const owned = await api.getOwnedIds(alice.publicKey);
        assert.deepEqual(
          owned.map((o) => [o.link, o.amount]),
          [[link, '10']],
        );
        assert.equal(await api.getSpent(link), undefined);

        // The transfer to Bob spends it.
        const transfer = api.signTransaction(
          api.createTransaction(
            makeTransferTransaction(
              [{ tx: created, outputIndex: 0 }],
              [makeOwnerOutput(bob.publicKey, '10')],
              null,
            ),
          ),
          alice.privateKey,
        );
        assert.equal(accepted(await api.writeTransaction(transfer, 'commit')).status, 'valid');
        assert.deepEqual(await api.getSpent(link), transfer);
        assert.deepEqual(await api.getOwnedIds(alice.publicKey), []);
        assert.deepEqual(
          (await api.getOwnedIds(bob.publicKey)).map((o) => o.link),
          [{ transaction_id: transfer.id, output_index: 0 }],
        );

        // Spending the same output again is a double spend, for validation and for the write.
        const rival: SignedTransaction = api.signTransaction(
          makeTransferTransaction(
            [{ tx: created, outputIndex: 0 }],
            [makeOwnerOutput(carol.publicKey, '10')],
            null,
          ),
          alice.privateKey,
        );
        refusedWith(await api.validateTransaction(rival), 'DoubleSpend');
        refusedWith(await api.writeTransaction(rival, 'sync'), 'DoubleSpend');
        assert.equal(await api.getTransaction(rival.id), undefined);

        // The sole member has voted on every block it made, the transfer's last.
        const transferStatus = await api.getStatus(transfer.id);
        assert.equal((await api.getLastVotedBlock())?.block.id, transferStatus?.blockId);
        assert.deepEqual(await api.getUnvotedBlocks(), []);
      },
    ));
});

describe('BigchainApi: blocks and votes in a federation of two', () => {
  const me = generateKeypair();
  const other = generateKeypair();
  const alice = generateKeypair();
  const federation = [me.publicKey, other.publicKey].sort();
  const now = () => unixTimestamp(systemClock);

  // The node is not started: its pipelines would vote on the blocks written here, and the test
  // plays the block maker's, voter's and election's parts itself through the API.
  test('create, check and write a block; vote; the election counts members only, signatures checked', () =>
    withNode(
      'blocks',
      (store) => makeBigchain(store, me, { keyring: [other.publicKey] }),
      async (api) => {
        const tx = createTx(alice, { step: 'block' });
        const block = api.createBlock([accepted(await api.validateTransaction(tx)).tx]);
        assert.equal(block.block.node_pubkey, me.publicKey);
        assert.deepEqual(block.block.voters, federation);
        assert.deepEqual(block.block.transactions, [tx]);
        assert.deepEqual(api.validateBlock(block), { ok: true });

        // What the rules refuse, with their reason.
        assert.deepEqual(api.validateBlock({ ...block, block: { ...block.block, timestamp: '0' } }), {
          ok: false,
          reason: 'InvalidBlockHash',
        });
        const otherSigned = createBlock([tx], other, federation, now());
        assert.deepEqual(api.validateBlock({ ...block, signature: otherSigned.signature }), {
          ok: false,
          reason: 'InvalidBlockSignature',
        });
        assert.deepEqual(api.validateBlock(createBlock([tx], generateKeypair(), federation, now())), {
          ok: false,
          reason: 'NotInFederation',
        });
        assert.deepEqual(api.validateBlock(createBlock([tx], me, [me.publicKey], now())), {
          ok: false,
          reason: 'InvalidVoters',
        });

        // Written, the block holds the transaction undecided and waits for both members' votes.
        assert.equal((await api.writeBlock(block)).created, true);
        assert.equal((await api.writeBlock(block)).created, false);
        assert.deepEqual(await api.getBlocksStatusContainingTx(tx.id), { [block.id]: 'undecided' });
        assert.deepEqual(
          (await api.getUnvotedBlocks()).map((b) => b.block.id),
          [block.id],
        );
        assert.equal(await api.getLastVotedBlock(), null);
        assert.equal(await api.blockElectionStatus(block), 'undecided');

        // This node's vote: signed by it, its reason dropped when valid; written once.
        const mine = api.vote(block.id, block.id, true, 'ignored when valid');
        assert.equal(mine.node_pubkey, me.publicKey);
        assert.ok(checkVoteSignature(mine));
        assert.deepEqual(mine.vote, {
          voting_for_block: block.id,
          previous_block: block.id,
          is_block_valid: true,
          invalid_reason: null,
          timestamp: mine.vote.timestamp,
        });
        assert.equal(await api.writeVote(mine), true);
        assert.equal(await api.writeVote(mine), false);
        assert.equal((await api.getLastVotedBlock())?.block.id, block.id);
        assert.deepEqual(await api.getUnvotedBlocks(), []);
        // One of two members is not a majority.
        assert.equal(await api.blockElectionStatus(block), 'undecided');

        // A vote that claims to be the other member's but carries this node's signature is not counted.
        const forged = { ...createVote(other, mine.vote), signature: mine.signature };
        assert.equal(await api.writeVote(forged), true);
        assert.equal(await api.blockElectionStatus(block), 'undecided');

        // A second block, voted invalid by this node: with two members one invalid vote decides it.
        const second = api.createBlock([createTx(alice, { step: 'second' })]);
        await api.writeBlock(second);
        const against = api.vote(second.id, block.id, false, 'InvalidTransaction');
        assert.equal(against.vote.invalid_reason, 'InvalidTransaction');
        assert.equal(await api.writeVote(against), true);
        assert.equal(await api.blockElectionStatus(second), 'invalid');
      },
    ));

  test("a block listing only its maker can never reach the federation's quorum: invalid, whoever votes", () =>
    withNode(
      'self-listed',
      (store) => makeBigchain(store, me, { keyring: [other.publicKey] }),
      async (api) => {
        // The rules refuse such a block, but one can still be stored (by a faulty or hostile
        // maker); the election takes its quorum over the federation, not over the block's list, so
        // the maker's own vote cannot decide it valid (the node's election says the same).
        const selfListed = createBlock([createTx(alice, { step: 'self' })], me, [me.publicKey], now());
        await api.writeBlock(selfListed);
        assert.equal(await api.writeVote(api.vote(selfListed.id, selfListed.id, true)), true);
        assert.equal(await api.blockElectionStatus(selfListed), 'invalid');
        // The other member's valid vote does not count: the block does not list it.
        const theirs = createVote(other, {
          voting_for_block: selfListed.id,
          previous_block: selfListed.id,
          is_block_valid: true,
          invalid_reason: null,
          timestamp: now(),
        });
        assert.equal(await api.writeVote(theirs), true);
        assert.equal(await api.blockElectionStatus(selfListed), 'invalid');
      },
    ));
});
