import { sha256 } from '@bigchaindb-ts/core';

/**
 * A file's identity on the ledger: the lowercase hex SHA-256 of its bytes. pyspool used
 * Base58Check(HASH160(MD5 hex)), tied to Bitcoin and to MD5 (reference F-A7). The core picks the
 * hash (node:crypto in Node, @noble in browsers), so this runs in both.
 */
export function fileHash(bytes: Uint8Array | ArrayBuffer): string {
  const digest = sha256(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** True for 64 lowercase hex characters. */
export function isFileHash(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}
