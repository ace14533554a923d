import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreError } from './errors.js';
import { parseSearch, searchableText, toFts5 } from './search-text.js';

test('searchable text is every string value, in document order, without keys or numbers', () => {
  assert.equal(
    searchableText({ title: 'Blue', tags: ['gold', { deep: 'coin' }], n: 5, ok: true, none: null }),
    'Blue\ngold\ncoin',
  );
  assert.equal(searchableText({}), '');
});

test('web-search syntax parses into OR groups of AND terms and exclusions', () => {
  const cases: [string, ReturnType<typeof parseSearch>][] = [
    ['gold coin', { groups: [['gold', 'coin']], excluded: [] }],
    ['gold or silver coin', { groups: [['gold'], ['silver', 'coin']], excluded: [] }],
    ['"blue gold" -fake', { groups: [['blue gold']], excluded: ['fake'] }],
    ['-"fake gold" coin', { groups: [['coin']], excluded: ['fake gold'] }],
    ['or gold or', { groups: [['gold']], excluded: [] }],
    ['-fake', null],
    ['  ', null],
    ['*** ---', null],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parseSearch(text), expected, text);
});

test('FTS5 expressions quote every term, so user text is never FTS5 syntax', () => {
  assert.equal(toFts5({ groups: [['gold', 'NEAR(a b)']], excluded: [] }), '(("gold" AND "NEAR(a b)"))');
  assert.equal(toFts5({ groups: [['a'], ['b "c"']], excluded: ['d'] }), '(("a") OR ("b ""c""")) NOT "d"');
});

test('an overlong search is refused as an invalid argument', () => {
  assert.throws(
    () => parseSearch('x'.repeat(1_001)),
    (err: unknown) => err instanceof StoreError && err.code === 'invalid_argument',
  );
});
