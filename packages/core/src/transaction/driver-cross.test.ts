// Cross-checks with the official npm `bigchaindb-driver` 4.3.0 and `crypto-conditions` 2.2.1, both
// ways: what the driver builds, our validation accepts; what we build, the driver hashes to the same
// id and crypto-conditions validates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { decodePrivateKey, sha3, sha3Hex } from '../crypto/index.js';
import { signingMessage } from './canonical-form.js';
import { draftOf } from './draft.js';
import { makeCreateTransaction } from './make-create.js';
import { makeTransferTransaction } from './make-transfer.js';
import { MemoryLedger } from './memory-ledger.js';
import {
  allOfOwners,
  anyOfOwners,
  makeAllOwnersOutput,
  makeOutput,
  makeOwnerOutput,
  makeThresholdOutput,
} from './outputs.js';
import { signTransaction } from './sign.js';
import { alice, bob, carol, ctx } from './test-fixtures.js';
import type { SignedTransaction, Transaction } from './types.js';
import { validateTransaction } from './validate.js';

// The slices of the two packages' APIs these tests use.
interface DriverInput {
  readonly fulfills: { readonly transaction_id: string; readonly output_index: number } | null;
}
interface DriverSigned {
  readonly id: string;
}
interface DriverTransaction {
  makeEd25519Condition(publicKey: string, json?: boolean): unknown;
  makeThresholdCondition(threshold: number, subconditions: unknown[]): unknown;
  makeOutput(condition: unknown, amount?: string): unknown;
  makeCreateTransaction(asset: unknown, metadata: unknown, outputs: unknown[], ...issuers: string[]): unknown;
  makeTransferTransaction(
    unspent: { tx: unknown; output_index: number }[],
    outputs: unknown[],
    metadata: unknown,
  ): unknown;
  signTransaction(tx: unknown, ...privateKeys: string[]): DriverSigned;
  delegateSignTransaction(
    tx: unknown,
    sign: (serialized: string, input: DriverInput) => string,
  ): DriverSigned;
  serializeTransactionIntoCanonicalString(tx: unknown): string;
}
interface CcFulfillment {
  sign(message: Buffer, seed: Buffer): void;
  setThreshold(threshold: number): void;
  addSubfulfillment(fulfillment: CcFulfillment): void;
  serializeUri(): string;
}
interface CryptoConditions {
  Ed25519Sha256: new () => CcFulfillment;
  ThresholdSha256: new () => CcFulfillment;
  fulfillmentToCondition(fulfillment: string): string;
  validateFulfillment(fulfillment: string, condition: string, message: Buffer): boolean;
}

// Both packages are CommonJS whose exports Node's ESM loader cannot see as named exports.
const require = createRequire(import.meta.url);
const driver = require('bigchaindb-driver') as {
  Transaction: DriverTransaction;
  ccJsonLoad(details: unknown): { getConditionUri(): string };
};
const cc = require('crypto-conditions') as CryptoConditions;
const DriverTx = driver.Transaction;

const ed = (publicKey: string) => DriverTx.makeEd25519Condition(publicKey);
const validate = (tx: unknown, ledger = new MemoryLedger()) => validateTransaction(tx, ledger, { ctx });
/** The driver's JSON after a trip through JSON text, as a server receives it. */
const wire = (tx: unknown) => JSON.parse(JSON.stringify(tx)) as SignedTransaction;

/** The message the driver's signTransaction signs for one input (reference §3.1), for use in delegate signing. */
function driverMessage(serialized: string, input: DriverInput): Buffer {
  const suffix = input.fulfills ? input.fulfills.transaction_id + String(input.fulfills.output_index) : '';
  return Buffer.from(sha3(serialized + suffix));
}

/** A crypto-conditions Ed25519 fulfillment of `message` by `privateKey` (base58 seed). */
function ccSigned(privateKey: string, message: Buffer): CcFulfillment {
  const f = new cc.Ed25519Sha256();
  f.sign(message, Buffer.from(decodePrivateKey(privateKey)));
  return f;
}

test('driver CREATE and TRANSFER are accepted', () => {
  const create = DriverTx.signTransaction(
    DriverTx.makeCreateTransaction(
      { art: 'x' },
      { m: 1 },
      [DriverTx.makeOutput(ed(alice.publicKey))],
      alice.publicKey,
    ),
    alice.privateKey,
  );
  const ledger = new MemoryLedger();
  ledger.add(validate(wire(create), ledger));
  const transfer = DriverTx.signTransaction(
    DriverTx.makeTransferTransaction(
      [{ tx: create, output_index: 0 }],
      [DriverTx.makeOutput(ed(bob.publicKey))],
      {
        t: 2,
      },
    ),
    alice.privateKey,
  );
  ledger.add(validate(wire(transfer), ledger));
  assert.equal(ledger.getSpender(create.id, 0), transfer.id);
});

test('a driver-built template signed with our signTransaction equals the driver-signed one', () => {
  const template = DriverTx.makeCreateTransaction(
    { a: 1 },
    null,
    [DriverTx.makeOutput(ed(bob.publicKey))],
    alice.publicKey,
  );
  const ours = signTransaction(
    draftOf(JSON.parse(JSON.stringify(template)) as Transaction),
    alice.privateKey,
  );
  assert.deepEqual(ours, wire(DriverTx.signTransaction(template, alice.privateKey)));
});

