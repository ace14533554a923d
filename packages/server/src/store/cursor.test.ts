import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeOutputCursor,
  decodePosCursor,
  encodeOutputCursor,
  encodePosCursor,
  pageOf,
} from './cursor.js';
import { StoreError } from './errors.js';
import { blockPosRange, heightOfPos, ledgerPos } from './ledger-position.js';

test('cursors round-trip and start before everything when absent', () => {
  for (const pos of [0, 1, 65_535, 65_536, 2 ** 40 + 7])
    assert.equal(decodePosCursor(encodePosCursor(pos)), pos);
  assert.deepEqual(decodeOutputCursor(encodeOutputCursor({ pos: 123_456, outputIndex: 17 })), {
    pos: 123_456,
    outputIndex: 17,
  });
  assert.equal(decodePosCursor(undefined), -1);
  assert.deepEqual(decodeOutputCursor(undefined), { pos: -1, outputIndex: -1 });
});

test('malformed cursors are invalid arguments', () => {
  for (const bad of ['', 'A', '-1', '1.', '.1', '1.2.3', 'z'.repeat(12), ' 1'])
    assert.throws(
      () => (bad.includes('.') ? decodeOutputCursor(bad) : decodePosCursor(bad)),
      (err: unknown) => err instanceof StoreError && err.code === 'invalid_argument',
      bad,
    );
});

test('a page reads one extra row only to know whether another page follows', () => {
  const id = (n: number): number => n;
  assert.deepEqual(pageOf([1, 2, 3], 2, id, String), { items: [1, 2], next: '2' });
  assert.deepEqual(pageOf([1, 2], 2, id, String), { items: [1, 2], next: null });
  assert.deepEqual(pageOf([], 2, id, String), { items: [], next: null });
});

test('ledger positions order by height, then position', () => {
  assert.equal(ledgerPos(3, 7), 3 * 65_536 + 7);
  assert.equal(heightOfPos(ledgerPos(3, 65_535)), 3);
  assert.deepEqual(blockPosRange(2), { from: 131_072, to: 196_608 });
  assert.ok(ledgerPos(1, 65_535) < ledgerPos(2, 0));
});
