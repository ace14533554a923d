export { base58Decode, base58Encode } from './base58.js';
export { sha3, sha3Hex, sha3Suffixed, sha256 } from './hash.js';
export {
  decodePrivateKey,
  decodePublicKey,
  ed25519Backend,
  generateKeypair,
  isKeypair,
  isPublicKey,
  keypairFromSeed,
  publicKeyOf,
  signEd25519,
  verifyEd25519,
  type Keypair,
} from './ed25519.js';
