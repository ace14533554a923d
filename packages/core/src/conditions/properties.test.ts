// Property tests (fast-check prints the seed and the shrunk counterexample on failure).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultLimits } from '../constants.js';
import { isValidationError } from '../errors/index.js';
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { expireTimeMsMax, formatExpireTime, parseExpireTime } from './expire-time.js';
import {
  conditionBinary,
  conditionFromBinary,
  conditionFromDetails,
  conditionUri,
  conditionUriFromDetails,
  fulfillmentFromSigned,
  parseConditionUri,
  parseFulfillment,
  signDetails,
  type ValidationContext,
} from './index.js';
import { anyTree, detailsOf, nowMs, secretsArbitrary, signedOf } from './test-trees.js';

const ctx: ValidationContext = { nowMs };
const message = fc.uint8Array({ minLength: 32, maxLength: 32 });

/** A random tree with a fulfillment that is valid at `nowMs`, or undefined when the secrets do not suffice. */
const fulfilledTree = fc.tuple(anyTree, secretsArbitrary, message).map(([spec, secrets, msg]) => {
  const details = detailsOf(spec);
  const signed = signedOf(details, msg, secrets);
  let text: string | undefined;
  try {
    text = fulfillmentFromSigned(signed, defaultLimits, ctx);
  } catch (err) {
    if (!isValidationError(err) || err.code !== 'InvalidSignature') throw err;
  }
  return { details, signed, msg, text };
});

function accepts(text: string, uri: string, msg: Uint8Array): boolean {
  const parsed = parseFulfillment(text);
  return parsed.conditionUri() === uri && parsed.validate(msg, ctx);
}

/** Runs `f`; a ValidationError counts as a refusal, anything else is a bug. */
function refusesOrReturns<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (err) {
    if (!isValidationError(err)) throw err;
    return undefined;
  }
}

test('fulfillments built for a clock validate at it, and DER round-trips byte for byte', () => {
  fc.assert(
    fc.property(fulfilledTree, ({ details, signed, msg, text }) => {
      fc.pre(text !== undefined);
      const uri = conditionUriFromDetails(details);
      assert.ok(accepts(text, uri, msg));
      assert.equal(parseFulfillment(text).serialize(), text);
      // Signed details are plain JSON: they survive a trip through text.
      assert.equal(fulfillmentFromSigned(JSON.parse(JSON.stringify(signed)), defaultLimits, ctx), text);
    }),
    { numRuns: 300 },
  );
});

test('flipping any byte of a fulfillment makes it fail to parse or fail to validate', () => {
  fc.assert(
    fc.property(
      fulfilledTree,
      fc.nat(),
      fc.integer({ min: 1, max: 255 }),
      ({ details, msg, text }, at, mask) => {
        fc.pre(text !== undefined);
        const bytes = Buffer.from(text, 'base64url');
        const i = at % bytes.length;
        bytes[i] = bytes[i]! ^ mask;
        const mutated = base64urlEncode(bytes);
        const verdict = refusesOrReturns(() => accepts(mutated, conditionUriFromDetails(details), msg));
        assert.notEqual(verdict, true, `flipped byte ${i} with ${mask} and still accepted`);
      },
    ),
    { numRuns: 500 },
  );
});

test('conditions round-trip through URI and binary; details through JSON', () => {
  fc.assert(
    fc.property(anyTree, (spec) => {
      const details = detailsOf(spec);
      const condition = conditionFromDetails(details);
      assert.deepEqual(parseConditionUri(conditionUri(condition)), condition);
      assert.deepEqual(conditionFromBinary(conditionBinary(condition)), condition);
      assert.equal(conditionUriFromDetails(JSON.parse(JSON.stringify(details))), conditionUri(condition));
      // Re-emitting parsed details without secrets reproduces them exactly.
      assert.deepEqual(signDetails(details, new Uint8Array(32), []), details);
    }),
    { numRuns: 300 },
  );
});

test('expiry times: milliseconds and canonical strings are a bijection', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: expireTimeMsMax }), (ms) => {
      assert.equal(parseExpireTime(formatExpireTime(ms)), ms);
    }),
  );
  fc.assert(
    fc.property(fc.stringMatching(/^-?[0-9]{0,14}(\.[0-9]{0,4})?$/), (text) => {
      const ms = parseExpireTime(text);
      if (ms !== undefined) assert.equal(formatExpireTime(ms), text);
    }),
  );
});

test('base64url decoding accepts exactly the canonical encodings', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      assert.deepEqual(base64urlDecode(base64urlEncode(bytes)), Uint8Array.from(bytes));
    }),
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }), (text) => {
      const bytes = base64urlDecode(text);
      if (bytes !== undefined) assert.equal(base64urlEncode(bytes), text);
    }),
  );
});

test('arbitrary input never throws anything but a ValidationError', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      refusesOrReturns(() => parseFulfillment(base64urlEncode(bytes)).validate(new Uint8Array(32), ctx));
      refusesOrReturns(() => conditionFromBinary(bytes));
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.string(), (text) => {
      refusesOrReturns(() => parseFulfillment(text));
      refusesOrReturns(() => parseConditionUri(text));
    }),
  );
  fc.assert(
    fc.property(fc.anything({ maxDepth: 4 }), (value) => {
      refusesOrReturns(() => conditionFromDetails(value));
    }),
  );
});

test('mutating valid details JSON never throws anything but a ValidationError', () => {
  const mutate = fc.tuple(anyTree, fc.nat(), fc.jsonValue({ maxDepth: 2 }));
  fc.assert(
    fc.property(mutate, ([spec, at, replacement]) => {
      const tree = JSON.parse(JSON.stringify(detailsOf(spec))) as unknown;
      // Replace the `at`-th value found in a walk of the tree.
      const slots: [Record<string, unknown>, string][] = [];
      const walk = (value: unknown) => {
        if (typeof value !== 'object' || value === null) return;
        for (const [key, child] of Object.entries(value)) {
          slots.push([value as Record<string, unknown>, key]);
          walk(child);
        }
      };
      walk(tree);
      const [holder, key] = slots[at % slots.length]!;
      holder[key] = replacement;
      refusesOrReturns(() => conditionFromDetails(tree));
    }),
    { numRuns: 500 },
  );
});
