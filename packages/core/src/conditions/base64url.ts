/**
 * Strict base64url (RFC 4648 §5) without padding, the text form of fulfillments, fingerprints,
 * signatures and preimages. Decoding accepts only the canonical encoding of some byte string, so
 * one value has one text form; lenient decoders (Node's among them) accept padding, the other
 * alphabet, stray characters and non-zero trailing bits. Written out on Uint8Array so that it runs
 * in browsers too.
 */
import { newBytes } from '../bytes.js';

const base64urlAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const base64urlValues = new Int8Array(128).fill(-1);
for (let i = 0; i < base64urlAlphabet.length; i++) base64urlValues[base64urlAlphabet.charCodeAt(i)] = i;

export function base64urlEncode(bytes: Uint8Array): string {
  let text = '';
  const whole = bytes.length - (bytes.length % 3);
  for (let i = 0; i < whole; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    text +=
      base64urlAlphabet[n >> 18]! +
      base64urlAlphabet[(n >> 12) & 63]! +
      base64urlAlphabet[(n >> 6) & 63]! +
      base64urlAlphabet[n & 63]!;
  }
  if (bytes.length - whole === 1) {
    const n = bytes[whole]!;
    text += base64urlAlphabet[n >> 2]! + base64urlAlphabet[(n & 3) << 4]!;
  } else if (bytes.length - whole === 2) {
    const n = (bytes[whole]! << 8) | bytes[whole + 1]!;
    text +=
      base64urlAlphabet[n >> 10]! + base64urlAlphabet[(n >> 4) & 63]! + base64urlAlphabet[(n & 15) << 2]!;
  }
  return text;
}

/** The bytes of a canonical unpadded base64url string, or undefined when it is not one. */
export function base64urlDecode(text: string): Uint8Array | undefined {
  const tail = text.length % 4;
  if (tail === 1) return undefined;
  const bytes = newBytes(((text.length - tail) / 4) * 3 + (tail === 0 ? 0 : tail - 1));
  let bits = 0;
  let bitCount = 0;
  let out = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? base64urlValues[code]! : -1;
    if (value < 0) return undefined;
    bits = ((bits << 6) | value) & 0xffffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      bytes[out++] = (bits >> bitCount) & 0xff;
    }
  }
  // What is left over is the unused low bits of the last character; canonical text has them zero.
  if ((bits & ((1 << bitCount) - 1)) !== 0) return undefined;
  return bytes;
}

/** Most characters of base64url that can encode `byteCount` bytes, to refuse oversized text before decoding. */
export function base64urlLengthMax(byteCount: number): number {
  return Math.ceil((byteCount * 4) / 3);
}
