/**
 * The small subset of DER (ITU-T X.690) that crypto-conditions use, written by hand.
 *
 * Crypto-conditions need only context-specific tags below 31, definite lengths, non-negative
 * INTEGERs, OCTET STRINGs, one BIT STRING and SET OF. General ASN.1 libraries are large, accept
 * BER leniencies (indefinite or non-minimal lengths, unsorted SET OF) that would make a fulfillment
 * malleable, and parse recursively without a depth bound, so this module implements exactly the
 * subset, strictly, and leaves nesting limits to its callers.
 */
import { compareBytes, concatBytes } from '../bytes.js';
import type { ValidationError } from '../errors/index.js';

/** Builds the error a decoder throws for malformed bytes; callers choose the ValidationError subclass. */
export type MalformedError = (message: string) => ValidationError;

export const tagClassContext = 0x80;
export const tagConstructed = 0x20;
export const tagSequence = 0x30;

/** Identifier byte of a context-specific tag `[n]`, primitive or constructed (n ≤ 30). */
export function contextTag(n: number, constructed: boolean): number {
  return tagClassContext | (constructed ? tagConstructed : 0) | n;
}

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** One tag-length-value element. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  return concatBytes([Uint8Array.of(tag), encodeLength(content.length), content]);
}

/** Minimal two's-complement content octets of a non-negative safe integer. */
export function integerContent(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`not a non-negative safe integer: ${value}`);
  const bytes: number[] = [];
  let rest = BigInt(value);
  do {
    bytes.unshift(Number(rest & 0xffn));
    rest >>= 8n;
  } while (rest > 0n);
  // A set top bit would read as negative, so positive values that need it get a leading zero.
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return Uint8Array.from(bytes);
}

/** A SET OF: its elements (already encoded) sorted by their encodings, as DER requires. */
export function setOf(tag: number, elements: readonly Uint8Array[]): Uint8Array {
  const sorted = [...elements].sort(compareBytes);
  return tlv(tag, concatBytes(sorted));
}

/** A decoded element: its identifier byte, and where its content and whole encoding lie in the input. */
export interface Element {
  readonly tag: number;
  readonly content: Uint8Array;
  /** The complete encoding (identifier, length and content), e.g. to check SET OF ordering. */
  readonly encoding: Uint8Array;
}

/**
 * Reads consecutive elements from a byte range. It checks everything local to one element
 * (tag form, minimal definite length, bounds); the callers check what the elements mean.
 */
export class DerReader {
  private offset = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly malformed: MalformedError,
  ) {}

  get done(): boolean {
    return this.offset === this.bytes.length;
  }

  read(): Element {
    const start = this.offset;
    const tag = this.byteAt(start, 'missing element');
    if ((tag & 0x1f) === 0x1f) throw this.malformed('multi-byte tags are not used by crypto-conditions');
    const first = this.byteAt(start + 1, 'missing length');
    let length: number;
    let contentStart: number;
    if (first < 0x80) {
      length = first;
      contentStart = start + 2;
    } else {
      const count = first & 0x7f;
      if (count === 0) throw this.malformed('indefinite lengths are not DER');
      // Four length bytes already allow 4 GiB, far beyond any accepted input.
      if (count > 4) throw this.malformed('length field too long');
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + this.byteAt(start + 2 + i, 'truncated length');
      if (length < 0x80 || length < 256 ** (count - 1)) throw this.malformed('non-minimal length');
      contentStart = start + 2 + count;
    }
    const end = contentStart + length;
    if (end > this.bytes.length) throw this.malformed('length runs past the end of the input');
    this.offset = end;
    return {
      tag,
      content: this.bytes.subarray(contentStart, end),
      encoding: this.bytes.subarray(start, end),
    };
  }

  /** Reads an element that must carry exactly this identifier byte. */
  expect(tag: number, what: string): Uint8Array {
    const element = this.read();
    if (element.tag !== tag) throw this.malformed(`expected ${what}`);
    return element.content;
  }

  /** Fails unless every byte was consumed. */
  end(what: string): void {
    if (!this.done) throw this.malformed(`trailing bytes after ${what}`);
  }

  private byteAt(index: number, message: string): number {
    const value = this.bytes[index];
    if (value === undefined) throw this.malformed(message);
    return value;
  }
}

/** Decodes a DER INTEGER's content as a non-negative safe integer, rejecting non-minimal forms. */
export function decodeInteger(content: Uint8Array, malformed: MalformedError, what: string): number {
  const first = content[0];
  if (first === undefined) throw malformed(`empty INTEGER for ${what}`);
  if (first & 0x80) throw malformed(`negative ${what}`);
  const second = content[1];
  if (first === 0 && second !== undefined && !(second & 0x80))
    throw malformed(`non-minimal INTEGER for ${what}`);
  if (content.length > 8) throw malformed(`${what} is too large`);
  let value = 0n;
  for (const byte of content) value = (value << 8n) | BigInt(byte);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed(`${what} is too large`);
  return Number(value);
}

/** Reads the elements of a SET OF content, checking that they are in DER order (sorted by encoding). */
export function readSetOf(
  content: Uint8Array,
  malformed: MalformedError,
  countMax: number,
  onTooMany: () => ValidationError,
): Element[] {
  const reader = new DerReader(content, malformed);
  const elements: Element[] = [];
  while (!reader.done) {
    if (elements.length === countMax) throw onTooMany();
    const element = reader.read();
    const previous = elements[elements.length - 1];
    if (previous !== undefined && compareBytes(previous.encoding, element.encoding) > 0)
      throw malformed('SET OF elements are not sorted');
    elements.push(element);
  }
  return elements;
}
