/**
 * Byte-string helpers on plain Uint8Array, so that the core runs in browsers as well as in Node
 * (Node's byte-array class is not there). Base64url, the crypto-conditions text form, is in
 * conditions/base64url.ts.
 */

const encoder = new TextEncoder();

/** UTF-8 bytes of `text`; a lone surrogate becomes U+FFFD, as in Node and every browser. */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Length of `utf8Encode(text)`, counted without encoding. */
export function utf8Length(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) {
      length += 1;
    } else {
      // Three bytes for the rest of the BMP and for a lone surrogate (written as U+FFFD); a
      // surrogate pair is two units and four bytes.
      length += 2;
      if (unit >= 0xd800 && unit < 0xdc00) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next < 0xe000) i++;
      }
    }
  }
  return length;
}

const hexDigits = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex. */
export function hexEncode(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += hexDigits[byte]!;
  return text;
}

// V8 keeps a typed array of at most 64 bytes inside its heap but gives a larger one a backing store
// of its own, which costs far more (about 0.5 µs) than filling it. So mid-sized arrays are cut from a
// shared zero-filled block instead, as Node does for its own byte arrays; each region is handed out
// only once.
const poolSize = 8192;
let pool = new ArrayBuffer(poolSize);
let poolOffset = 0;

/** A new zero-filled byte array; mid-sized ones share their ArrayBuffer with others. */
export function newBytes(length: number): Uint8Array {
  if (length <= 64 || length > poolSize / 8) return new Uint8Array(length);
  if (poolOffset + length > poolSize) {
    pool = new ArrayBuffer(poolSize);
    poolOffset = 0;
  }
  const bytes = new Uint8Array(pool, poolOffset, length);
  // Keeps every region 8-aligned, as typed-array views of wider elements would need.
  poolOffset += (length + 7) & ~7;
  return bytes;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = newBytes(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Lexicographic order of byte strings (a shorter prefix first): -1, 0 or 1. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A string that stands for a short byte string (a key) in memo maps: one character per byte. */
export function bytesKey(bytes: Uint8Array): string {
  // Spreading a typed array goes through its iterator, several times slower than apply.
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}
