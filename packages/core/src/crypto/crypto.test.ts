import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  base58Decode,
  decodePublicKey,
  generateKeypair,
  isKeypair,
  isPublicKey,
  keypairFromSeed,
  publicKeyOf,
  sha3Hex,
  signEd25519,
  verifyEd25519,
  decodePrivateKey,
} from './index.js';

// Fixed keys from BigchainDB's HTTP API samples (reference §7.1) and the driver's seed vector (§7.6).
const alice = {
  privateKey: 'CfdqtD7sS7FgkMoGPXw55MVGGFwQLAoHYTcBhZDtF99Z',
  publicKey: '4K9sWUMFwTgaDGPfdynrbxWqWS6sWmKbZoTjxLtVUibD',
};

test('SHA3-256 is FIPS-202, not Keccak', () => {
  assert.equal(sha3Hex(''), 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a');
});

test('a private key is the base58 32-byte seed of its public key', () => {
  assert.equal(publicKeyOf(alice.privateKey), alice.publicKey);
  assert.equal(
    Buffer.from(decodePublicKey(alice.publicKey)).toString('hex'),
    '31398baddc9f85fc4fc375b19da61a4243e653519c13383d9808ff3bf36ebf9c',
  );
  assert.ok(isKeypair(alice));
  assert.ok(!isKeypair({ ...alice, publicKey: '3yfQPHeWAa1MxTX9Zf9176QqcpcnWcanVZZbaHb8B3h9' }));
});

test('keypairFromSeed matches the driver (Ed25519Keypair(Buffer.alloc(32, 1)))', () => {
  assert.deepEqual(keypairFromSeed(Buffer.alloc(32, 1)), {
    publicKey: 'AKnL4NNf3DGWZJS6cPknBuEGnVsV4A4m5tgebLHaRSZ9',
    privateKey: '4vJ9JU1bJJE96FWSJKvHsmmFADCg4gpZQff4P3bkLKi',
  });
});

test('generated keypairs validate and sign/verify round-trips', () => {
  const kp = generateKeypair();
  assert.ok(isKeypair(kp));
  assert.ok(isPublicKey(kp.publicKey));
  const msg = Buffer.from('hello');
  const sig = signEd25519(msg, decodePrivateKey(kp.privateKey));
  assert.equal(sig.length, 64);
  assert.ok(verifyEd25519(decodePublicKey(kp.publicKey), msg, sig));
  const bad = Buffer.from(sig);
  bad[0] = (bad[0] ?? 0) ^ 1;
  assert.ok(!verifyEd25519(decodePublicKey(kp.publicKey), msg, bad));
  assert.ok(!verifyEd25519(decodePublicKey(kp.publicKey), Buffer.from('hellp'), sig));
});

test('malformed keys are refused, never thrown through verify', () => {
  assert.ok(!isPublicKey('0OIl'));
  assert.ok(!isPublicKey(''));
  assert.equal(base58Decode('0'), undefined);
  assert.ok(!verifyEd25519(new Uint8Array(31), new Uint8Array(32), new Uint8Array(64)));
  assert.throws(() => decodePublicKey('abc'), TypeError);
});
