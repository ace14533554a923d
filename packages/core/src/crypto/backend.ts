/**
 * The hash, signature and randomness primitives the core is built on. Two modules implement them:
 * backend-node.ts (node:crypto, and libsodium through sodium-native when installed; the fast path
 * a validating node runs) and backend-browser.ts (the audited pure-JS @noble libraries and Web
 * Crypto's random source). package.json's `imports` map `#crypto-backend` to the browser module
 * under the "browser" condition, which bundlers set, and to the Node module otherwise; both export
 * `backend` with this type, and the rest of the core reaches the primitives only through it.
 */
export interface CryptoBackend {
  /** Which Ed25519 implementation signs and verifies. */
  readonly ed25519: 'sodium-native' | 'node:crypto' | '@noble/ed25519';
  /** SHA3-256 (FIPS-202) of bytes or of UTF-8 text. */
  sha3_256(data: string | Uint8Array): Uint8Array;
  /** SHA3-256 as 64 lowercase hex characters. */
  sha3_256Hex(data: string | Uint8Array): string;
  /** SHA3-256 of `prefix + suffix` (UTF-8) for each suffix, the prefix absorbed only once. */
  sha3_256Suffixed(prefix: string, suffixes: readonly string[]): Uint8Array[];
  sha256(data: Uint8Array): Uint8Array;
  /** Pure Ed25519 (RFC 8032) signature of `message` with a 32-byte seed: 64 bytes. */
  sign(seed: Uint8Array, message: Uint8Array): Uint8Array;
  /** Checks a pure Ed25519 signature; the caller has checked the key and signature lengths. May throw on malformed input. */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /** The 32-byte public key of a 32-byte seed. */
  publicKeyFromSeed(seed: Uint8Array): Uint8Array;
  /** `n` bytes from a cryptographically secure source. */
  randomBytes(n: number): Uint8Array;
}
