// Table-driven refusals: one row per case, each with the code validation must report. Codes, not
// message texts, are asserted. Every code of `validationErrorCodes` appears at least once, and the
// precedence rows check that the earlier check wins when a transaction is wrong in two ways.
// The rows tamper with untyped JSON on purpose, as a hostile client would, so `any` flows freely here.
/* eslint-disable @typescript-eslint/no-unsafe-return */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ed25519Details, thresholdDetails, timeoutDetails } from '../conditions/index.js';
import { defaultLimits } from '../constants.js';
import { validationErrorCodes, type ValidationErrorCode } from '../errors/index.js';
import { transactionId } from './canonical-form.js';
import type { Draft } from './draft.js';
import { makeCreateTransaction } from './make-create.js';
import { makeTransferTransaction } from './make-transfer.js';
import { MemoryLedger } from './memory-ledger.js';
import {
  makeAllOwnersOutput,
  makeOutput,
  makeOwnerOutput,
  makeThresholdOutput,
  makeTimeoutOutput,
} from './outputs.js';
import { finalizeTransaction, signTransaction } from './sign.js';
import { alice, bob, carol, ctx, nowMs } from './test-fixtures.js';
import type { ConditionDetails, Transaction } from './types.js';
import { checkTransaction, validateTransaction } from './validate.js';

/** A mutable JSON value (what a server gets from JSON.parse). */
type Json = ReturnType<typeof JSON.parse>;
const json = (value: unknown): Json => JSON.parse(JSON.stringify(value));

/** Edits a draft's template, then signs it: the result has a correct id and signatures. */
function resign(draft: Draft, edit: (tx: Json) => unknown, ...keys: string[]): Json {
  const tx = json(draft.tx);
  edit(tx);
  return json(signTransaction({ tx: tx as Transaction, inputs: draft.inputs }, ...keys));
}

/** Edits a signed transaction; with `rehash`, the id is recomputed so that only the edit is wrong. */
function tamper(signed: unknown, edit: (tx: Json) => unknown, rehash = true): Json {
  const tx = json(signed);
  edit(tx);
  if (rehash) tx.id = transactionId(tx);
  return tx;
}

function nested(levels: number): ConditionDetails {
  let details: ConditionDetails = ed25519Details(alice.publicKey);
  for (let i = 0; i < levels; i++)
    details = { type: 'threshold-sha-256', threshold: 1, subconditions: [details] };
  return details;
}

function deepObject(levels: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let current = root;
  for (let i = 1; i < levels; i++) {
    const next: Record<string, unknown> = {};
    current.a = next;
    current = next;
  }
  return root;
}

// The ledger the TRANSFER rows are judged against.
const createDraft = makeCreateTransaction(
  { asset: 'A' },
  null,
  [makeOwnerOutput(alice.publicKey, 5), makeOwnerOutput(alice.publicKey, 1)],
  [alice.publicKey],
);
const create = signTransaction(createDraft, alice.privateKey);
const otherAsset = signTransaction(
  makeCreateTransaction({ asset: 'B' }, null, [makeOwnerOutput(alice.publicKey, 1)], [alice.publicKey]),
  alice.privateKey,
);
const timeoutCreate = signTransaction(
  makeCreateTransaction(null, null, [makeTimeoutOutput(nowMs - 1)], [alice.publicKey]),
  alice.privateKey,
);
const spender = signTransaction(
  makeTransferTransaction([{ tx: create, outputIndex: 1 }], [makeOwnerOutput(bob.publicKey, 1)], null),
  alice.privateKey,
);
const ledger = new MemoryLedger([create, otherAsset, timeoutCreate, spender]);

const transferDraft = makeTransferTransaction(
  [{ tx: create, outputIndex: 0 }],
  [makeOwnerOutput(bob.publicKey, 5)],
  {
    note: 'valid',
  },
);
const transfer = signTransaction(transferDraft, alice.privateKey);
const freshCreate = signTransaction(
  makeCreateTransaction({ asset: 'C' }, { n: 1 }, [makeOwnerOutput(alice.publicKey, 1)], [alice.publicKey]),
  alice.privateKey,
);

