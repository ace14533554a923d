// The "Python Server API by Example" of the BigchainDB 0.6 documentation (seed 000, §1.7.1),
// translated example by example to our API with real keys, an in-memory ledger and an injected clock.
// Where 0.6 and the 2.0 wire format differ, the test says how the example maps onto 2.0.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { isValidationError, type ValidationErrorCode } from '../errors/index.js';
import { signingMessage, transactionId } from './canonical-form.js';
import type { Draft } from './draft.js';
import { makeCreateTransaction } from './make-create.js';
import { makeTransferTransaction } from './make-transfer.js';
import { MemoryLedger } from './memory-ledger.js';
import {
  makeAllOwnersOutput,
  makeEscrowOutput,
  makeHashLockOutput,
  makeOwnerOutput,
  makeThresholdOutput,
  makeTimeoutOutput,
} from './outputs.js';
import { finalizeTransaction, fulfillHashLock, partiallySign, signTransaction } from './sign.js';
import { nowMs, persona } from './test-fixtures.js';
import type { SignedTransaction, Transaction } from './types.js';
import { checkTransaction, validateTransaction } from './validate.js';

const cc = createRequire(import.meta.url)('crypto-conditions');

// The federation node ("b.me") and the example's test users.
const node = persona(1);
const testuser1 = persona(2);
const testuser2 = persona(3);
const testuser3 = persona(4);
const thresholduser1 = persona(5);
const thresholduser2 = persona(6);
const thresholduser3 = persona(7);
const thresholduser4 = persona(8);
const hashlockuser = persona(9);

function accept(ledger: MemoryLedger, tx: SignedTransaction, at = nowMs): SignedTransaction {
  ledger.add(validateTransaction(JSON.parse(JSON.stringify(tx)), ledger, { ctx: { nowMs: at } }));
  return tx;
}

function rejection(ledger: MemoryLedger, tx: unknown, at = nowMs): ValidationErrorCode | 'valid' {
  const result = checkTransaction(JSON.parse(JSON.stringify(tx)), ledger, { ctx: { nowMs: at } });
  return result.ok ? 'valid' : result.error.code;
}

/** A digital asset created by the node for `owner` (the example's "CREATE ... b.me → testuser1"). */
function createFor(ledger: MemoryLedger, owner: string, data: Record<string, unknown> | null = null) {
  return accept(
    ledger,
    signTransaction(
      makeCreateTransaction(data, null, [makeOwnerOutput(owner)], [node.publicKey]),
      node.privateKey,
    ),
  );
}