test('driver divisible CREATE with several outputs, split and merged', () => {
  const create = DriverTx.signTransaction(
    DriverTx.makeCreateTransaction(
      { token: 'T' },
      null,
      [DriverTx.makeOutput(ed(alice.publicKey), '10'), DriverTx.makeOutput(ed(bob.publicKey), '5')],
      alice.publicKey,
    ),
    alice.privateKey,
  );
  const ledger = new MemoryLedger();
  ledger.add(validate(wire(create), ledger));
  const split = DriverTx.signTransaction(
    DriverTx.makeTransferTransaction(
      [{ tx: create, output_index: 0 }],
      [DriverTx.makeOutput(ed(carol.publicKey), '3'), DriverTx.makeOutput(ed(alice.publicKey), '7')],
      null,
    ),
    alice.privateKey,
  );
  ledger.add(validate(wire(split), ledger));
  const merge = DriverTx.signTransaction(
    DriverTx.makeTransferTransaction(
      [
        { tx: split, output_index: 1 },
        { tx: create, output_index: 1 },
      ],
      [DriverTx.makeOutput(ed(carol.publicKey), '12')],
      null,
    ),
    alice.privateKey,
    bob.privateKey,
  );
  ledger.add(validate(wire(merge), ledger));
});

test('driver 2-of-2 output spent through delegateSignTransaction and a hand-built ThresholdSha256', () => {
  const threshold = DriverTx.makeThresholdCondition(2, [
    DriverTx.makeEd25519Condition(alice.publicKey, false),
    DriverTx.makeEd25519Condition(bob.publicKey, false),
  ]);
  const create = DriverTx.signTransaction(
    DriverTx.makeCreateTransaction(
      { joint: true },
      null,
      [DriverTx.makeOutput(threshold, '2')],
      carol.publicKey,
    ),
    carol.privateKey,
  );
  // Our builder describes the same output, byte for byte.
  assert.deepEqual(wire(create).outputs[0], makeAllOwnersOutput([alice.publicKey, bob.publicKey], 2));
  const ledger = new MemoryLedger();
  ledger.add(validate(wire(create), ledger));
  const template = DriverTx.makeTransferTransaction(
    [{ tx: create, output_index: 0 }],
    [DriverTx.makeOutput(ed(carol.publicKey), '2')],
    null,
  );
  const transfer = DriverTx.delegateSignTransaction(template, (serialized, input) => {
    const message = driverMessage(serialized, input);
    const f = new cc.ThresholdSha256();
    f.setThreshold(2);
    f.addSubfulfillment(ccSigned(alice.privateKey, message));
    f.addSubfulfillment(ccSigned(bob.privateKey, message));
    return f.serializeUri();
  });
  ledger.add(validate(wire(transfer), ledger));
});

/** Our transaction, checked by the driver's serializer and by crypto-conditions. */
function assertDriverAgrees(tx: SignedTransaction, spentUris: readonly string[]): void {
  const serialized = DriverTx.serializeTransactionIntoCanonicalString({ ...tx, id: null });
  assert.equal(sha3Hex(serialized), tx.id);
  tx.inputs.forEach((input, i) => {
    assert.equal(cc.fulfillmentToCondition(input.fulfillment), spentUris[i]);
    assert.equal(
      cc.validateFulfillment(input.fulfillment, spentUris[i]!, Buffer.from(signingMessage(tx, i))),
      true,
    );
  });
}

test('our CREATE, TRANSFER, divisible, multi-output and threshold transactions pass the driver and crypto-conditions', () => {
  const create = signTransaction(
    makeCreateTransaction(
      { kind: 'cross-check' },
      { note: 'ours' },
      [
        makeOwnerOutput(alice.publicKey, 6),
        makeAllOwnersOutput([alice.publicKey, bob.publicKey], 4),
        makeThresholdOutput(2, [alice.publicKey, bob.publicKey, carol.publicKey], 1),
        makeOutput(
          allOfOwners(
            anyOfOwners(alice.publicKey, bob.publicKey),
            anyOfOwners(carol.publicKey, bob.publicKey),
          ),
          1,
        ),
      ],
      [alice.publicKey],
    ),
    alice.privateKey,
  );
  assertDriverAgrees(create, [makeOwnerOutput(alice.publicKey).condition.uri]);
  // The driver reads our details (including nested thresholds) into the same conditions.
  for (const output of create.outputs) {
    assert.equal(driver.ccJsonLoad(output.condition.details).getConditionUri(), output.condition.uri);
  }
  const transfer = signTransaction(
    makeTransferTransaction(
      [
        { tx: create, outputIndex: 0 },
        { tx: create, outputIndex: 1 },
        { tx: create, outputIndex: 2 },
      ],
      [makeOwnerOutput(carol.publicKey, 7), makeOwnerOutput(bob.publicKey, 4)],
      null,
    ),
    alice.privateKey,
    bob.privateKey,
  );
  assertDriverAgrees(
    transfer,
    create.outputs.slice(0, 3).map((o) => o.condition.uri),
  );
  const ledger = new MemoryLedger([create]);
  validate(transfer, ledger);
});
