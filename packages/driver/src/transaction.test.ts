// The transaction helpers produce transactions the core's validation accepts, for every condition
// kind: single owner, several issuers, m-of-n signed in turns (as JSON between parties), weighted,
// hash-lock, timeout and escrow.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  generateKeypair,
  isValidationError,
  makeEscrowOutput,
  makeHashLockOutput,
  makeOwnerOutput,
  makeThresholdOutput,
  makeTimeoutOutput,
  makeWeightedOutput,
  MemoryLedger,
  validateTransaction,
  type Draft,
  type SignedTransaction,
  type TransferTransaction,
} from '@bigchaindb-ts/core';
import { transaction } from './transaction.js';

const nowMs = 1_700_000_000_000;

function accept(ledger: MemoryLedger, tx: SignedTransaction, at = nowMs): SignedTransaction {
  const ok = validateTransaction(JSON.parse(JSON.stringify(tx)), ledger, { ctx: { nowMs: at } });
  ledger.add(ok);
  return ok;
}

function rejection(ledger: MemoryLedger, tx: SignedTransaction, at = nowMs): string {
  try {
    validateTransaction(JSON.parse(JSON.stringify(tx)), ledger, { ctx: { nowMs: at } });
    return 'valid';
  } catch (err) {
    if (isValidationError(err)) return err.code;
    throw err;
  }
}

describe('transaction helpers', () => {
  const alice = generateKeypair();
  const bob = generateKeypair();
  const carol = generateKeypair();

  test('create then transfer the whole amount to a key', () => {
    const ledger = new MemoryLedger();
    const created = accept(ledger, transaction.create({ issuers: alice, asset: { n: 1 }, amount: 7 }));
    assert.deepEqual(created.outputs[0]?.public_keys, [alice.publicKey]);
    assert.equal(created.outputs[0]?.amount, '7');
    // A private key alone signs too.
    const moved = accept(
      ledger,
      transaction.transfer({
        spend: { tx: created, outputIndex: 0 },
        to: bob.publicKey,
        signers: alice.privateKey,
      }),
    );
    assert.equal(moved.outputs[0]?.amount, '7');
    assert.deepEqual(moved.outputs[0]?.public_keys, [bob.publicKey]);
  });

  test('several issuers all sign one CREATE and own its output jointly', () => {
    const ledger = new MemoryLedger();
    const created = accept(ledger, transaction.create({ issuers: [alice, bob], asset: null }));
    assert.deepEqual(created.inputs[0]?.owners_before, [alice.publicKey, bob.publicKey]);
    assert.deepEqual(created.outputs[0]?.public_keys, [alice.publicKey, bob.publicKey]);
    // Issuers far apart sign in turns.
    const draft = transaction.draftCreate({
      issuers: [alice.publicKey, bob.publicKey],
      asset: { turns: true },
    });
    const afterAlice = JSON.stringify(transaction.sign(draft, alice));
    assert.throws(() => transaction.finalize(JSON.parse(afterAlice) as typeof draft));
    accept(ledger, transaction.finalize(transaction.sign(JSON.parse(afterAlice) as typeof draft, bob)));
  });

  test('a 2-of-3 threshold output spent with signatures gathered in turns, as JSON between parties', () => {
    const ledger = new MemoryLedger();
    const created = accept(
      ledger,
      transaction.create({
        issuers: alice,
        outputs: [makeThresholdOutput(2, [alice.publicKey, bob.publicKey, carol.publicKey])],
      }),
    );
    const draft = transaction.draftTransfer({ spend: { tx: created, outputIndex: 0 }, to: carol.publicKey });
    const wire = JSON.stringify(transaction.sign(draft, bob));
    const signed = transaction.finalize(
      transaction.sign(JSON.parse(wire) as Draft<TransferTransaction>, carol),
    );
    accept(ledger, signed);
  });

  test('weighted owners: one heavy signer suffices where two light ones are needed', () => {
    const ledger = new MemoryLedger();
    const output = makeWeightedOutput(2, [
      { owner: alice.publicKey, weight: 2 },
      { owner: bob.publicKey, weight: 1 },
      { owner: carol.publicKey, weight: 1 },
    ]);
    const a = accept(ledger, transaction.create({ issuers: alice, asset: { w: 1 }, outputs: [output] }));
    const b = accept(ledger, transaction.create({ issuers: alice, asset: { w: 2 }, outputs: [output] }));
    accept(
      ledger,
      transaction.transfer({ spend: { tx: a, outputIndex: 0 }, to: alice.publicKey, signers: alice }),
    );
    assert.throws(() =>
      transaction.transfer({ spend: { tx: b, outputIndex: 0 }, to: bob.publicKey, signers: bob }),
    );
    accept(
      ledger,
      transaction.transfer({ spend: { tx: b, outputIndex: 0 }, to: bob.publicKey, signers: [bob, carol] }),
    );
  });

  test('hash-lock: the preimage redeems the voucher, no signature needed', () => {
    const ledger = new MemoryLedger();
    const voucher = accept(
      ledger,
      transaction.create({ issuers: alice, outputs: [makeHashLockOutput('open sesame')] }),
    );
    assert.throws(() =>
      transaction.redeemHashLock({
        spend: { tx: voucher, outputIndex: 0 },
        to: bob.publicKey,
        preimage: 'wrong',
      }),
    );
    accept(
      ledger,
      transaction.redeemHashLock({
        spend: { tx: voucher, outputIndex: 0 },
        to: bob.publicKey,
        preimage: 'open sesame',
      }),
    );
  });

  test('timeout: spendable without a signature until the expiry only', () => {
    const ledger = new MemoryLedger();
    const expiry = nowMs + 5000;
    const t = accept(ledger, transaction.create({ issuers: alice, outputs: [makeTimeoutOutput(expiry)] }));
    const claim = transaction.transfer({
      spend: { tx: t, outputIndex: 0 },
      to: [makeOwnerOutput(bob.publicKey)],
    });
    assert.equal(rejection(ledger, claim, expiry + 1), 'InvalidSignature');
    accept(ledger, claim, expiry);
  });

  test('escrow: execute key before the expiry, abort key after it; with both keys, the clock picks', () => {
    const ledger = new MemoryLedger();
    const expireTimeMs = nowMs + 10_000;
    const escrow = accept(
      ledger,
      transaction.create({
        issuers: alice,
        outputs: [
          makeEscrowOutput({
            executePublicKey: bob.publicKey,
            abortPublicKey: alice.publicKey,
            expireTimeMs,
          }),
        ],
      }),
    );
    const spend = { tx: escrow, outputIndex: 0 };
    const execute = transaction.transfer({ spend, to: bob.publicKey, signers: bob });
    const abort = transaction.transfer({ spend, to: alice.publicKey, signers: alice });
    assert.equal(rejection(ledger, execute, expireTimeMs), 'valid');
    assert.equal(rejection(ledger, execute, expireTimeMs + 1), 'InvalidSignature');
    assert.equal(rejection(ledger, abort, expireTimeMs), 'InvalidSignature');
    assert.equal(rejection(ledger, abort, expireTimeMs + 1), 'valid');
    const late = expireTimeMs + 1000;
    const both = transaction.transfer({ spend, to: alice.publicKey, signers: [alice, bob], nowMs: late });
    accept(ledger, both, late);
  });

  test('a keypair whose halves do not match is refused before signing', () => {
    assert.throws(
      () => transaction.create({ issuers: { publicKey: alice.publicKey, privateKey: bob.privateKey } }),
      TypeError,
    );
  });
});
