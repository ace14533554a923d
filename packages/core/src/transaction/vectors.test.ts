// Golden vectors from the wire reference §7 (V1, V2, V4a, V4b, V4d): built here with our own
// builders from the fixed keys, they must match ids, digests and fulfillments byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalForm, signingMessage, transactionId } from './canonical-form.js';
import { makeCreateTransaction } from './make-create.js';
import { makeTransferTransaction } from './make-transfer.js';
import { MemoryLedger } from './memory-ledger.js';
import { makeAllOwnersOutput, makeOwnerOutput } from './outputs.js';
import { signTransaction } from './sign.js';
import { alice, bob, carol, ctx } from './test-fixtures.js';
import { validateTransaction } from './validate.js';

const v1Unsigned =
  '{"asset":{"data":{"msg":"Hello BigchainDB!"}},"id":null,"inputs":[{"fulfillment":null,"fulfills":null,"owners_before":["4K9sWUMFwTgaDGPfdynrbxWqWS6sWmKbZoTjxLtVUibD"]}],"metadata":{"sequence":0},"operation":"CREATE","outputs":[{"amount":"1","condition":{"details":{"public_key":"4K9sWUMFwTgaDGPfdynrbxWqWS6sWmKbZoTjxLtVUibD","type":"ed25519-sha-256"},"uri":"ni:///sha-256;PNYwdxaRaNw60N6LDFzOWO97b8tJeragczakL8PrAPc?fpt=ed25519-sha-256&cost=131072"},"public_keys":["4K9sWUMFwTgaDGPfdynrbxWqWS6sWmKbZoTjxLtVUibD"]}],"version":"2.0"}';

function buildV1() {
  const draft = makeCreateTransaction(
    { msg: 'Hello BigchainDB!' },
    { sequence: 0 },
    [makeOwnerOutput(alice.publicKey)],
    [alice.publicKey],
  );
  return { draft, tx: signTransaction(draft, alice.privateKey) };
}

function buildV2() {
  const { tx: v1 } = buildV1();
  const t1 = signTransaction(
    makeTransferTransaction([{ tx: v1, outputIndex: 0 }], [makeOwnerOutput(bob.publicKey)], { sequence: 1 }),
    alice.privateKey,
  );
  const t2 = signTransaction(
    makeTransferTransaction([{ tx: t1, outputIndex: 0 }], [makeOwnerOutput(carol.publicKey)], {
      sequence: 2,
    }),
    bob.privateKey,
  );
  return { v1, t1, t2 };
}

test('V1: the official CREATE (signing base, digest, fulfillment, id)', () => {
  const { draft, tx } = buildV1();
  assert.equal(canonicalForm(draft.tx).unsigned, v1Unsigned);
  assert.equal(
    Buffer.from(signingMessage(draft.tx, 0)).toString('hex'),
    '28b73bdcb02e34c72f3a83ce391e91c4220f7f7b36a20c578ac71626dc9e3672',
  );
  assert.equal(
    tx.inputs[0]?.fulfillment,
    'pGSAIDE5i63cn4X8T8N1sZ2mGkJD5lNRnBM4PZgI_zvzbr-cgUCy4BR6gKaYT-tdyAGPPpknIqI4JYQQ-p2nCg3_9BfOI-15vzldhyz-j_LZVpqAlRmbTzKS-Q5gs7ZIFaZCA_UD',
  );
  assert.equal(tx.id, '4957744b3ac54434b8270f2c854cc1040228c82ea4e72d66d2887a4d3e30b317');
  assert.equal(transactionId(tx), tx.id);
  assert.deepEqual(signingMessage(tx, 0), signingMessage(draft.tx, 0));
  validateTransaction(tx, new MemoryLedger(), { ctx });
});

test('V2: the official TRANSFER chain T1, T2', () => {
  const { v1, t1, t2 } = buildV2();
  assert.equal(
    Buffer.from(signingMessage(t1, 0)).toString('hex'),
    'ba82b9c74be97e39dd12427ffb734b7876e5b4618a9370cb7ceebac6bd76e5ff',
  );
  assert.equal(
    t1.inputs[0]?.fulfillment,
    'pGSAIDE5i63cn4X8T8N1sZ2mGkJD5lNRnBM4PZgI_zvzbr-cgUAYRI8kzKaZcrW-_avQrAIk5q-7o_7U6biBvoHk1ioBLqHSBcE_PAdNEaeWesAAW_HeCqNUWKaJ5Lzo5Nfz7QgN',
  );
  assert.equal(t1.id, '79ef6803210c941903d63d08b40fa17f0a5a04f11ac0ff04451553a187d97a30');
  assert.equal(
    t2.outputs[0]?.condition.uri,
    'ni:///sha-256;Ll1r0LzgHUvWB87yIrNFYo731MMUEypqvrbPATTbuD4?fpt=ed25519-sha-256&cost=131072',
  );
  assert.equal(
    t2.inputs[0]?.fulfillment,
    'pGSAICw7Ul-c2lG6NFbHp3FbKRC7fivQcNGO7GS4wV3A-1QggUARCMty2JBK_OyPJntWEFxDG4-VbKMy853NtqwnPib5QUJIuwPQa1Y4aN2iIBuoqGE85Pmjcc1ScG9FCPSQHacK',
  );
  assert.equal(t2.id, '1fec726a3b426498147f1a1f19a92c187d551a7f66db4b88d666d7dcc10e86a4');
  assert.equal(t2.asset.id, v1.id);
  const ledger = new MemoryLedger([v1]);
  ledger.add(validateTransaction(t1, ledger, { ctx }));
  validateTransaction(t2, ledger, { ctx });
});

