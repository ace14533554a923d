// Both crypto backends side by side in one process (the browser one is pure JS, so Node runs it
// too): the wire reference's golden vectors (§7) come out byte for byte the same under each, and so
// do random inputs. The rest of the suite runs once per backend (see `npm run test:browser-core`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { base58Decode, base58Encode } from './base58.js';
import type { CryptoBackend } from './backend.js';
import { backend as browser } from './backend-browser.js';
import { backend as node } from './backend-node.js';

const backends: readonly CryptoBackend[] = [node, browser];
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const utf8 = (text: string) => new TextEncoder().encode(text);
const seedOf = (privateKey: string) => base58Decode(privateKey)!;

// Reference §7.1 and §7.6: base58 seed → base58 public key.
const keys: [string, string][] = [
  ['CfdqtD7sS7FgkMoGPXw55MVGGFwQLAoHYTcBhZDtF99Z', '4K9sWUMFwTgaDGPfdynrbxWqWS6sWmKbZoTjxLtVUibD'],
  ['3AeWpPdhEZzWLYfkfYHBfMFC2r1f8HEaGS9NtbbKssya', '3yfQPHeWAa1MxTX9Zf9176QqcpcnWcanVZZbaHb8B3h9'],
  ['sG3jWDtdTXUidBJK53ucSTrosktG616U3tQHBk81eQe', '3Af3fhhjU6d9WecEM9Uw5hfom9kNEwE7YuDWdqAUssqm'],
  ['8eJ8q9ZQpReWyQT5aFCiwtZ5wDZC4eDnCen88p3tQ6ie', 'JEAkEJqLbbgDRAtMm8YAjGp759Aq2qTn9eaEHUj2XePE'],
  ['F86PQPiqMTwM2Qi2Sda3U4Vdh3AgadMdX3KNVsu5wNJr', 'GDxwMFbwdATkQELZbMfW8bd9hbNYMZLyVXA3nur2aNbE'],
  ['4rNQFzWQbVwuTiDVxwuFMvLG5zd8AhrQKCtVovBvcYsB', 'Gbrg7JtxdjedQRmr81ZZbh1BozS7fBW88ZyxNDy7WLNC'],
  ['4vJ9JU1bJJE96FWSJKvHsmmFADCg4gpZQff4P3bkLKi', 'AKnL4NNf3DGWZJS6cPknBuEGnVsV4A4m5tgebLHaRSZ9'],
];
const [alice, bob] = keys as [[string, string], [string, string]];

// V1 (§7.2) and its first TRANSFER T1 (§7.3): signing base, digest, fulfillment and id.
const v1Id = '4957744b3ac54434b8270f2c854cc1040228c82ea4e72d66d2887a4d3e30b317';
const v1 = {
  unsigned: `{"asset":{"data":{"msg":"Hello BigchainDB!"}},"id":null,"inputs":[{"fulfillment":null,"fulfills":null,"owners_before":["${alice[1]}"]}],"metadata":{"sequence":0},"operation":"CREATE","outputs":[{"amount":"1","condition":{"details":{"public_key":"${alice[1]}","type":"ed25519-sha-256"},"uri":"ni:///sha-256;PNYwdxaRaNw60N6LDFzOWO97b8tJeragczakL8PrAPc?fpt=ed25519-sha-256&cost=131072"},"public_keys":["${alice[1]}"]}],"version":"2.0"}`,
  suffix: '',
  digest: '28b73bdcb02e34c72f3a83ce391e91c4220f7f7b36a20c578ac71626dc9e3672',
  fulfillment:
    'pGSAIDE5i63cn4X8T8N1sZ2mGkJD5lNRnBM4PZgI_zvzbr-cgUCy4BR6gKaYT-tdyAGPPpknIqI4JYQQ-p2nCg3_9BfOI-15vzldhyz-j_LZVpqAlRmbTzKS-Q5gs7ZIFaZCA_UD',
  id: v1Id,
};
const t1 = {
  unsigned: `{"asset":{"id":"${v1Id}"},"id":null,"inputs":[{"fulfillment":null,"fulfills":{"output_index":0,"transaction_id":"${v1Id}"},"owners_before":["${alice[1]}"]}],"metadata":{"sequence":1},"operation":"TRANSFER","outputs":[{"amount":"1","condition":{"details":{"public_key":"${bob[1]}","type":"ed25519-sha-256"},"uri":"ni:///sha-256;lu6ov4AKkee6KWGnyjOVLBeyuP0bz4-O6_dPi15eYUc?fpt=ed25519-sha-256&cost=131072"},"public_keys":["${bob[1]}"]}],"version":"2.0"}`,
  suffix: `${v1Id}0`,
  digest: 'ba82b9c74be97e39dd12427ffb734b7876e5b4618a9370cb7ceebac6bd76e5ff',
  fulfillment:
    'pGSAIDE5i63cn4X8T8N1sZ2mGkJD5lNRnBM4PZgI_zvzbr-cgUAYRI8kzKaZcrW-_avQrAIk5q-7o_7U6biBvoHk1ioBLqHSBcE_PAdNEaeWesAAW_HeCqNUWKaJ5Lzo5Nfz7QgN',
  id: '79ef6803210c941903d63d08b40fa17f0a5a04f11ac0ff04451553a187d97a30',
};

test('the backends are the two implementations', () => {
  assert.ok(node.ed25519 === 'sodium-native' || node.ed25519 === 'node:crypto');
  assert.equal(browser.ed25519, '@noble/ed25519');
});

