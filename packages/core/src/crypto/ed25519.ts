import { backend } from '#crypto-backend';
import { BoundedCache } from '../bounded-cache.js';
import { base58Decode, base58Encode } from './base58.js';

/** An Ed25519 keypair in BigchainDB's form: base58 public key, base58 of the 32-byte private seed. */
export interface Keypair {
  readonly publicKey: string;
  readonly privateKey: string;
}

/** Derives the keypair whose private key is this 32-byte seed (tweetnacl's `fromSeed`). */
export function keypairFromSeed(seed: Uint8Array): Keypair {
  if (seed.length !== 32) throw new TypeError(`an Ed25519 seed is 32 bytes, got ${seed.length}`);
  return { publicKey: base58Encode(backend.publicKeyFromSeed(seed)), privateKey: base58Encode(seed) };
}

/** A fresh random keypair. `random` may be injected for deterministic tests. */
export function generateKeypair(random: (n: number) => Uint8Array = (n) => backend.randomBytes(n)): Keypair {
  return keypairFromSeed(random(32));
}

/** Derives the public key (base58) of a base58 private key, or throws TypeError if it is not one. */
export function publicKeyOf(privateKey: string): string {
  const known = publicKeysOfSeeds.get(privateKey);
  if (known !== undefined) return known;
  return publicKeysOfSeeds.set(privateKey, keypairFromSeed(decodePrivateKey(privateKey)).publicKey);
}

// Deriving a public key builds a key object (~0.8 ms on Node 20); signing asks for it on every
// transaction a key signs. The seeds are the caller's own keys, already held by the backend's
// key cache; bounded, so a long-lived process does not accumulate them.
const publicKeysOfSeeds = new BoundedCache<string, string>(1024);

// Base58 decoding is quadratic-ish and the same keys recur in every transaction they touch.
const decodedKeys = new BoundedCache<string, Uint8Array | null>(8192);

function decodeKeyCached(text: string): Uint8Array | null {
  const cached = decodedKeys.get(text);
  if (cached !== undefined) return cached;
  const bytes = text.length < 32 || text.length > 44 ? undefined : base58Decode(text);
  return decodedKeys.set(text, bytes !== undefined && bytes.length === 32 ? bytes : null);
}

/** True when `text` is base58 of exactly 32 bytes, the shape of a BigchainDB public key. */
export function isPublicKey(text: string): boolean {
  return decodeKeyCached(text) !== null;
}

/** True when `pair.privateKey` is a 32-byte seed whose public key is `pair.publicKey`. */
export function isKeypair(pair: { publicKey: string; privateKey: string }): boolean {
  const seed = base58Decode(pair.privateKey);
  if (seed === undefined || seed.length !== 32) return false;
  return keypairFromSeed(seed).publicKey === pair.publicKey;
}

export function decodePublicKey(publicKey: string): Uint8Array {
  const bytes = base58Decode(publicKey);
  if (bytes === undefined || bytes.length !== 32)
    throw new TypeError(`not a base58 Ed25519 public key: ${publicKey}`);
  return bytes;
}

export function decodePrivateKey(privateKey: string): Uint8Array {
  const bytes = base58Decode(privateKey);
  if (bytes === undefined || bytes.length !== 32)
    throw new TypeError('not a base58 Ed25519 private key (32-byte seed)');
  return bytes;
}

/** Pure Ed25519 (RFC 8032) signature of `message` with a 32-byte seed. 64 bytes. */
export function signEd25519(message: Uint8Array, seed: Uint8Array): Uint8Array {
  return backend.sign(seed, message);
}

/** Which Ed25519 implementation this process uses: "sodium-native" or "node:crypto" in Node, "@noble/ed25519" in browsers. */
export const ed25519Backend = backend.ed25519;

/** Verifies a pure Ed25519 signature. Never throws for malformed input; returns false. */
export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    return backend.verify(publicKey, message, signature);
  } catch {
    return false;
  }
}
