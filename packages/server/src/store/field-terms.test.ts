import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldTermLengthMax, fieldTermsPerDocumentMax, filterConditionsMax } from './constants.js';
import { StoreError } from './errors.js';
import { fieldTerm, fieldTerms, filterTerms } from './field-terms.js';

test('a term names one typed scalar at one path', () => {
  assert.equal(fieldTerm('a.b', 1), '["a.b",1]');
  assert.notEqual(fieldTerm('a', 1), fieldTerm('a', '1'));
  assert.notEqual(fieldTerm('a', null), fieldTerm('a', 'null'));
  assert.notEqual(fieldTerm('a', false), fieldTerm('a', 'false'));
  // No key or value can make two pairs spell the same term.
  assert.notEqual(fieldTerm('a","b', 'c'), fieldTerm('a', 'b","c'));
});

test('long terms are stored as a digest, the same for equal pairs', () => {
  const long = 'x'.repeat(fieldTermLengthMax);
  const term = fieldTerm('k', long);
  assert.match(term, /^#[0-9a-f]{64}$/);
  assert.equal(term, fieldTerm('k', long));
  assert.notEqual(term, fieldTerm('k', `${long}y`));
});

test('a document yields its scalars by path; arrays under their own path; no root scalar', () => {
  const terms = fieldTerms({ a: { b: [1, { c: 'x' }, [true]] }, d: null, e: {}, f: [] });
  assert.deepEqual(
    terms.sort(),
    [fieldTerm('a.b', 1), fieldTerm('a.b', true), fieldTerm('a.b.c', 'x'), fieldTerm('d', null)].sort(),
  );
  assert.deepEqual(fieldTerms('scalar'), []);
  assert.deepEqual(fieldTerms({ t: ['x', 'x'] }), [fieldTerm('t', 'x')]);
});

test('hostile documents: deep nesting does not recurse, many fields are capped', () => {
  let deep: unknown = 'bottom';
  for (let i = 0; i < 100_000; i++) deep = { k: deep };
  assert.equal(fieldTerms(deep).length, 1);
  const wide = Object.fromEntries(
    Array.from({ length: fieldTermsPerDocumentMax + 50 }, (_, i) => [`k${i}`, i]),
  );
  const terms = fieldTerms(wide);
  assert.equal(terms.length, fieldTermsPerDocumentMax);
  assert.equal(terms[0], fieldTerm('k0', 0));
});

test('filterTerms checks the filter', () => {
  assert.deepEqual(
    filterTerms({
      anyOf: [
        [
          { path: 'a', value: 1 },
          { path: 'a', value: 1 },
        ],
      ],
    }),
    [[fieldTerm('a', 1)]],
  );
  const invalid = (fn: () => unknown) =>
    assert.throws(fn, (e) => e instanceof StoreError && e.code === 'invalid_argument');
  invalid(() => filterTerms({ anyOf: [] }));
  invalid(() => filterTerms({ anyOf: [[{ path: 'a', value: 1 }], []] }));
  invalid(() =>
    filterTerms({
      anyOf: [Array.from({ length: filterConditionsMax + 1 }, (_, i) => ({ path: 'a', value: i }))],
    }),
  );
});
