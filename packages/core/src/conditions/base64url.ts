/**
 * Strict base64url (RFC 4648 §5) without padding, the text form of fulfillments, fingerprints,
 * signatures and preimages. Decoding accepts only the canonical encoding of some byte string, so
 * one value has one text form; Node's own decoder silently accepts padding, the other alphabet,
 * stray characters and non-zero trailing bits.
 */

const alphabet = /^[A-Za-z0-9_-]*$/;

export function base64urlEncode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** The bytes of a canonical unpadded base64url string, or undefined when it is not one. */
export function base64urlDecode(text: string): Uint8Array | undefined {
  if (!alphabet.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

/** Most characters of base64url that can encode `byteCount` bytes, to refuse oversized text before decoding. */
export function base64urlLengthMax(byteCount: number): number {
  return Math.ceil((byteCount * 4) / 3);
}
