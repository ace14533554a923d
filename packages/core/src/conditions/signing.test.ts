// Builders, weights and signing in turns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keypairFromSeed } from '../crypto/index.js';
import {
  addPreimage,
  conditionUriFromDetails,
  ed25519Details,
  fulfillmentFromSigned,
  parseFulfillment,
  preimageDetails,
  publicKeysOfDetails,
  signDetails,
  thresholdDetails,
} from './index.js';

const [a, b, c] = [1, 2, 3].map((i) => keypairFromSeed(Buffer.alloc(32, i))) as [
  ReturnType<typeof keypairFromSeed>,
  ReturnType<typeof keypairFromSeed>,
  ReturnType<typeof keypairFromSeed>,
];
const message = Buffer.alloc(32, 5);
const ctx = { nowMs: 0 };

function accepts(text: string, details: Parameters<typeof conditionUriFromDetails>[0]): boolean {
  const f = parseFulfillment(text);
  return f.conditionUri() === conditionUriFromDetails(details) && f.validate(message, ctx);
}

test('a weight w is the subcondition listed w times', () => {
  const [ea, eb, ec] = [a, b, c].map((k) => ed25519Details(k.publicKey)) as [
    ReturnType<typeof ed25519Details>,
    ReturnType<typeof ed25519Details>,
    ReturnType<typeof ed25519Details>,
  ];
  const weighted = thresholdDetails(3, [ea, eb, ec], [2, 1, 1]);
  assert.deepEqual(weighted, thresholdDetails(3, [ea, ea, eb, ec]));
  assert.equal(
    conditionUriFromDetails(weighted),
    conditionUriFromDetails(JSON.parse(JSON.stringify(weighted))),
  );
  assert.deepEqual(publicKeysOfDetails(weighted), [a.publicKey, b.publicKey, c.publicKey]);

  // a (weight 2) alone reaches only 2 of 3; a with b or c reaches 3; b with c reaches only 2.
  assert.throws(() => fulfillmentFromSigned(signDetails(weighted, message, [a.privateKey])), {
    name: 'InvalidSignature',
  });
  assert.throws(() => fulfillmentFromSigned(signDetails(weighted, message, [b.privateKey, c.privateKey])), {
    name: 'InvalidSignature',
  });
  assert.ok(
    accepts(fulfillmentFromSigned(signDetails(weighted, message, [a.privateKey, c.privateKey])), weighted),
  );

  assert.throws(() => thresholdDetails(1, [ea], [0]), { name: 'InvalidCondition' });
  assert.throws(() => thresholdDetails(1, [ea], [1, 1]), { name: 'InvalidCondition' });
  assert.throws(() => thresholdDetails(4, [ea, eb], [2, 1]), { name: 'InvalidCondition' });
});

test('(x OR y) AND (u OR v), signed in turns by passing JSON around', () => {
  const d = keypairFromSeed(Buffer.alloc(32, 4));
  const details = thresholdDetails(2, [
    thresholdDetails(1, [ed25519Details(a.publicKey), ed25519Details(b.publicKey)]),
    thresholdDetails(1, [ed25519Details(c.publicKey), ed25519Details(d.publicKey)]),
  ]);
  const first = JSON.stringify(signDetails(details, message, [b.privateKey]));
  assert.throws(() => fulfillmentFromSigned(JSON.parse(first)), { name: 'InvalidSignature' });
  const second = signDetails(JSON.parse(first), message, [d.privateKey]);
  assert.ok(accepts(fulfillmentFromSigned(second), details));
  // Earlier signatures are kept when another party signs.
  assert.deepEqual(signDetails(second, message, []), second);
});

test('cheapest complete children are presented, the rest as conditions', () => {
  const secret = Buffer.from('open sesame');
  // 1-of-2 [key, hash-lock]: both complete, the hash-lock (cost 11) is cheaper than a signature.
  const details = thresholdDetails(1, [ed25519Details(a.publicKey), preimageDetails(secret)]);
  const signed = addPreimage(signDetails(details, message, [a.privateKey]), secret);
  const text = fulfillmentFromSigned(signed);
  assert.ok(accepts(text, details));
  // a2 L | a0 L [a0 … preimage] | a1 L [Ed25519 condition]
  assert.equal(Buffer.from(text, 'base64url').toString('hex').slice(0, 10), 'a23ca00fa0');
  // A preimage that does not match is not revealed.
  assert.throws(() => fulfillmentFromSigned(addPreimage(details, Buffer.from('wrong'))), {
    name: 'InvalidSignature',
  });
});

test('a signature over another message does not validate', () => {
  const details = ed25519Details(a.publicKey);
  const text = fulfillmentFromSigned(signDetails(details, Buffer.alloc(32, 6), [a.privateKey]));
  assert.ok(!accepts(text, details));
});
