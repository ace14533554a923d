/**
 * The crypto backend for Node (see backend.ts): node:crypto's one-shot hashes and Ed25519, and
 * libsodium's Ed25519 verification when the optional sodium-native package is installed. The only
 * core module that may use Node built-ins and Buffer.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  hash,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { createRequire } from 'node:module';
import { BoundedCache } from '../bounded-cache.js';
import type { CryptoBackend } from './backend.js';
import { refusedByStrictRules } from './strict-ed25519.js';

// Results are handed out as plain Uint8Array views (no copy), the type the browser backend and the
// rest of the core produce, so values compare equal (assert.deepStrictEqual) whichever made them.
const plain = (bytes: Buffer): Uint8Array => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function privateKeyObject(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

// A node signs every block and vote with one key; importing it (PKCS#8 DER) cost more than the
// signature itself, so imported private keys are kept, for a small number of seeds.
const privateKeys = new BoundedCache<string, KeyObject>(64);

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

export const backend: CryptoBackend = {
  ed25519: sodium ? 'sodium-native' : 'node:crypto',

  sha3_256: (data) => plain(hash('sha3-256', data, 'buffer')),

  sha3_256Hex: (data) => hash('sha3-256', data, 'hex'),

  // One suffix (a one-input transaction, the common case) is one one-shot hash; with several, the
  // hash state after the prefix is copied for each instead of hashing the prefix again.
  sha3_256Suffixed(prefix, suffixes) {
    if (suffixes.length === 1) return [plain(hash('sha3-256', prefix + suffixes[0], 'buffer'))];
    const base = createHash('sha3-256').update(prefix);
    return suffixes.map((suffix) => plain(base.copy().update(suffix).digest()));
  },

  sha256: (data) => plain(hash('sha256', data, 'buffer')),

  sign(seed, message) {
    const id = Buffer.from(seed.buffer, seed.byteOffset, seed.byteLength).toString('latin1');
    const key = privateKeys.get(id) ?? privateKeys.set(id, privateKeyObject(seed));
    return plain(sign(null, message, key));
  },

  verify(publicKey, message, signature) {
    if (sodium) return sodium.crypto_sign_verify_detached(signature, message, publicKey);
    // Same verdicts as libsodium, so members with and without sodium-native agree.
    if (refusedByStrictRules(publicKey, signature)) return false;
    return verify(null, message, publicKeyObject(publicKey), signature);
  },

  publicKeyFromSeed(seed) {
    const jwk = createPublicKey(privateKeyObject(seed)).export({ format: 'jwk' });
    return plain(Buffer.from(String(jwk.x), 'base64url'));
  },

  randomBytes: (n) => plain(randomBytes(n)),
};
