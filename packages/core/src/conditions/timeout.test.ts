// Timeouts, inverted thresholds and the escrow, all against an injected clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultLimits } from '../constants.js';
import { keypairFromSeed } from '../crypto/index.js';
import { tlv } from './der.js';
import {
  conditionUriFromDetails,
  detailsUsesClock,
  ed25519Details,
  escrowDetails,
  fulfillmentFromSigned,
  invertedThresholdDetails,
  parseConditionUri,
  parseFulfillment,
  publicKeysOfDetails,
  signDetails,
  thresholdDetails,
  timeoutDetails,
} from './index.js';
import { deterministicTree, detailsOf, expiryPool, type TreeSpec } from './test-trees.js';

const expiry = 1_464_242_352_227;
const before = { nowMs: expiry - 1 };
const atExpiry = { nowMs: expiry };
const after = { nowMs: expiry + 1 };
const message = Buffer.alloc(32, 9);
const executor = keypairFromSeed(Buffer.alloc(32, 1));
const aborter = keypairFromSeed(Buffer.alloc(32, 2));

test('timeout details: canonical milliseconds, DER round trip, URI', () => {
  const details = timeoutDetails(expiry);
  assert.deepEqual(details, { type: 'timeout-sha-256', expire_time: '1464242352.227' });
  assert.equal(timeoutDetails(0).expire_time, '0.000');
  assert.equal(timeoutDetails(1005).expire_time, '1.005');
  assert.throws(() => timeoutDetails(1.5), { name: 'InvalidCondition' });
  assert.throws(() => timeoutDetails(-1), { name: 'InvalidCondition' });

  const text = fulfillmentFromSigned(details);
  // [30] SEQUENCE { expireTime [0] INTEGER (ms) }
  assert.equal(
    Buffer.from(text, 'base64url').toString('hex'),
    Buffer.from(tlv(0xbe, tlv(0x80, Buffer.from('0154eba53063', 'hex')))).toString('hex'),
  );
  const parsed = parseFulfillment(text);
  assert.equal(parsed.type, 'timeout-sha-256');
  assert.equal(parsed.serialize(), text);
  const uri = conditionUriFromDetails(details);
  assert.equal(parsed.conditionUri(), uri);
  assert.match(uri, /^ni:\/\/\/sha-256;[\w-]{43}\?fpt=timeout-sha-256&cost=8$/);
  assert.deepEqual(parseConditionUri(uri).subtypes, []);
  assert.ok(detailsUsesClock(details));
  assert.ok(!detailsUsesClock(ed25519Details(executor.publicKey)));
});

test('a timeout holds up to and including its expiry, never after', () => {
  const timeout = parseFulfillment(fulfillmentFromSigned(timeoutDetails(expiry)));
  assert.ok(timeout.validate(message, before));
  assert.ok(timeout.validate(message, atExpiry));
  assert.ok(!timeout.validate(message, after));
  assert.throws(() => timeout.validate(message, { nowMs: Number.NaN }), TypeError);
});

test('an inverted threshold is the negation of its threshold, over the whole subtree', () => {
  const evaluate = (spec: TreeSpec, nowMs: number): boolean => {
    switch (spec.kind) {
      case 'timeout':
        return nowMs <= expiryPool[spec.expiry]!;
      case 'threshold':
      case 'inverted': {
        const held = spec.children.filter((c) => evaluate(c, nowMs)).length;
        const threshold = 1 + (spec.pick % spec.children.length);
        return spec.kind === 'threshold' ? held >= threshold : held < threshold;
      }
      default:
        throw new TypeError('not deterministic');
    }
  };
  const clock = fc.constantFrom(...expiryPool.flatMap((e) => [e - 1, e, e + 1]));
  fc.assert(
    fc.property(
      fc.array(deterministicTree, { minLength: 1, maxLength: 3 }),
      fc.nat(),
      clock,
      (children, pick, nowMs) => {
        const spec: TreeSpec = { kind: 'inverted', pick, children };
        const details = detailsOf(spec);
        const parsed = parseFulfillment(fulfillmentFromSigned(details));
        assert.equal(parsed.conditionUri(), conditionUriFromDetails(details));
        assert.equal(parsed.validate(message, { nowMs }), evaluate(spec, nowMs));
      },
    ),
    { numRuns: 300 },
  );
});

