import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { canonicalJson } from './index.js';

// The driver hashes with json-stable-stringify and this comparator; it is a dev dependency of the
// repository (pulled in by bigchaindb-driver), so the two can be compared byte for byte.
const stableStringify = createRequire(import.meta.url)('json-stable-stringify') as (
  v: unknown,
  cmp: (a: { key: string }, b: { key: string }) => number,
) => string;
const driverCanon = (v: unknown) => stableStringify(v, (a, b) => (a.key > b.key ? 1 : -1));

test('compact, sorted at every level, arrays kept in order', () => {
  assert.equal(canonicalJson({ b: [3, { z: 1, a: null }], a: true }), '{"a":true,"b":[3,{"a":null,"z":1}]}');
});

test('integer-like keys sort as strings, as the driver does', () => {
  const v = { b: 1, '10': 2, '9': 3 };
  assert.equal(canonicalJson(v), '{"10":2,"9":3,"b":1}');
  assert.equal(canonicalJson(v), driverCanon(v));
});

test('edge cases from the wire reference (§2.2)', () => {
  const cases: unknown[] = [
    { s: 'Grüße ✓ \u2028 \u2029 / \u007f' },
    { c: '\u0000\u0001\u000b\u001f\b\t\n\f\r"\\' },
    { lone: '\ud800x' },
    { astral: '😀', '\ue000': 1, '\ud83d\ude00': 2 },
    { n: [0, -0, 1.5, 1e21, 1e-7, 0.00001, 123456789012345680000] },
    { u: undefined, a: [undefined, () => 1] },
    { nan: NaN, inf: Infinity },
    [],
    {},
    'text',
    null,
  ];
  for (const v of cases) assert.equal(canonicalJson(v), driverCanon(v), JSON.stringify(v));
});

test('property: matches the driver on arbitrary JSON (seed printed on failure)', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => canonicalJson(v) === driverCanon(v)),
    { numRuns: 2000 },
  );
});

test('property: parse(canonical(v)) is v, and canonical is idempotent', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const s = canonicalJson(v);
      const back: unknown = JSON.parse(s);
      return canonicalJson(back) === s;
    }),
    { numRuns: 2000 },
  );
});

test('BigInt is refused (amounts are strings)', () => {
  assert.throws(() => canonicalJson({ a: 1n }), TypeError);
});
