import { base58Encode, sha256 } from '@bigchaindb-ts/core';
import { md5, ripemd160 } from '@noble/hashes/legacy.js';

/**
 * pyspool's piece identity, for reading data registered on Bitcoin (reference A.2, F-A7):
 * Base58Check(version byte, HASH160(the ASCII lowercase hex of the file's MD5)), version 0 on
 * mainnet and 111 on testnet. Only for interop: the registry itself names a file by its SHA-256.
 */
export function legacyPieceAddress(bytes: Uint8Array, options: { testnet?: boolean } = {}): string {
  const md5Hex = hex(md5(bytes));
  return base58Check(options.testnet ? 111 : 0, ripemd160(sha256(new TextEncoder().encode(md5Hex))));
}

/** Base58Check: version byte, payload, and the first 4 bytes of the double SHA-256 of both. */
export function base58Check(version: number, payload: Uint8Array): string {
  const body = new Uint8Array(payload.length + 1);
  body[0] = version;
  body.set(payload, 1);
  const checksum = sha256(sha256(body)).subarray(0, 4);
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  out.set(checksum, body.length);
  return base58Encode(out);
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
