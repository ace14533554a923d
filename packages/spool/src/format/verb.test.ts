import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeVerb, parseVerb, VerbError, type Verb } from './verb.js';
import { fileHash, isFileHash } from './file-hash.js';

// The exact strings of reference A.3 (pyspool), and their meaning.
const canonical: [string, Verb][] = [
  ['ASCRIBESPOOL01PIECE', { action: 'PIECE' }],
  ['ASCRIBESPOOL01EDITIONS10', { action: 'EDITIONS', numEditions: 10 }],
  ['ASCRIBESPOOL01REGISTER1', { action: 'REGISTER', edition: 1 }],
  ['ASCRIBESPOOL01REGISTER3', { action: 'REGISTER', edition: 3 }],
  ['ASCRIBESPOOL01TRANSFER1', { action: 'TRANSFER', edition: 1 }],
  ['ASCRIBESPOOL01TRANSFER', { action: 'TRANSFER', edition: 0 }],
  ['ASCRIBESPOOL01CONSIGN1', { action: 'CONSIGN', edition: 1 }],
  ['ASCRIBESPOOL01UNCONSIGN1', { action: 'UNCONSIGN', edition: 1 }],
  ['ASCRIBESPOOL01LOAN1/150522150523', { action: 'LOAN', edition: 1, start: '150522', end: '150523' }],
  ['ASCRIBESPOOL01LOAN/171017181018', { action: 'LOAN', edition: 0, start: '171017', end: '181018' }],
  ['ASCRIBESPOOL01EDITIONS100000', { action: 'EDITIONS', numEditions: 100000 }],
];

for (const [text, verb] of canonical)
  test(`${text} parses and encodes back`, () => {
    assert.deepEqual(parseVerb(text), verb);
    assert.equal(encodeVerb(verb), text);
  });

// Non-canonical or foreign spellings pyspool accepted or wrote (F-A2, F-A6), and plain garbage.
const refused: [unknown, string][] = [
  ['ASCRIBESPOOL01TRANSFER007', 'leading zeros'],
  ['ASCRIBESPOOL01TRANSFER0', 'edition 0 written out'],
  ['ASCRIBESPOOL01REGISTER', 'REGISTER without an edition (pyspool emitted it for the master)'],
  ['ASCRIBESPOOL01REGISTER0', 'the 2015 master registration'],
  ['ASCRIBESPOOL01EDITIONS0', 'zero editions (pyspool then let them be set again)'],
  ['ASCRIBESPOOL01EDITIONS', 'EDITIONS without a number'],
  ['ASCRIBESPOOL01EDITIONS100001', 'more editions than the limit'],
  ['ASCRIBESPOOL01PIECE1', 'PIECE with a number'],
  ['ASCRIBESPOOL01LOAN1', 'a loan without dates'],
  ['ASCRIBESPOOL01LOAN1/150522', 'a loan with one date'],
  ['ASCRIBESPOOL01LOAN1/150230150301', 'February 30th'],
  ['ASCRIBESPOOL01TRANSFER1/150522150523', 'dates on a transfer'],
  ['ASCRIBESPOOL01MIGRATE5', 'an action this registry does not write'],
  ['ASCRIBESPOOL01FUEL', 'fuel'],
  ['ASCRIBESPOOLTRANSFER1', 'the v0 form without a version'],
  ['ASCRIBESPOOL02TRANSFER1', 'another version'],
  ['ASCRIBESP00L01TRANSFER1', "the spec's misspelled meta"],
  ['ascribespool01transfer1', 'lower case'],
  [' ASCRIBESPOOL01TRANSFER1', 'a leading space'],
  ['ASCRIBESPOOL01TRANSFER1\n', 'a trailing newline'],
  ['', 'empty'],
  [7, 'not a string'],
  [null, 'null'],
];

for (const [text, why] of refused)
  test(`refused: ${why}`, () => {
    assert.throws(() => parseVerb(text), VerbError);
  });

test('the encoder refuses what it cannot write canonically', () => {
  assert.throws(() => encodeVerb({ action: 'REGISTER', edition: 0 }), VerbError);
  assert.throws(() => encodeVerb({ action: 'EDITIONS', numEditions: 0 }), VerbError);
  assert.throws(() => encodeVerb({ action: 'TRANSFER', edition: 1.5 }), VerbError);
  assert.throws(() => encodeVerb({ action: 'LOAN', edition: 1, start: '150230', end: '150301' }), VerbError);
});

test('fileHash is the lowercase hex SHA-256 of the bytes (FIPS 180-2 vectors)', () => {
  assert.equal(
    fileHash(new TextEncoder().encode('abc')),
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  );
  assert.equal(
    fileHash(new Uint8Array(0)),
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  );
  assert.equal(fileHash(new TextEncoder().encode('abc').buffer), fileHash(new TextEncoder().encode('abc')));
  assert.equal(isFileHash(fileHash(new Uint8Array([1, 2, 3]))), true);
  assert.equal(isFileHash('BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD'), false);
});
