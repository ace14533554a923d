// The portable byte helpers against Node's Buffer, which the core used before and which is the
// oracle here: same bytes, same order (base64url, which lives with the conditions, is checked the
// same way in conditions/base64url.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bytesEqual,
  bytesKey,
  compareBytes,
  concatBytes,
  hexEncode,
  newBytes,
  utf8Encode,
  utf8Length,
} from './bytes.js';

const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const anyBytes = fc.uint8Array({ maxLength: 300 });

test('UTF-8 encoding and length match Node, lone surrogates included', () => {
  fc.assert(
    fc.property(anyText, (text) => {
      assert.deepEqual(Buffer.from(utf8Encode(text)), Buffer.from(text, 'utf8'));
      assert.equal(utf8Length(text), Buffer.byteLength(text, 'utf8'));
    }),
    { numRuns: 1000 },
  );
  assert.equal(utf8Length('\ud800'), 3);
  assert.equal(utf8Length('\ud83d\ude00'), 4);
  assert.equal(utf8Length('\udc00\ud800'), 6);
});

test('hex, comparison, equality, concatenation and memo keys match Node', () => {
  fc.assert(
    fc.property(fc.array(anyBytes, { maxLength: 4 }), (parts) => {
      const [a = new Uint8Array(0), b = new Uint8Array(0)] = parts;
      assert.equal(hexEncode(a), Buffer.from(a).toString('hex'));
      assert.equal(compareBytes(a, b), Buffer.compare(a, b));
      assert.equal(bytesEqual(a, b), Buffer.compare(a, b) === 0);
      assert.equal(bytesKey(a) === bytesKey(b), bytesEqual(a, b));
      assert.deepEqual(Buffer.from(concatBytes(parts)), Buffer.concat(parts));
    }),
    { numRuns: 500 },
  );
  // Prefixes sort first; unequal lengths are unequal.
  assert.equal(compareBytes(Uint8Array.of(1), Uint8Array.of(1, 0)), -1);
  assert.ok(!bytesEqual(Uint8Array.of(1), Uint8Array.of(1, 0)));
});

test('arrays cut from the shared block are zero-filled and never overlap', () => {
  const arrays = Array.from({ length: 200 }, (_, i) => newBytes(65 + (i % 100)));
  for (const bytes of arrays) {
    assert.ok(bytes.every((b) => b === 0));
    bytes.fill(0xff);
  }
  assert.ok(arrays.every((bytes, i) => bytes.length === 65 + (i % 100) && bytes.every((b) => b === 0xff)));
  assert.equal(newBytes(3000).length, 3000);
});