/** A TRANSFER of arbitrary outputs (even of several assets, which the builder refuses), signed by alice. */
function rawTransfer(
  links: readonly { tx: Json; outputIndex: number }[],
  amountOut: number,
  assetId: string = create.id,
): Json {
  const tx = json(transferDraft.tx);
  tx.inputs = links.map(({ tx: source, outputIndex }) => ({
    owners_before: [alice.publicKey],
    fulfills: { transaction_id: source.id, output_index: outputIndex },
    fulfillment: null,
  }));
  tx.outputs = [makeOwnerOutput(bob.publicKey, amountOut)];
  tx.asset.id = assetId;
  const inputs = links.map(({ tx: source, outputIndex }) => source.outputs[outputIndex].condition.details);
  return json(signTransaction({ tx, inputs }, alice.privateKey));
}

interface Row {
  readonly name: string;
  readonly tx: () => unknown;
  readonly code: ValidationErrorCode;
  readonly sizeBytes?: number;
}

const rows: Row[] = [
  // TransactionTooLarge
  {
    name: 'oversized transaction',
    tx: () => resign(createDraft, (t) => (t.asset.data = { blob: 'x'.repeat(70_000) }), alice.privateKey),
    code: 'TransactionTooLarge',
  },
  {
    name: 'body size reported by the caller',
    tx: () => freshCreate,
    sizeBytes: defaultLimits.txSizeBytesMax + 1,
    code: 'TransactionTooLarge',
  },
  {
    name: 'too many outputs',
    tx: () => resign(createDraft, (t) => (t.outputs = Array(257).fill(t.outputs[0])), alice.privateKey),
    sizeBytes: 1000,
    code: 'TransactionTooLarge',
  },
  {
    name: 'hostile nesting: half a million arrays',
    tx: () => ({
      ...json(freshCreate),
      metadata: { a: JSON.parse('['.repeat(500_000) + ']'.repeat(500_000)) },
    }),
    code: 'TransactionTooLarge',
  },
  // SchemaValidationError
  { name: 'not an object', tx: () => [freshCreate], code: 'SchemaValidationError' },
  { name: 'null', tx: () => null, code: 'SchemaValidationError' },
  {
    name: 'amount "-1"',
    tx: () => resign(createDraft, (t) => (t.outputs[0].amount = '-1'), alice.privateKey),
    code: 'SchemaValidationError',
  },
  {
    name: 'amount "1.5"',
    tx: () => resign(createDraft, (t) => (t.outputs[0].amount = '1.5'), alice.privateKey),
    code: 'SchemaValidationError',
  },
  {
    name: 'amount as a number',
    tx: () => resign(createDraft, (t) => (t.outputs[0].amount = 5), alice.privateKey),
    code: 'SchemaValidationError',
  },
  {
    name: 'output_index as a string',
    tx: () => resign(transferDraft, (t) => (t.inputs[0].fulfills.output_index = '0'), alice.privateKey),
    code: 'SchemaValidationError',
  },
  {
    name: 'threshold as a string',
    tx: () =>
      resign(
        createDraft,
        (t) => {
          t.outputs[0] = json(makeAllOwnersOutput([alice.publicKey, bob.publicKey], 5));
          t.outputs[0].condition.details.threshold = '2';
        },
        alice.privateKey,
      ),
    code: 'SchemaValidationError',
  },
  {
    name: 'metadata {}',
    tx: () => resign(createDraft, (t) => (t.metadata = {}), alice.privateKey),
    code: 'SchemaValidationError',
  },
  {
    name: 'version "1.0"',
    tx: () => resign(createDraft, (t) => (t.version = '1.0'), alice.privateKey),
    code: 'SchemaValidationError',
  },
  {
    name: 'unknown operation',
    tx: () => resign(createDraft, (t) => (t.operation = 'GENESIS'), alice.privateKey),
    code: 'SchemaValidationError',
  },
  {
    name: 'extra top-level key',
    tx: () => resign(createDraft, (t) => (t.extra = 1), alice.privateKey),
    code: 'SchemaValidationError',
  },
  {
    name: 'extra input key',
    tx: () => resign(createDraft, (t) => (t.inputs[0].extra = 1), alice.privateKey),
    code: 'SchemaValidationError',
  },
  {
    name: 'extra output key',
    tx: () => resign(createDraft, (t) => (t.outputs[0].extra = 1), alice.privateKey),
    code: 'SchemaValidationError',
  },
  {
    name: 'extra details key',
    tx: () => resign(createDraft, (t) => (t.outputs[0].condition.details.signature = null), alice.privateKey),
    code: 'SchemaValidationError',
  },
  {
    name: 'missing metadata',
    tx: () => tamper(freshCreate, (t) => delete t.metadata, false),
    code: 'SchemaValidationError',
  },
  {
    name: "CREATE with two inputs (the driver's multi-issuer form)",
    tx: () => ({ ...json(freshCreate), inputs: [json(freshCreate).inputs[0], json(freshCreate).inputs[0]] }),
    code: 'SchemaValidationError',
  },
  {
    name: 'CREATE input that fulfills an output',
    tx: () =>
      tamper(freshCreate, (t) => (t.inputs[0].fulfills = { transaction_id: create.id, output_index: 0 })),
    code: 'SchemaValidationError',
  },
  {
    name: 'TRANSFER input without fulfills',
    tx: () => tamper(transfer, (t) => (t.inputs[0].fulfills = null)),
    code: 'SchemaValidationError',
  },
  {
    name: 'TRANSFER with asset data',
    tx: () => tamper(transfer, (t) => (t.asset = { data: null })),
    code: 'SchemaValidationError',
  },
  {
    name: 'CREATE asset with an id',
    tx: () => tamper(freshCreate, (t) => (t.asset.id = create.id)),
    code: 'SchemaValidationError',
  },
  {
    name: 'unsigned input (fulfillment null)',
    tx: () => ({ ...json(createDraft.tx), id: transactionId(createDraft.tx) }),
    code: 'SchemaValidationError',
  },
  {
    name: 'no outputs',
    tx: () => tamper(freshCreate, (t) => (t.outputs = [])),
    code: 'SchemaValidationError',
  },
  {
    name: 'key only contains base58 (unanchored pattern trap)',
    tx: () =>
      resign(createDraft, (t) => (t.outputs[0].public_keys = [`@${alice.publicKey}@`]), alice.privateKey),
    code: 'SchemaValidationError',
  },
  {
    name: 'id in upper case',
    tx: () => tamper(freshCreate, (t) => (t.id = t.id.toUpperCase()), false),
    code: 'SchemaValidationError',
  },
  {
    name: 'asset data nested 1000 deep',
    tx: () => resign(createDraft, (t) => (t.asset.data = deepObject(1000)), alice.privateKey),
    code: 'SchemaValidationError',
  },
  {
    name: 'metadata one level deeper than allowed',
    tx: () =>
      resign(createDraft, (t) => (t.metadata = deepObject(defaultLimits.jsonDepthMax + 1)), alice.privateKey),
    code: 'SchemaValidationError',
  },
  {
    name: 'details of an unknown type',
    tx: () =>
      resign(
        createDraft,
        (t) => (t.outputs[0].condition.details = { type: 'rsa-sha-256', modulus: 'x' }),
        alice.privateKey,
      ),
    code: 'SchemaValidationError',
  },
  // ThresholdTooDeep
  {
    name: 'output condition nested too deep',
    tx: () =>
      resign(
        createDraft,
        (t) => (t.outputs[0].condition.details = nested(defaultLimits.conditionDepthMax + 4)),
        alice.privateKey,
      ),
    code: 'ThresholdTooDeep',
  },
  // ConditionTooComplex
  {
    name: 'threshold with too many subconditions',
    tx: () =>
      resign(
        createDraft,
        (t) =>
          (t.outputs[0].condition.details = thresholdDetails(
            1,
            Array(defaultLimits.conditionSubconditionsMax + 1).fill(ed25519Details(alice.publicKey)),
          )),
        alice.privateKey,
      ),
    code: 'ConditionTooComplex',
  },
  // AmountError
  {
    name: 'amount "0"',
    tx: () => resign(createDraft, (t) => (t.outputs[0].amount = '0'), alice.privateKey),
    code: 'AmountError',
  },
  {
    name: 'amount "9000000000000000001"',
    tx: () => resign(createDraft, (t) => (t.outputs[0].amount = '9000000000000000001'), alice.privateKey),
    code: 'AmountError',
  },
  {
    name: 'inputs and outputs do not sum equally',
    tx: () => resign(transferDraft, (t) => (t.outputs[0].amount = '4'), alice.privateKey),
    code: 'AmountError',
  },
  // InvalidCondition
  {
    name: 'uri of another condition',
    tx: () =>
      resign(
        createDraft,
        (t) => (t.outputs[0].condition.uri = makeOwnerOutput(bob.publicKey).condition.uri),
        alice.privateKey,
      ),
    code: 'InvalidCondition',
  },
  {
    name: 'public_keys of another owner',
    tx: () => resign(createDraft, (t) => (t.outputs[0].public_keys = [bob.publicKey]), alice.privateKey),
    code: 'InvalidCondition',
  },
  {
    name: 'public_keys null',
    tx: () => resign(createDraft, (t) => (t.outputs[0].public_keys = null), alice.privateKey),
    code: 'InvalidCondition',
  },
  {
    name: 'public_keys in another order',
    tx: () =>
      resign(
        createDraft,
        (t) =>
          (t.outputs[0] = {
            ...makeAllOwnersOutput([alice.publicKey, bob.publicKey], 5),
            public_keys: [bob.publicKey, alice.publicKey],
          }),
        alice.privateKey,
      ),
    code: 'InvalidCondition',
  },
  {
    name: 'public key that is not 32 bytes',
    tx: () =>
      resign(
        createDraft,
        (t) => (t.outputs[0].condition.details.public_key = 'z'.repeat(44)),
        alice.privateKey,
      ),
    code: 'InvalidCondition',
  },
  {
    name: 'threshold above its subconditions',
    tx: () =>
      resign(
        createDraft,
        (t) => {
          t.outputs[0] = json(makeThresholdOutput(1, [alice.publicKey, bob.publicKey], 5));
          t.outputs[0].condition.details.threshold = 3;
        },
        alice.privateKey,
      ),
    code: 'InvalidCondition',
  },
  // InvalidHash
  {
    name: 'wrong id',
    tx: () => tamper(freshCreate, (t) => (t.id = transfer.id), false),
    code: 'InvalidHash',
  },
  { name: 'id null', tx: () => tamper(freshCreate, (t) => (t.id = null), false), code: 'InvalidHash' },
  {
    name: 'body changed after signing',
    tx: () => tamper(freshCreate, (t) => (t.metadata.n = 2), false),
    code: 'InvalidHash',
  },
  // InvalidSignature
  {
    name: 'signature of another message',
    tx: () => tamper(freshCreate, (t) => (t.metadata.n = 2)),
    code: 'InvalidSignature',
  },
  {
    name: 'unparsable fulfillment',
    tx: () => tamper(freshCreate, (t) => (t.inputs[0].fulfillment = 'AAAA')),
    code: 'InvalidSignature',
  },
  {
    name: 'empty fulfillment',
    tx: () => tamper(freshCreate, (t) => (t.inputs[0].fulfillment = '')),
    code: 'InvalidSignature',
  },
  {
    name: 'CREATE signed by a key not in owners_before',
    tx: () =>
      json(signTransaction({ tx: createDraft.tx, inputs: [ed25519Details(bob.publicKey)] }, bob.privateKey)),
    code: 'InvalidSignature',
  },
  {
    name: 'CREATE with empty owners_before',
    tx: () => resign(createDraft, (t) => (t.inputs[0].owners_before = []), alice.privateKey),
    code: 'InvalidSignature',
  },
  {
    name: 'CREATE preimage fulfillment (accepted by the reference server)',
    tx: () => tamper(freshCreate, (t) => (t.inputs[0].fulfillment = 'oAKAAA')),
    code: 'InvalidSignature',
  },
  {
    name: 'fulfillment for the wrong condition',
    tx: () =>
      json(
        signTransaction({ tx: transferDraft.tx, inputs: [ed25519Details(bob.publicKey)] }, bob.privateKey),
      ),
    code: 'InvalidSignature',
  },
  {
    name: 'preimage fulfillment for a signature condition',
    tx: () => tamper(transfer, (t) => (t.inputs[0].fulfillment = 'oAKAAA')),
    code: 'InvalidSignature',
  },
  {
    name: 'expired timeout',
    tx: () =>
      json(
        signTransaction(
          makeTransferTransaction(
            [{ tx: timeoutCreate, outputIndex: 0 }],
            [makeOwnerOutput(bob.publicKey)],
            null,
          ),
        ),
      ),
    code: 'InvalidSignature',
  },
  // DuplicateTransaction
  { name: 'CREATE already in the ledger', tx: () => create, code: 'DuplicateTransaction' },
  { name: 'TRANSFER already in the ledger', tx: () => spender, code: 'DuplicateTransaction' },
  // InputDoesNotExist
  {
    name: 'unknown input transaction',
    tx: () =>
      resign(transferDraft, (t) => (t.inputs[0].fulfills.transaction_id = 'ab'.repeat(32)), alice.privateKey),
    code: 'InputDoesNotExist',
  },
  {
    name: 'output index out of range',
    tx: () => resign(transferDraft, (t) => (t.inputs[0].fulfills.output_index = 2), alice.privateKey),
    code: 'InputDoesNotExist',
  },
  // DoubleSpend
  {
    name: 'output already spent',
    tx: () =>
      resign(
        transferDraft,
        (t) => ((t.inputs[0].fulfills.output_index = 1), (t.outputs[0].amount = '1')),
        alice.privateKey,
      ),
    code: 'DoubleSpend',
  },
  {
    name: 'one output spent twice in one transaction',
    tx: () =>
      json(
        signTransaction(
          makeTransferTransaction(
            [
              { tx: create, outputIndex: 0 },
              { tx: create, outputIndex: 0 },
            ],
            [makeOwnerOutput(bob.publicKey, 10)],
            null,
          ),
          alice.privateKey,
        ),
      ),
    code: 'DoubleSpend',
  },
  // AssetIdMismatch
  {
    name: 'inputs of two assets',
    tx: () =>
      rawTransfer(
        [
          { tx: create, outputIndex: 0 },
          { tx: otherAsset, outputIndex: 0 },
        ],
        6,
      ),
    code: 'AssetIdMismatch',
  },
  {
    name: 'asset.id of another asset',
    tx: () => resign(transferDraft, (t) => (t.asset.id = otherAsset.id), alice.privateKey),
    code: 'AssetIdMismatch',
  },
  // Precedence: two faults, the earlier check wins.
  {
    name: 'precedence: too large beats schema',
    tx: () => ({ ...json(freshCreate), version: '1.0', metadata: { blob: 'x'.repeat(70_000) } }),
    code: 'TransactionTooLarge',
  },
  {
    name: 'precedence: schema beats wrong id',
    tx: () => tamper(freshCreate, (t) => ((t.version = '1.0'), (t.id = transfer.id)), false),
    code: 'SchemaValidationError',
  },
  {
    name: 'precedence: too deep beats too complex',
    tx: () =>
      resign(
        createDraft,
        (t) => (
          (t.outputs[0].condition.details = thresholdDetails(
            1,
            Array(70).fill(ed25519Details(alice.publicKey)),
          )),
          (t.outputs[1].condition.details = nested(20))
        ),
        alice.privateKey,
      ),
    code: 'ThresholdTooDeep',
  },
  {
    name: 'precedence: amount beats wrong uri',
    tx: () =>
      resign(
        createDraft,
        (t) => (
          (t.outputs[0].condition.uri = t.outputs[1].condition.uri.replace('cost=131072', 'cost=1')),
          (t.outputs[1].amount = '0')
        ),
        alice.privateKey,
      ),
    code: 'AmountError',
  },
  {
    name: 'precedence: wrong uri beats wrong id',
    tx: () => tamper(freshCreate, (t) => (t.outputs[0].public_keys = [bob.publicKey]), false),
    code: 'InvalidCondition',
  },
  {
    name: 'precedence: unparsable fulfillment is reported after the id',
    tx: () => tamper(freshCreate, (t) => (t.inputs[0].fulfillment = 'AAAA'), false),
    code: 'InvalidHash',
  },
  {
    name: 'precedence: missing input beats double spend',
    tx: () =>
      rawTransfer(
        [
          { tx: create, outputIndex: 1 },
          { tx: freshCreate, outputIndex: 0 },
        ],
        2,
      ),
    code: 'InputDoesNotExist',
  },
  {
    name: 'precedence: double spend beats asset mismatch',
    tx: () =>
      resign(
        transferDraft,
        (t) => ((t.inputs[0].fulfills.output_index = 1), (t.asset.id = otherAsset.id)),
        alice.privateKey,
      ),
    code: 'DoubleSpend',
  },
  {
    name: 'precedence: asset mismatch beats amounts',
    tx: () =>
      resign(
        transferDraft,
        (t) => ((t.asset.id = otherAsset.id), (t.outputs[0].amount = '4')),
        alice.privateKey,
      ),
    code: 'AssetIdMismatch',
  },
  {
    name: 'precedence: amounts beat wrong condition',
    tx: () =>
      json(
        signTransaction(
          {
            tx: { ...json(transferDraft.tx), outputs: [makeOwnerOutput(bob.publicKey, 4)] },
            inputs: [ed25519Details(bob.publicKey)],
          },
          bob.privateKey,
        ),
      ),
    code: 'AmountError',
  },
];

