/**
 * The crypto backend for browsers and other runtimes without Node built-ins (see backend.ts):
 * @noble/hashes for SHA3-256, SHA-256 and SHA-512, @noble/ed25519's synchronous API, and Web
 * Crypto's `getRandomValues`. Hashes, keys and signatures are byte for byte the Node backend's.
 */
import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { sha3_256, type Keccak } from '@noble/hashes/sha3.js';
import { hexEncode, utf8Encode } from '../bytes.js';
import type { CryptoBackend } from './backend.js';

// The synchronous API needs a synchronous SHA-512, which Web Crypto does not offer.
ed.hashes.sha512 = sha512;

const bytesOf = (data: string | Uint8Array): Uint8Array =>
  typeof data === 'string' ? utf8Encode(data) : data;

export const backend: CryptoBackend = {
  ed25519: '@noble/ed25519',

  sha3_256: (data) => sha3_256(bytesOf(data)),

  sha3_256Hex: (data) => hexEncode(sha3_256(bytesOf(data))),

  sha3_256Suffixed(prefix, suffixes) {
    // noble types the hash state loosely (Hash<any>); sha3_256's is a Keccak.
    const base = sha3_256.create().update(utf8Encode(prefix)) as Keccak;
    return suffixes.map((suffix) => base.clone().update(utf8Encode(suffix)).digest());
  },

  sha256: (data) => sha256(data),

  sign: (seed, message) => ed.sign(message, seed),

  // RFC 8032's strict checks (canonical encodings, no small-order public key), as libsodium makes
  // them, not noble's default ZIP-215 rules, which accept signatures libsodium refuses.
  verify: (publicKey, message, signature) => ed.verify(signature, message, publicKey, { zip215: false }),

  publicKeyFromSeed: (seed) => ed.getPublicKey(seed),

  randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
};