function buildV4a() {
  const draft = makeCreateTransaction(
    { name: 'Grüße ✓', n: 3 },
    null,
    [makeAllOwnersOutput([alice.publicKey, bob.publicKey], '10'), makeOwnerOutput(alice.publicKey, 5)],
    [alice.publicKey],
  );
  return { draft, tx: signTransaction(draft, alice.privateKey) };
}

test('V4a: CREATE with a 2-of-2 output and non-ASCII asset data', () => {
  const { draft, tx } = buildV4a();
  assert.equal(
    Buffer.from(signingMessage(draft.tx, 0)).toString('hex'),
    '5f7709dacd52c9b19fb975048645f41d0d1675c7cd8721ae7726a375cdd839b8',
  );
  assert.equal(
    tx.inputs[0]?.fulfillment,
    'pGSAIDE5i63cn4X8T8N1sZ2mGkJD5lNRnBM4PZgI_zvzbr-cgUBZCEY4xntJyrFUhyGCrUB-up1o2qdhIQi0cmmLTZetd4lMLS_uOIHDCSvtXyfqvJuHZxO30y2CjUtIMOhjie0K',
  );
  assert.equal(tx.id, '0b9370b0172cb04c77c31048dc0161738195423e336c01e827db843c7dc349bd');
  assert.equal(
    tx.outputs[0]?.condition.uri,
    'ni:///sha-256;l54H4WnHsEY09w42XzThrjl_wjMsXLQr2XUTV0ws43M?fpt=threshold-sha-256&cost=264192&subtypes=ed25519-sha-256',
  );
  validateTransaction(tx, new MemoryLedger(), { ctx });
});

test('V4b: TRANSFER of the 2-of-2 output, signed by both owners', () => {
  const { tx: v4a } = buildV4a();
  const draft = makeTransferTransaction([{ tx: v4a, outputIndex: 0 }], [makeOwnerOutput(bob.publicKey, 10)], {
    note: '2-of-2 spend',
  });
  assert.deepEqual(draft.tx.inputs[0]?.owners_before, [alice.publicKey, bob.publicKey]);
  assert.equal(
    Buffer.from(signingMessage(draft.tx, 0)).toString('hex'),
    '0f94b7914c6c11cd6095cf7717fbca66d1857a8fe40d52e8847c75645b9e331c',
  );
  const tx = signTransaction(draft, alice.privateKey, bob.privateKey);
  assert.equal(
    tx.inputs[0]?.fulfillment,
    'ooHRoIHMpGSAICw7Ul-c2lG6NFbHp3FbKRC7fivQcNGO7GS4wV3A-1QggUAQpRRGiaAUp5PYIYovYM59QE6QiZMgvlwvPf5-Q6rEz1PfoGJ3zl2cWuDATgccpOPdQZ2gRzhRJh6Ut8l8gRYJpGSAIDE5i63cn4X8T8N1sZ2mGkJD5lNRnBM4PZgI_zvzbr-cgUBwwfMfbafKOvUd80RButLLFG5j13os_icXs5A8ptCtlK31gmGVYfg0rQql09LWvrji4_7pRi_GaYVKKwEmvLMKoQA',
  );
  assert.equal(tx.id, '4ca1895cf2bcd8a97ccc47a9ad4363c3b343d52a1aa912a95618d20bf85783fe');
  validateTransaction(tx, new MemoryLedger([v4a]), { ctx });
});

test('V4d: Python-style CREATE with two issuers (one input, 2-of-2 fulfillment)', () => {
  const draft = makeCreateTransaction(
    { x: 1 },
    { k: 'v' },
    [makeAllOwnersOutput([alice.publicKey, bob.publicKey], 3)],
    [alice.publicKey, bob.publicKey],
  );
  assert.equal(
    Buffer.from(signingMessage(draft.tx, 0)).toString('hex'),
    'f1b279a007658605bf2c7335457e3cfe5802061dd9531a41d6805ac4592a5575',
  );
  const tx = signTransaction(draft, alice.privateKey, bob.privateKey);
  assert.equal(tx.id, '0621f23d0cb0db5bc9b5a03af126539698814e6b2afec3c901527a8838c2a94d');
  validateTransaction(tx, new MemoryLedger(), { ctx });
});

test('the id text is the signing base with the fulfillments substituted', () => {
  const { draft, tx } = buildV1();
  const form = canonicalForm(draft.tx);
  assert.equal(form.pieces.length, 2);
  const signedText = form.pieces[0] + JSON.stringify(tx.inputs[0]?.fulfillment) + form.pieces[1];
  assert.equal(
    signedText,
    JSON.stringify(JSON.parse(v1Unsigned)).replace(
      '"fulfillment":null',
      `"fulfillment":${JSON.stringify(tx.inputs[0]?.fulfillment)}`,
    ),
  );
});
