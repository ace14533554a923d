/**
 * The checks libsodium's `crypto_sign_verify_detached` makes beyond RFC 8032 that OpenSSL (the
 * node:crypto fallback) does not: the public key must be a canonical encoding (y < p) and neither
 * the key nor the signature's R may be a point of small order. Every member of a federation must
 * accept exactly the same signatures, whichever verifier it runs, or a crafted transaction could
 * be valid on one node and invalid on another; so the fallback applies these before verifying.
 * (Both paths already refuse a non-canonical S.)
 *
 * The eight canonical encodings of the points of order 1, 2, 4 and 8, checked against
 * `@noble/ed25519`'s `isSmallOrder` in strict-ed25519.test.ts; the same encodings with the sign
 * bit flipped are non-canonical encodings of the same points and are refused too.
 */
const smallOrderHex = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];

export const smallOrderEncodings: readonly Uint8Array[] = smallOrderHex.flatMap((hex) => {
  const bytes = Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
  const flipped = Uint8Array.from(bytes);
  flipped[31] = (flipped[31] ?? 0) ^ 0x80;
  return [bytes, flipped];
});

function equal(a: Uint8Array, b: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when the 32 bytes encode one of the small-order points (in any sign-bit variant). */
export function isSmallOrderEncoding(point: Uint8Array): boolean {
  return smallOrderEncodings.some((e) => equal(e, point, 32));
}

/** True when the y coordinate (low 255 bits, little-endian) is at least p = 2^255 - 19. */
export function isNonCanonicalY(point: Uint8Array): boolean {
  if (((point[31] ?? 0) & 0x7f) !== 0x7f) return false;
  for (let i = 30; i >= 1; i--) if (point[i] !== 0xff) return false;
  return (point[0] ?? 0) >= 0xed;
}

/** The extra refusals, for a 32-byte key and a 64-byte signature (R is its first half). */
export function refusedByStrictRules(publicKey: Uint8Array, signature: Uint8Array): boolean {
  return (
    isNonCanonicalY(publicKey) ||
    isSmallOrderEncoding(publicKey) ||
    isSmallOrderEncoding(signature.subarray(0, 32))
  );
}
