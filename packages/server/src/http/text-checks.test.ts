import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holdsNul, jsonHoldsNul } from './text-checks.js';

test('holdsNul: U+0000 anywhere in a decoded text', () => {
  assert.equal(holdsNul('a\u0000b'), true);
  assert.equal(holdsNul('\u0000'), true);
  assert.equal(holdsNul('a\\u0000b'), false);
  assert.equal(holdsNul(''), false);
});

test('jsonHoldsNul: the escape \\u0000 that decodes to U+0000, and only that', () => {
  const cases: [string, boolean][] = [
    ['{"k":"a\\u0000b"}', true],
    ['{"a\\u0000":1}', true],
    ['"\\u0000"', true],
    ['"\\\\u0000"', false], // an escaped backslash, then the letters u0000
    ['"\\\\\\u0000"', true], // an escaped backslash, then a NUL escape
    ['"\\\\\\\\u0000"', false],
    ['"\\u00000"', true],
    ['"\\u0001\\u001f"', false],
    ['"\\u1000"', false],
    ['{"k":"plain"}', false],
  ];
  for (const [json, expected] of cases) {
    assert.equal(jsonHoldsNul(json), expected, json);
    // The check agrees with what JSON.parse makes of the text.
    const v: unknown = JSON.parse(json);
    const texts =
      typeof v === 'string'
        ? [v]
        : Object.entries(v as object)
            .flat()
            .map(String);
    assert.equal(texts.some(holdsNul), expected, json);
  }
});

test('jsonHoldsNul is linear in long runs of backslashes', () => {
  const run = '\\'.repeat(2_000_000);
  assert.equal(jsonHoldsNul(`"${run}u0000"`), false);
  assert.equal(jsonHoldsNul(`"${run}\\u0000"`), true);
});