test('NOT cannot be satisfied by hiding a true child', () => {
  // NOT(1-of-2 [expired, live]) is false now: the live timeout makes the inner threshold true.
  const inner = thresholdDetails(1, [timeoutDetails(expiry - 1000), timeoutDetails(expiry + 1000)]);
  const details = invertedThresholdDetails(1, [inner]);
  const honest = parseFulfillment(fulfillmentFromSigned(details));
  assert.ok(!honest.validate(message, atExpiry));
  // An ordinary threshold fulfillment presenting only the expired child would make the inner
  // threshold look false; the inverted threshold's grammar refuses it.
  const expired = fulfillmentFromSigned(timeoutDetails(expiry - 1000));
  const ordinaryInner = tlv(
    0xa2,
    Buffer.concat([tlv(0xa0, Buffer.from(expired, 'base64url')), tlv(0xa1, new Uint8Array(0))]),
  );
  const forged = tlv(0xbd, Buffer.concat([Buffer.from('800101', 'hex'), tlv(0xa1, ordinaryInner)]));
  assert.throws(() => parseFulfillment(Buffer.from(forged).toString('base64url')), {
    name: 'InvalidSignature',
  });
  // Nor can a child be left out of the complete form: that changes the condition.
  const partial = parseFulfillment(
    fulfillmentFromSigned(invertedThresholdDetails(1, [timeoutDetails(expiry - 1000)])),
  );
  assert.notEqual(partial.conditionUri(), conditionUriFromDetails(details));
});

test('NOT of anything with a secret beneath it is refused', () => {
  const key = ed25519Details(executor.publicKey);
  assert.throws(() => invertedThresholdDetails(1, [key]), { name: 'InvalidCondition' });
  assert.throws(() => invertedThresholdDetails(1, [thresholdDetails(1, [timeoutDetails(0), key])]), {
    name: 'InvalidCondition',
  });
  assert.throws(() => invertedThresholdDetails(2, [timeoutDetails(0)]), { name: 'InvalidCondition' });
});

test('escrow: execute before and at expiry, abort only after', () => {
  const details = escrowDetails({
    executePublicKey: executor.publicKey,
    abortPublicKey: aborter.publicKey,
    expireTimeMs: expiry,
  });
  const uri = conditionUriFromDetails(details);
  assert.match(uri, /&subtypes=ed25519-sha-256,inverted-threshold-sha-256,timeout-sha-256$/);
  assert.deepEqual(publicKeysOfDetails(details), [executor.publicKey, aborter.publicKey]);
  assert.ok(detailsUsesClock(details));

  const accepts = (text: string, ctx: { nowMs: number }) => {
    const f = parseFulfillment(text);
    return f.conditionUri() === uri && f.validate(message, ctx);
  };
  const execute = fulfillmentFromSigned(signDetails(details, message, [executor.privateKey]));
  const abort = fulfillmentFromSigned(signDetails(details, message, [aborter.privateKey]));
  assert.deepEqual(
    [accepts(execute, before), accepts(execute, atExpiry), accepts(execute, after)],
    [true, true, false],
  );
  assert.deepEqual(
    [accepts(abort, before), accepts(abort, atExpiry), accepts(abort, after)],
    [false, false, true],
  );

  // Nobody else can use either branch.
  const stranger = keypairFromSeed(Buffer.alloc(32, 3));
  assert.throws(() => fulfillmentFromSigned(signDetails(details, message, [stranger.privateKey])), {
    name: 'InvalidSignature',
  });

  // With both signatures present, a clock picks the branch that holds at that time.
  const both = signDetails(details, message, [executor.privateKey, aborter.privateKey]);
  assert.ok(accepts(fulfillmentFromSigned(both, defaultLimits, before), before));
  assert.ok(accepts(fulfillmentFromSigned(both, defaultLimits, after), after));
  assert.throws(
    () => fulfillmentFromSigned(signDetails(details, message, [executor.privateKey]), defaultLimits, after),
    {
      name: 'InvalidSignature',
    },
  );
});
