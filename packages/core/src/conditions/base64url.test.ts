// The strict base64url codec against Node's Buffer, which the core used before and which is the
// oracle here: same texts, and the same accepted texts (moved here from bytes.test.ts, beside the code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { base64urlDecode, base64urlEncode } from './base64url.js';

const anyBytes = fc.uint8Array({ maxLength: 300 });

test('base64url decoding accepts exactly what the Buffer round trip accepted, at every length', () => {
  const canonical = (text: string) =>
    /^[A-Za-z0-9_-]*$/.test(text) &&
    text.length % 4 !== 1 &&
    Buffer.from(text, 'base64url').toString('base64url') === text;
  fc.assert(
    fc.property(anyBytes, (bytes) => {
      const text = base64urlEncode(bytes);
      assert.equal(text, Buffer.from(bytes).toString('base64url'));
      assert.deepEqual(base64urlDecode(text), Uint8Array.from(bytes));
    }),
    { numRuns: 500 },
  );
  const chars = [
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
    '=',
    '+',
    '/',
    ' ',
    'é',
    '\u0141',
  ];
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...chars), maxLength: 12 }), (text) => {
      const bytes = base64urlDecode(text);
      assert.equal(bytes !== undefined, canonical(text), text);
      if (bytes !== undefined) assert.deepEqual(Buffer.from(bytes), Buffer.from(text, 'base64url'));
    }),
    { numRuns: 5000 },
  );
});