test('§7.1/§7.6 keys: each seed gives the same public key under both backends', () => {
  for (const b of backends) {
    for (const [privateKey, publicKey] of keys) {
      assert.equal(
        base58Encode(b.publicKeyFromSeed(seedOf(privateKey))),
        publicKey,
        `${b.ed25519} ${privateKey}`,
      );
    }
  }
});

test('§7.2/§7.3 digests, signatures and ids are identical under both backends', () => {
  for (const b of backends) {
    assert.equal(b.sha3_256Hex(''), 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a');
    for (const v of [v1, t1]) {
      assert.equal(hex(b.sha3_256(v.unsigned + v.suffix)), v.digest, b.ed25519);
      assert.deepEqual(b.sha3_256Suffixed(v.unsigned, [v.suffix]), [b.sha3_256(v.unsigned + v.suffix)]);
      // Ed25519 is deterministic, so signing the digest again gives the fulfillment's signature.
      const fulfillment = Buffer.from(v.fulfillment, 'base64url');
      const signature = fulfillment.subarray(fulfillment.length - 64);
      const digest = b.sha3_256(utf8(v.unsigned + v.suffix));
      assert.deepEqual(b.sign(seedOf(alice[0]), digest), Uint8Array.from(signature), b.ed25519);
      assert.ok(b.verify(base58Decode(alice[1])!, digest, signature));
      const idText = v.unsigned.replace(
        '"fulfillment":null',
        `"fulfillment":${JSON.stringify(v.fulfillment)}`,
      );
      assert.equal(b.sha3_256Hex(idText), v.id, b.ed25519);
    }
    // Several inputs share the signing base: one call, one digest per input, in order.
    assert.deepEqual(
      b.sha3_256Suffixed(t1.unsigned, ['', t1.suffix, '1']).map(hex),
      ['', t1.suffix, '1'].map((s) => b.sha3_256Hex(t1.unsigned + s)),
    );
    // §7.2: an Ed25519 condition's fingerprint is the SHA-256 of its DER contents.
    const contents = Uint8Array.of(0x30, 0x22, 0x80, 0x20, ...base58Decode(alice[1])!);
    assert.equal(hex(b.sha256(contents)), '3cd63077169168dc3ad0de8b0c5cce58ef7b6fcb497ab6a07336a42fc3eb00f7');
  }
});

test('random keys, messages and texts give identical bytes under both backends', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.uint8Array({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      (seed, message, text) => {
        const publicKey = node.publicKeyFromSeed(seed);
        assert.deepEqual(browser.publicKeyFromSeed(seed), publicKey);
        const signature = node.sign(seed, message);
        assert.deepEqual(browser.sign(seed, message), signature);
        assert.ok(
          browser.verify(publicKey, message, signature) && node.verify(publicKey, message, signature),
        );
        const tampered = Uint8Array.from(signature);
        tampered[0]! ^= 1;
        assert.ok(
          !browser.verify(publicKey, message, tampered) && !node.verify(publicKey, message, tampered),
        );
        // Text (lone surrogates included) is hashed as UTF-8 alike, and bytes are bytes.
        assert.deepEqual(browser.sha3_256(text), node.sha3_256(text));
        assert.equal(browser.sha3_256Hex(text), node.sha3_256Hex(text));
        assert.deepEqual(browser.sha3_256Suffixed(text, [text, '']), node.sha3_256Suffixed(text, [text, '']));
        assert.deepEqual(browser.sha3_256(message), node.sha3_256(message));
        assert.deepEqual(browser.sha256(message), node.sha256(message));
      },
    ),
    { numRuns: 200 },
  );
});

test('the browser backend refuses what libsodium refuses', () => {
  const seed = new Uint8Array(32).fill(3);
  const message = utf8('m');
  const publicKey = browser.publicKeyFromSeed(seed);
  const signature = browser.sign(seed, message);
  // S + L, the same signature with a non-canonical scalar (RFC 8032 §5.1.7 requires S < L).
  const order = 2n ** 252n + 27742317777372353535851937790883648493n;
  let s = 0n;
  for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(signature[32 + i]!);
  const malleated = Uint8Array.from(signature);
  for (let i = 0, rest = s + order; i < 32; i++, rest >>= 8n) malleated[32 + i] = Number(rest & 0xffn);
  // The neutral point as public key and as R with S = 0 satisfies the verification equation.
  const neutral = new Uint8Array(32);
  neutral[0] = 1;
  const neutralSignature = new Uint8Array(64);
  neutralSignature[0] = 1;
  const cases: [Uint8Array, Uint8Array][] = [
    [publicKey, malleated],
    [neutral, neutralSignature],
  ];
  for (const [key, sig] of cases) {
    assert.equal(browser.verify(key, message, sig), false);
    if (node.ed25519 === 'sodium-native') assert.equal(node.verify(key, message, sig), false);
  }
});

test('both backends hand out plain Uint8Arrays, and random bytes of the asked length', () => {
  for (const b of backends) {
    const outputs = [
      b.sha3_256('x'),
      ...b.sha3_256Suffixed('x', ['a', 'b']),
      b.sha256(new Uint8Array(1)),
      b.sign(new Uint8Array(32), new Uint8Array(1)),
      b.publicKeyFromSeed(new Uint8Array(32)),
      b.randomBytes(32),
    ];
    for (const bytes of outputs) assert.equal(Object.getPrototypeOf(bytes), Uint8Array.prototype, b.ed25519);
    assert.equal(b.randomBytes(7).length, 7);
    assert.notDeepEqual(b.randomBytes(32), b.randomBytes(32));
  }
});
