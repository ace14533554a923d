// "Inputs and Outputs" (seed 001): divisible amounts, outputs spent at most once, weighted
// thresholds and nested thresholds such as (x OR y) AND (u OR v), signed in turns.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidationError, type ValidationErrorCode } from '../errors/index.js';
import type { Draft } from './draft.js';
import { makeCreateTransaction } from './make-create.js';
import { makeTransferTransaction } from './make-transfer.js';
import { MemoryLedger } from './memory-ledger.js';
import { allOfOwners, anyOfOwners, makeOutput, makeOwnerOutput, makeWeightedOutput } from './outputs.js';
import { finalizeTransaction, partiallySign, signTransaction } from './sign.js';
import { ctx, persona } from './test-fixtures.js';
import type { SignedTransaction } from './types.js';
import { checkTransaction, validateTransaction } from './validate.js';

const issuer = persona(20);
const [x, y, u, v] = [persona(21), persona(22), persona(23), persona(24)];
const receiver = persona(25);

function accept(ledger: MemoryLedger, tx: SignedTransaction): SignedTransaction {
  ledger.add(validateTransaction(JSON.parse(JSON.stringify(tx)), ledger, { ctx }));
  return tx;
}

function codeOf(ledger: MemoryLedger, tx: unknown): ValidationErrorCode | 'valid' {
  const result = checkTransaction(JSON.parse(JSON.stringify(tx)), ledger, { ctx });
  return result.ok ? 'valid' : result.error.code;
}

const notEnoughSignatures = (err: unknown) => isValidationError(err) && err.code === 'InvalidSignature';

describe('Inputs and Outputs (seed 001)', () => {
  test('divisible asset: split, spend each output once, merge back', () => {
    const ledger = new MemoryLedger();
    const create = accept(
      ledger,
      signTransaction(
        makeCreateTransaction(
          { token: 'divisible' },
          null,
          [makeOwnerOutput(x.publicKey, 10n)],
          [issuer.publicKey],
        ),
        issuer.privateKey,
      ),
    );
    const split = accept(
      ledger,
      signTransaction(
        makeTransferTransaction(
          [{ tx: create, outputIndex: 0 }],
          [makeOwnerOutput(y.publicKey, 3), makeOwnerOutput(x.publicKey, 7)],
          null,
        ),
        x.privateKey,
      ),
    );
    // Amounts must balance.
    const unbalanced = signTransaction(
      makeTransferTransaction([{ tx: split, outputIndex: 1 }], [makeOwnerOutput(y.publicKey, 8)], null),
      x.privateKey,
    );
    assert.equal(codeOf(ledger, unbalanced), 'AmountError');
    const merge = accept(
      ledger,
      signTransaction(
        makeTransferTransaction(
          [
            { tx: split, outputIndex: 0 },
            { tx: split, outputIndex: 1 },
          ],
          [makeOwnerOutput(receiver.publicKey, '10')],
          null,
        ),
        x.privateKey,
        y.privateKey,
      ),
    );
    assert.equal(merge.outputs[0]?.amount, '10');
    // Each output is spent at most once.
    const again = signTransaction(
      makeTransferTransaction([{ tx: split, outputIndex: 0 }], [makeOwnerOutput(y.publicKey, 3)], {
        again: true,
      }),
      y.privateKey,
    );
    assert.equal(codeOf(ledger, again), 'DoubleSpend');
  });

  test('the largest amount, 9 * 10^18, is exact (BigInt, not float)', () => {
    const ledger = new MemoryLedger();
    const create = accept(
      ledger,
      signTransaction(
        makeCreateTransaction(
          null,
          null,
          [makeOwnerOutput(x.publicKey, '9000000000000000000')],
          [issuer.publicKey],
        ),
        issuer.privateKey,
      ),
    );
    accept(
      ledger,
      signTransaction(
        makeTransferTransaction(
          [{ tx: create, outputIndex: 0 }],
          [makeOwnerOutput(y.publicKey, '8999999999999999999'), makeOwnerOutput(x.publicKey, 1)],
          null,
        ),
        x.privateKey,
      ),
    );
  });

  test('weighted threshold: weights of the signers must reach the threshold', () => {
    const ledger = new MemoryLedger();
    // x weighs 2, y and u weigh 1 each; the threshold is 2.
    const output = makeWeightedOutput(2, [
      { owner: x.publicKey, weight: 2 },
      { owner: y.publicKey, weight: 1 },
      { owner: u.publicKey, weight: 1 },
    ]);
    assert.deepEqual(output.public_keys, [x.publicKey, y.publicKey, u.publicKey]);
    const create = accept(
      ledger,
      signTransaction(makeCreateTransaction(null, null, [output], [issuer.publicKey]), issuer.privateKey),
    );
    const draft = makeTransferTransaction(
      [{ tx: create, outputIndex: 0 }],
      [makeOwnerOutput(receiver.publicKey)],
      null,
    );
    assert.throws(() => signTransaction(draft, y.privateKey), notEnoughSignatures);
    assert.equal(codeOf(ledger, signTransaction(draft, x.privateKey)), 'valid');
    assert.equal(codeOf(ledger, signTransaction(draft, y.privateKey, u.privateKey)), 'valid');
  });

  test('(x OR y) AND (u OR v): one signer from each pair, signing in turns', () => {
    const ledger = new MemoryLedger();
    const details = allOfOwners(anyOfOwners(x.publicKey, y.publicKey), anyOfOwners(u.publicKey, v.publicKey));
    const create = accept(
      ledger,
      signTransaction(
        makeCreateTransaction(null, null, [makeOutput(details)], [issuer.publicKey]),
        issuer.privateKey,
      ),
    );
    assert.deepEqual(create.outputs[0]?.public_keys, [x.publicKey, y.publicKey, u.publicKey, v.publicKey]);
    const draft = makeTransferTransaction(
      [{ tx: create, outputIndex: 0 }],
      [makeOwnerOutput(receiver.publicKey)],
      null,
    );
    // Both members of one pair are not enough.
    assert.throws(() => signTransaction(draft, x.privateKey, y.privateKey), notEnoughSignatures);
    // y signs, sends the draft to u as JSON text; u signs and submits.
    const fromY = JSON.stringify(partiallySign(draft, [y.privateKey]));
    const signed = finalizeTransaction(partiallySign(JSON.parse(fromY) as Draft, [u.privateKey]));
    assert.equal(codeOf(ledger, signed), 'valid');
    // Every one of the four winning pairs works.
    for (const [a, b] of [
      [x, u],
      [x, v],
      [y, v],
    ] as const) {
      assert.equal(codeOf(ledger, signTransaction(draft, a.privateKey, b.privateKey)), 'valid');
    }
  });

  test('a key that matches no condition is a caller error', () => {
    const create = signTransaction(
      makeCreateTransaction(null, null, [makeOwnerOutput(x.publicKey)], [issuer.publicKey]),
      issuer.privateKey,
    );
    const draft = makeTransferTransaction(
      [{ tx: create, outputIndex: 0 }],
      [makeOwnerOutput(y.publicKey)],
      null,
    );
    assert.throws(() => partiallySign(draft, [y.privateKey]), TypeError);
  });
});
