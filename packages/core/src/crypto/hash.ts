import { backend } from '#crypto-backend';

/** SHA3-256 (FIPS-202, not Keccak-256) of UTF-8 text or bytes, as 32 raw bytes. */
export function sha3(data: string | Uint8Array): Uint8Array {
  return backend.sha3_256(data);
}

/** SHA3-256 as 64 lowercase hex characters (BigchainDB's transaction id form). */
export function sha3Hex(data: string | Uint8Array): string {
  return backend.sha3_256Hex(data);
}

/** SHA3-256 of `prefix + suffix` for each suffix, hashing the shared prefix only once. */
export function sha3Suffixed(prefix: string, suffixes: readonly string[]): Uint8Array[] {
  return backend.sha3_256Suffixed(prefix, suffixes);
}

/** Plain SHA-256, used by crypto-condition fingerprints. */
export function sha256(data: Uint8Array): Uint8Array {
  return backend.sha256(data);
}