for (const row of rows) {
  test(`refused: ${row.name} → ${row.code}`, () => {
    const result = checkTransaction(row.tx(), ledger, { ctx, sizeBytes: row.sizeBytes });
    assert.equal(result.ok ? 'valid' : result.error.code, row.code, result.ok ? '' : result.error.message);
  });
}

test('the table covers every validation code that core validation raises', () => {
  // RuleViolation is raised by the node's consensus plugin, after core validation passed.
  const covered = new Set<ValidationErrorCode>([...rows.map((row) => row.code), 'RuleViolation']);
  assert.deepEqual(
    validationErrorCodes.filter((code) => !covered.has(code)),
    [],
  );
});

test('the base transactions of the table are valid', () => {
  validateTransaction(json(transfer), ledger, { ctx });
  validateTransaction(json(freshCreate), ledger, { ctx });
  // A deeper but permitted condition is accepted.
  const deepOk = signTransaction(
    makeCreateTransaction(
      null,
      null,
      [makeOutput(nested(defaultLimits.conditionDepthMax - 1))],
      [alice.publicKey],
    ),
    alice.privateKey,
  );
  validateTransaction(json(deepOk), ledger, { ctx });
});

test('a timeout exactly at its expiry still holds', () => {
  const edge = signTransaction(
    makeCreateTransaction(null, null, [makeOutput(timeoutDetails(nowMs))], [carol.publicKey]),
    carol.privateKey,
  );
  const spend = signTransaction(
    makeTransferTransaction([{ tx: edge, outputIndex: 0 }], [makeOwnerOutput(bob.publicKey)], null),
  );
  const view = new MemoryLedger([edge]);
  assert.ok(checkTransaction(json(spend), view, { ctx: { nowMs } }).ok);
  assert.equal(checkTransaction(json(spend), view, { ctx: { nowMs: nowMs + 1 } }).ok, false);
  // finalize with a clock refuses to present a branch that no longer holds.
  assert.throws(() =>
    finalizeTransaction(
      makeTransferTransaction([{ tx: edge, outputIndex: 0 }], [makeOwnerOutput(bob.publicKey)], null),
      {
        ctx: { nowMs: nowMs + 1 },
      },
    ),
  );
});
