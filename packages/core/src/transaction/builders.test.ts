// Unit tests of the builders' edges: amounts, immutability, drafts of foreign templates, prefetch links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toAmountString } from './amount.js';
import { draftOf } from './draft.js';
import { inputLinks, spentTransactionIds } from './links.js';
import { makeCreateTransaction } from './make-create.js';
import { makeTransferTransaction } from './make-transfer.js';
import { makeHashLockOutput, makeOwnerOutput } from './outputs.js';
import { signTransaction } from './sign.js';
import { alice, bob } from './test-fixtures.js';

test('amounts: strings, safe integers and BigInts become decimal strings; mistakes throw', () => {
  assert.equal(toAmountString('007'), '7');
  assert.equal(toAmountString(42), '42');
  assert.equal(toAmountString(9_000_000_000_000_000_000n), '9000000000000000000');
  assert.throws(() => toAmountString(1.5), TypeError);
  assert.throws(() => toAmountString('1e3'), TypeError);
  assert.throws(() => toAmountString(0), RangeError);
  assert.throws(() => toAmountString(9_000_000_000_000_000_001n), RangeError);
});

test('built values share nothing with the caller’s objects', () => {
  const data = { name: 'x', when: new Date(0) };
  const output = makeOwnerOutput(alice.publicKey);
  const draft = makeCreateTransaction(data, null, [output], [alice.publicKey]);
  data.name = 'changed';
  (output as { amount: string }).amount = '2';
  assert.deepEqual(draft.tx.asset.data, { name: 'x', when: '1970-01-01T00:00:00.000Z' });
  assert.equal(draft.tx.outputs[0]?.amount, '1');
  const signed = signTransaction(draft, alice.privateKey);
  assert.equal(draft.tx.inputs[0]?.fulfillment, null);
  assert.equal(draft.tx.id, null);
  assert.notEqual(signed.inputs[0]?.fulfillment, null);
});

test('a hash-lock output has no keys', () => {
  assert.deepEqual(makeHashLockOutput('secret').public_keys, []);
});

test('draftOf refuses signed templates and TRANSFERs without their spent outputs', () => {
  const create = signTransaction(
    makeCreateTransaction(null, null, [makeOwnerOutput(alice.publicKey)], [alice.publicKey]),
    alice.privateKey,
  );
  assert.throws(() => draftOf(create), TypeError);
  const transfer = makeTransferTransaction(
    [{ tx: create, outputIndex: 0 }],
    [makeOwnerOutput(bob.publicKey)],
    null,
  );
  assert.throws(() => draftOf(transfer.tx), TypeError);
  assert.deepEqual(draftOf(transfer.tx, [create.outputs[0]!]), transfer);
  assert.throws(
    () => makeTransferTransaction([{ tx: create, outputIndex: 1 }], [makeOwnerOutput(bob.publicKey)], null),
    RangeError,
  );
});

test('inputLinks and spentTransactionIds list what a node must prefetch', () => {
  const create = signTransaction(
    makeCreateTransaction(
      null,
      null,
      [makeOwnerOutput(alice.publicKey), makeOwnerOutput(alice.publicKey)],
      [alice.publicKey],
    ),
    alice.privateKey,
  );
  assert.deepEqual(inputLinks(create), []);
  const transfer = makeTransferTransaction(
    [
      { tx: create, outputIndex: 1 },
      { tx: create, outputIndex: 0 },
    ],
    [makeOwnerOutput(bob.publicKey, 2)],
    null,
  ).tx;
  assert.deepEqual(inputLinks(transfer), [
    { transaction_id: create.id, output_index: 1 },
    { transaction_id: create.id, output_index: 0 },
  ]);
  assert.deepEqual(spentTransactionIds(transfer), [create.id]);
});
