import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { Point } from '@noble/ed25519';
import { backend } from './backend-node.js';
import { generateKeypair, decodePublicKey } from './index.js';
import {
  isNonCanonicalY,
  isSmallOrderEncoding,
  refusedByStrictRules,
  smallOrderEncodings,
} from './strict-ed25519.js';

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function littleEndian32(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}

test('the list holds exactly the small-order points (checked with @noble/ed25519)', () => {
  // Every entry that decodes at all is a small-order point, and together they are all eight.
  const points = new Set<string>();
  for (const e of smallOrderEncodings) {
    let point;
    try {
      point = Point.fromBytes(e);
    } catch {
      continue; // a sign-flipped variant that is no encoding at all
    }
    assert.ok(point.isSmallOrder());
    points.add(point.toHex());
  }
  assert.equal(points.size, 8);
  // Multiplying arbitrary curve points by the group order leaves only their small-order part.
  for (let i = 1; i < 40; i++) {
    const y = new Uint8Array(32);
    y[0] = i;
    let q;
    try {
      q = Point.fromBytes(y);
    } catch {
      continue;
    }
    const torsion = q
      .multiplyUnsafe(L - 1n)
      .add(q)
      .toBytes();
    assert.ok(isSmallOrderEncoding(torsion), `missing ${Buffer.from(torsion).toString('hex')}`);
  }
});

test('ordinary keys pass; y >= p is refused', () => {
  for (let i = 0; i < 50; i++) {
    const pk = decodePublicKey(generateKeypair().publicKey);
    assert.ok(!isSmallOrderEncoding(pk) && !isNonCanonicalY(pk));
  }
  const p = Uint8Array.from([0xed, ...new Array<number>(30).fill(0xff), 0x7f]);
  assert.ok(isNonCanonicalY(p));
  assert.ok(!isNonCanonicalY(Uint8Array.from([0xec, ...new Array<number>(30).fill(0xff), 0x7f])));
});

test('a signature under the identity key: OpenSSL accepts it, the fallback and libsodium refuse it', () => {
  // With A the identity, any (R = [S]B, S) verifies under the cofactorless RFC 8032 equation.
  const s = 123456789n;
  const signature = new Uint8Array([...Point.BASE.multiply(s).toBytes(), ...littleEndian32(s)]);
  const identity = smallOrderEncodings[4]!; // 0100…00
  assert.equal(Buffer.from(identity).toString('hex'), '01' + '00'.repeat(31));
  const message = new Uint8Array(32).fill(7);
  const openssl = verify(
    null,
    message,
    createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(identity).toString('base64url') },
      format: 'jwk',
    }),
    signature,
  );
  assert.equal(openssl, true, 'OpenSSL alone accepts it: the guard is what keeps verifiers in agreement');
  assert.ok(refusedByStrictRules(identity, signature));
  assert.equal(backend.verify(identity, message, signature), false);
});
