import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterConditionsMax } from '../store/index.js';
import { ApiError } from './errors.js';
import { parseWhere, whereLengthMax } from './where-filter.js';

const eq = (path: string, value: unknown) => ({ path, value });

test('fields are ANDed; $or and $and nest and are multiplied out', () => {
  assert.deepEqual(parseWhere('{"kind":"car","wheels":4}'), {
    anyOf: [[eq('kind', 'car'), eq('wheels', 4)]],
  });
  assert.deepEqual(parseWhere('{"$or":[{"a":1},{"b":null}]}'), { anyOf: [[eq('a', 1)], [eq('b', null)]] });
  assert.deepEqual(parseWhere('{"k":true,"$or":[{"a":1},{"b":"x"}]}'), {
    anyOf: [
      [eq('k', true), eq('a', 1)],
      [eq('k', true), eq('b', 'x')],
    ],
  });
  assert.deepEqual(parseWhere('{"$and":[{"$or":[{"a":1},{"a":2}]},{"$or":[{"b":1},{"b":2}]}]}'), {
    anyOf: [
      [eq('a', 1), eq('b', 1)],
      [eq('a', 1), eq('b', 2)],
      [eq('a', 2), eq('b', 1)],
      [eq('a', 2), eq('b', 2)],
    ],
  });
  assert.deepEqual(parseWhere('{"owner.name":"Ann"}'), { anyOf: [[eq('owner.name', 'Ann')]] });
});

test('refusals are 400 InvalidParameter with a reason', () => {
  const bad = [
    '',
    'kind=car',
    '[]',
    '"car"',
    'null',
    '{}',
    '{"a":{"b":1}}',
    '{"a":[1]}',
    '{"$not":{"a":1}}',
    '{"$or":[]}',
    '{"$or":{"a":1}}',
    '{"$or":[1]}',
    '{"":1}',
    JSON.stringify({ $and: Array.from({ length: 6 }, (_, i) => ({ $or: [{ a: i }, { b: i }] })) }),
    JSON.stringify(
      Object.fromEntries(Array.from({ length: filterConditionsMax + 1 }, (_, i) => [`f${i}`, i])),
    ),
    `{"a":"${'x'.repeat(whereLengthMax)}"}`,
  ];
  for (const text of bad) {
    assert.throws(
      () => parseWhere(text),
      (e) =>
        e instanceof ApiError && e.status === 400 && e.code === 'InvalidParameter' && e.message.length > 0,
      text.slice(0, 60),
    );
  }
});
