// The DER subset: byte-exact encodings from the reference (§4.2) and strict decoding of each piece.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InvalidSignature } from '../errors/index.js';
import { DerReader, decodeInteger, integerContent, readSetOf, setOf, tlv } from './der.js';
import {
  conditionBinary,
  conditionFromDetails,
  preimageDetails,
  thresholdDetails,
  timeoutDetails,
} from './index.js';
import { invertedThresholdDetails } from './builders.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const malformed = (message: string) => new InvalidSignature(message);

test('INTEGER content is minimal two’s complement', () => {
  const cases: [number, string][] = [
    [0, '00'],
    [2, '02'],
    [127, '7f'],
    [128, '0080'],
    [1024, '0400'],
    [131072, '020000'],
    [133120, '020800'],
    [264192, '040800'],
    [Number.MAX_SAFE_INTEGER, '1fffffffffffff'],
  ];
  for (const [value, encoded] of cases) {
    assert.equal(hex(integerContent(value)), encoded);
    assert.equal(decodeInteger(Buffer.from(encoded, 'hex'), malformed, 'n'), value);
  }
  assert.throws(() => integerContent(-1), RangeError);
  assert.throws(() => integerContent(1.5), RangeError);
});

test('INTEGER decoding refuses non-minimal, negative, empty and oversized values', () => {
  for (const bad of ['', '0001', '007f', 'ff', '80', '20000000000000', '010000000000000000']) {
    assert.throws(() => decodeInteger(Buffer.from(bad, 'hex'), malformed, 'n'), InvalidSignature, bad);
  }
});

test('lengths use the short form below 128 and the minimal long form above', () => {
  assert.equal(hex(tlv(0x80, new Uint8Array(0x7f))).slice(0, 4), '807f');
  assert.equal(hex(tlv(0x80, new Uint8Array(0x80))).slice(0, 6), '808180');
  assert.equal(hex(tlv(0x80, new Uint8Array(0xff))).slice(0, 6), '8081ff');
  assert.equal(hex(tlv(0x80, new Uint8Array(0x100))).slice(0, 8), '80820100');
  assert.equal(hex(tlv(0x80, new Uint8Array(0x10000))).slice(0, 10), '8083010000');
});

test('the reader round-trips any element and refuses non-DER lengths', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 30 }), fc.uint8Array({ maxLength: 70000 }), (tag, content) => {
      const element = new DerReader(tlv(0x80 | tag, content), malformed).read();
      assert.equal(element.tag, 0x80 | tag);
      assert.equal(Buffer.compare(element.content, content), 0);
    }),
    { numRuns: 50 },
  );
  for (const bad of [
    '80',
    '8080',
    '808100',
    '81817f' + '00'.repeat(0x7f),
    '8082007f',
    '8085ffffffffff',
    '9f0100',
    '8002aa',
  ]) {
    assert.throws(() => new DerReader(Buffer.from(bad, 'hex'), malformed).read(), InvalidSignature, bad);
  }
});

test('SET OF is sorted by encoding on output and must be sorted on input', () => {
  const a = tlv(0x80, Uint8Array.of(2));
  const b = tlv(0x80, Uint8Array.of(1, 0));
  const set = setOf(0xa1, [b, a]);
  // a (80 01 02) sorts before b (80 02 01 00): shorter length byte first.
  assert.equal(hex(set), 'a1078001028002' + '0100');
  const tooMany = () => new InvalidSignature('too many');
  assert.equal(readSetOf(set.subarray(2), malformed, 8, tooMany).length, 2);
  assert.throws(() => readSetOf(Buffer.concat([b, a]), malformed, 8, tooMany), /not sorted/);
  assert.throws(() => readSetOf(set.subarray(2), malformed, 1, tooMany), /too many/);
  assert.equal(hex(setOf(0xa1, [])), 'a100');
});

test('subtypes BIT STRING: bit k of the type id, no trailing zero bits', () => {
  const ed = conditionBinary(conditionFromDetails(thresholdDetails(1, [conditionDetailsEd()])));
  assert.equal(hex(ed.subarray(-4)), '82020308');
  const pre = conditionBinary(
    conditionFromDetails(thresholdDetails(1, [preimageDetails(new Uint8Array(0))])),
  );
  assert.equal(hex(pre.subarray(-4)), '82020780');
  // Timeout (30) and inverted threshold (29): four bytes, one unused bit.
  const ext = conditionBinary(
    conditionFromDetails(thresholdDetails(1, [invertedThresholdDetails(1, [timeoutDetails(0)])])),
  );
  assert.equal(hex(ext.subarray(-7)), '82050100000006');
});

function conditionDetailsEd() {
  return { type: 'ed25519-sha-256' as const, public_key: '4K9sWUMFwTgaDGPfdynrbxWqWS6sWmKbZoTjxLtVUibD' };
}
