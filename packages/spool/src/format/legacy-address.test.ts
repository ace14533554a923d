import { test } from 'node:test';
import assert from 'node:assert/strict';
import { md5, ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@bigchaindb-ts/core';
import { base58Check, legacyPieceAddress } from './legacy-address.js';

const fromHex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

test('Base58Check of a HASH160 (the Bitcoin wiki vector) and the hashes it is made of', () => {
  assert.equal(
    base58Check(0, fromHex('010966776006953d5567439e5e39f86a0d273bee')),
    '16UwLL9Risc3QfPqBUvKofHmBQ7wMtjvM',
  );
  assert.equal(toHex(md5(new Uint8Array(0))), 'd41d8cd98f00b204e9800998ecf8427e');
  assert.equal(toHex(ripemd160(new Uint8Array(0))), '9c1185a5c5e9fc54612808977ee8f548b2258d31');
});

test("pyspool's piece address: HASH160 of the MD5's hex text, mainnet 1…, testnet m… or n…", () => {
  const file = new TextEncoder().encode('the artwork');
  const h160 = ripemd160(sha256(new TextEncoder().encode(toHex(md5(file)))));
  assert.equal(legacyPieceAddress(file), base58Check(0, h160));
  assert.match(legacyPieceAddress(file), /^1[1-9A-HJ-NP-Za-km-z]{25,33}$/);
  assert.match(legacyPieceAddress(file, { testnet: true }), /^[mn][1-9A-HJ-NP-Za-km-z]{25,33}$/);
  assert.notEqual(legacyPieceAddress(file), legacyPieceAddress(new TextEncoder().encode('another')));
});
