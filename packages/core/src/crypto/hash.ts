import { createHash } from 'node:crypto';

/** SHA3-256 (FIPS-202, not Keccak-256) of UTF-8 text or bytes, as 32 raw bytes. */
export function sha3(data: string | Uint8Array): Buffer {
  return createHash('sha3-256').update(data).digest();
}

/** SHA3-256 as 64 lowercase hex characters (BigchainDB's transaction id form). */
export function sha3Hex(data: string | Uint8Array): string {
  return createHash('sha3-256').update(data).digest('hex');
}

/** Plain SHA-256, used by crypto-condition fingerprints. */
export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}