describe('Python Server API by Example (seed 000)', () => {
  test('create a digital asset and read it back', () => {
    const ledger = new MemoryLedger();
    const tx = createFor(ledger, testuser1.publicKey, { msg: 'Hello BigchainDB!' });
    const retrieved = ledger.getTransaction(tx.id);
    assert.deepEqual(retrieved, tx);
    assert.deepEqual(retrieved?.outputs[0]?.public_keys, [testuser1.publicKey]);
    assert.deepEqual(retrieved?.inputs[0]?.owners_before, [node.publicKey]);
  });

  test('transfer the digital asset, then a double spend is refused', () => {
    const ledger = new MemoryLedger();
    const create = createFor(ledger, testuser1.publicKey, { msg: 'Hello BigchainDB!' });
    const transfer = accept(
      ledger,
      signTransaction(
        makeTransferTransaction(
          [{ tx: create, outputIndex: 0 }],
          [makeOwnerOutput(testuser2.publicKey)],
          null,
        ),
        testuser1.privateKey,
      ),
    );
    assert.equal(ledger.getSpender(create.id, 0), transfer.id);
    // Another transaction with the same input (different metadata, so a different id).
    const again = signTransaction(
      makeTransferTransaction([{ tx: create, outputIndex: 0 }], [makeOwnerOutput(testuser2.publicKey)], {
        n: 2,
      }),
      testuser1.privateKey,
    );
    assert.equal(rejection(ledger, again), 'DoubleSpend');
    // Posting the accepted transfer again is a duplicate.
    assert.equal(rejection(ledger, transfer), 'DuplicateTransaction');
  });

  test('multiple owners: the asset moves only when each of them signs', () => {
    const ledger = new MemoryLedger();
    const multisig = accept(
      ledger,
      signTransaction(
        makeCreateTransaction(
          null,
          null,
          [makeAllOwnersOutput([testuser1.publicKey, testuser2.publicKey])],
          [node.publicKey],
        ),
        node.privateKey,
      ),
    );
    const draft = makeTransferTransaction(
      [{ tx: multisig, outputIndex: 0 }],
      [makeOwnerOutput(testuser3.publicKey)],
      null,
    );
    assert.deepEqual(draft.tx.inputs[0]?.owners_before, [testuser1.publicKey, testuser2.publicKey]);
    assert.throws(
      () => signTransaction(draft, testuser1.privateKey),
      (err) => isValidationError(err) && err.code === 'InvalidSignature',
    );
    accept(ledger, signTransaction(draft, testuser1.privateKey, testuser2.privateKey));
  });

  test('multiple inputs and outputs: three units sent in one transfer', () => {
    // In 0.6 the three inputs were three separate assets; 2.0 forbids mixing assets in one transfer,
    // so the three units are three outputs of one CREATE.
    const ledger = new MemoryLedger();
    const create = accept(
      ledger,
      signTransaction(
        makeCreateTransaction(
          null,
          null,
          [0, 1, 2].map(() => makeOwnerOutput(testuser1.publicKey)),
          [node.publicKey],
        ),
        node.privateKey,
      ),
    );
    const mimo = accept(
      ledger,
      signTransaction(
        makeTransferTransaction(
          [0, 1, 2].map((outputIndex) => ({ tx: create, outputIndex })),
          [0, 1, 2].map(() => makeOwnerOutput(testuser2.publicKey)),
          null,
        ),
        testuser1.privateKey,
      ),
    );
    assert.equal(mimo.inputs.length, 3);
    assert.equal(mimo.outputs.length, 3);
    // Three separate assets in one transfer are refused.
    const assets = [0, 1, 2].map((i) => createFor(ledger, testuser2.publicKey, { i }));
    const mixedDraft: Draft<Transaction> = {
      tx: {
        ...makeTransferTransaction(
          [{ tx: assets[0]!, outputIndex: 0 }],
          [makeOwnerOutput(testuser3.publicKey, 3)],
          null,
        ).tx,
        inputs: assets.map((a) => ({
          owners_before: [testuser2.publicKey],
          fulfills: { transaction_id: a.id, output_index: 0 },
          fulfillment: null,
        })),
      },
      inputs: assets.map((a) => a.outputs[0]!.condition.details),
    };
    assert.equal(rejection(ledger, signTransaction(mixedDraft, testuser2.privateKey)), 'AssetIdMismatch');
  });

  test('threshold condition: 2 of 3 threshold users must sign, in turns', () => {
    const ledger = new MemoryLedger();
    const asset = createFor(ledger, testuser2.publicKey);
    const thresholdTx = accept(
      ledger,
      signTransaction(
        makeTransferTransaction(
          [{ tx: asset, outputIndex: 0 }],
          [
            makeThresholdOutput(2, [
              thresholduser1.publicKey,
              thresholduser2.publicKey,
              thresholduser3.publicKey,
            ]),
          ],
          null,
        ),
        testuser2.privateKey,
      ),
    );
    const draft = makeTransferTransaction(
      [{ tx: thresholdTx, outputIndex: 0 }],
      [makeOwnerOutput(thresholduser4.publicKey)],
      null,
    );
    // thresholduser1 signs and sends the draft on as JSON text; thresholduser2 adds a signature.
    const afterOne = JSON.stringify(partiallySign(draft, [thresholduser1.privateKey]));
    assert.throws(
      () => finalizeTransaction(JSON.parse(afterOne)),
      (err) => isValidationError(err) && err.code === 'InvalidSignature',
    );
    const afterTwo = partiallySign(JSON.parse(afterOne) as Draft, [thresholduser2.privateKey]);
    const signed = finalizeTransaction(afterTwo);
    // The same as one party holding both keys.
    assert.deepEqual(signed, signTransaction(draft, thresholduser1.privateKey, thresholduser2.privateKey));
    // crypto-conditions agrees the fulfillment meets the 2-of-3 condition.
    assert.equal(
      cc.validateFulfillment(
        signed.inputs[0]!.fulfillment,
        thresholdTx.outputs[0]!.condition.uri,
        Buffer.from(signingMessage(signed, 0)),
      ),
      true,
    );
    accept(ledger, signed);
  });

  test('hash-locked condition: a wrong secret is refused, the right one redeems the voucher', () => {
    const ledger = new MemoryLedger();
    const secret = 'much secret! wow!';
    const hashlockTx = accept(
      ledger,
      signTransaction(
        makeCreateTransaction(null, null, [makeHashLockOutput(secret)], [node.publicKey]),
        node.privateKey,
      ),
    );
    assert.deepEqual(hashlockTx.outputs[0]?.public_keys, []);
    const draft = makeTransferTransaction(
      [{ tx: hashlockTx, outputIndex: 0 }],
      [makeOwnerOutput(hashlockuser.publicKey)],
      null,
    );
    assert.deepEqual(draft.tx.inputs[0]?.owners_before, []);
    // A wrong secret reveals nothing, so no fulfillment can be made from the draft...
    assert.throws(
      () => finalizeTransaction(fulfillHashLock(draft, 0, '')),
      (err) => isValidationError(err) && err.code === 'InvalidSignature',
    );
    // ...and a transaction carrying the wrong preimage anyway (the empty one, `oAKAAA`) is refused.
    const wrong = JSON.parse(JSON.stringify(finalizeTransaction(fulfillHashLock(draft, 0, secret))));
    wrong.inputs[0].fulfillment = 'oAKAAA';
    wrong.id = transactionId(wrong);
    assert.equal(rejection(ledger, wrong), 'InvalidSignature');
    accept(ledger, finalizeTransaction(fulfillHashLock(draft, 0, secret)));
  });

  test('timeout condition: valid up to the expiry, invalid afterwards', () => {
    const ledger = new MemoryLedger();
    const expireTimeMs = nowMs + 12_000;
    const timeoutTx = accept(
      ledger,
      signTransaction(
        makeCreateTransaction(null, null, [makeTimeoutOutput(expireTimeMs)], [node.publicKey]),
        node.privateKey,
      ),
    );
    // No signature is needed, as with hash-locks.
    const transfer = signTransaction(
      makeTransferTransaction(
        [{ tx: timeoutTx, outputIndex: 0 }],
        [makeOwnerOutput(testuser1.publicKey)],
        null,
      ),
    );
    const seen = [3, 2, 1, 0, -0.001, -1, -2, -3].map((secondsToTimeout) =>
      rejection(ledger, transfer, expireTimeMs - secondsToTimeout * 1000),
    );
    assert.deepEqual(seen, [
      'valid',
      'valid',
      'valid',
      'valid',
      'InvalidSignature',
      'InvalidSignature',
      'InvalidSignature',
      'InvalidSignature',
    ]);
    assert.equal(validateTransaction(transfer, ledger, { ctx: { nowMs: expireTimeMs } }).id, transfer.id);
  });

  test('escrow: execute before the expiry, abort after it, never both', () => {
    const ledger = new MemoryLedger();
    const expireTimeMs = nowMs + 12_000;
    const asset = createFor(ledger, testuser2.publicKey);
    const escrowTx = accept(
      ledger,
      signTransaction(
        makeTransferTransaction(
          [{ tx: asset, outputIndex: 0 }],
          [
            makeEscrowOutput({
              executePublicKey: testuser1.publicKey,
              abortPublicKey: testuser2.publicKey,
              expireTimeMs,
            }),
          ],
          null,
        ),
        testuser2.privateKey,
      ),
    );
    assert.deepEqual(escrowTx.outputs[0]?.public_keys, [testuser1.publicKey, testuser2.publicKey]);
    const execute = signTransaction(
      makeTransferTransaction(
        [{ tx: escrowTx, outputIndex: 0 }],
        [makeOwnerOutput(testuser1.publicKey)],
        null,
      ),
      testuser1.privateKey,
    );
    const abort = signTransaction(
      makeTransferTransaction(
        [{ tx: escrowTx, outputIndex: 0 }],
        [makeOwnerOutput(testuser2.publicKey)],
        null,
      ),
      testuser2.privateKey,
    );
    const seen = [3, 2, 1, 0, -0.001, -1, -2, -3].map((secondsToTimeout) => {
      const at = expireTimeMs - secondsToTimeout * 1000;
      return `${rejection(ledger, execute, at)}/${rejection(ledger, abort, at)}`;
    });
    assert.deepEqual(seen, [
      ...Array<string>(4).fill('valid/InvalidSignature'),
      ...Array<string>(4).fill('InvalidSignature/valid'),
    ]);
    // The execute transaction accepted in time makes the later abort a double spend.
    accept(ledger, execute, expireTimeMs - 1000);
    assert.equal(rejection(ledger, abort, expireTimeMs + 1000), 'DoubleSpend');
  });
});
