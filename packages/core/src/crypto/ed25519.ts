import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { BoundedCache } from '../bounded-cache.js';
import { base58Decode, base58Encode } from './base58.js';

/** An Ed25519 keypair in BigchainDB's form: base58 public key, base58 of the 32-byte private seed. */
export interface Keypair {
  readonly publicKey: string;
  readonly privateKey: string;
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Derives the keypair whose private key is this 32-byte seed (tweetnacl's `fromSeed`). */
export function keypairFromSeed(seed: Uint8Array): Keypair {
  if (seed.length !== 32) throw new TypeError(`an Ed25519 seed is 32 bytes, got ${seed.length}`);
  const priv = privateKeyObject(seed);
  const jwk = createPublicKey(priv).export({ format: 'jwk' });
  const pub = Buffer.from(String(jwk.x), 'base64url');
  return { publicKey: base58Encode(pub), privateKey: base58Encode(seed) };
}

/** A fresh random keypair. `random` may be injected for deterministic tests. */
export function generateKeypair(random: (n: number) => Uint8Array = randomBytes): Keypair {
  return keypairFromSeed(random(32));
}

/** Derives the public key (base58) of a base58 private key, or throws TypeError if it is not one. */
export function publicKeyOf(privateKey: string): string {
  return keypairFromSeed(decodePrivateKey(privateKey)).publicKey;
}

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

function privateKeyObject(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

// A node signs every block and vote with one key; importing it (PKCS#8 DER) cost more than the
// signature itself, so imported private keys are kept, for a small number of seeds.
const privateKeys = new BoundedCache<string, KeyObject>(64);

/** Pure Ed25519 (RFC 8032) signature of `message` with a 32-byte seed. 64 bytes. */
export function signEd25519(message: Uint8Array, seed: Uint8Array): Buffer {
  const id = Buffer.from(seed.buffer, seed.byteOffset, seed.byteLength).toString('latin1');
  const key = privateKeys.get(id) ?? privateKeys.set(id, privateKeyObject(seed));
  return sign(null, message, key);
}

// Verification is the hot path (see BENCHMARKS.md). libsodium through sodium-native is about 1.7x
// faster than node:crypto here, so it is used when the optional dependency is installed. Importing
// a raw key into node:crypto goes through JWK, never DER/SPKI, because the OpenSSL 3 DER decoder
// halves throughput and serialises across threads; imported keys are cached.
interface Sodium {
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}
function loadSodium(): Sodium | undefined {
  if (process.env.BIGCHAINDB_ED25519 === 'node') return undefined;
  try {
    return createRequire(import.meta.url)('sodium-native') as Sodium;
  } catch {
    return undefined;
  }
}
const sodium = loadSodium();

const keyCache = new Map<string, KeyObject>();
const keyCacheSizeMax = 4096;

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  const x = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('base64url');
  let key = keyCache.get(x);
  if (key === undefined) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    if (keyCache.size >= keyCacheSizeMax) keyCache.clear();
    keyCache.set(x, key);
  }
  return key;
}

/** Which Ed25519 verifier this process uses ("sodium-native" or "node:crypto"). */
export const ed25519Backend: 'sodium-native' | 'node:crypto' = sodium ? 'sodium-native' : 'node:crypto';

/** Verifies a pure Ed25519 signature. Never throws for malformed input; returns false. */
export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    if (sodium) return sodium.crypto_sign_verify_detached(signature, message, publicKey);
    return verify(null, message, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}
