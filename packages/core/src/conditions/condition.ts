/**
 * Conditions: what an output is locked with. A condition is a type, a 32-byte SHA-256 fingerprint,
 * a cost, and (for compound types) the set of types beneath it. This file computes the condition of
 * each type from its public parameters, and converts conditions to and from their binary (DER) and
 * URI forms, exactly as crypto-conditions 2.2.1 does for the official types.
 */
import { ConditionTooComplex, InvalidCondition } from '../errors/index.js';
import { sha256 } from '../crypto/index.js';
import { BoundedCache } from '../bounded-cache.js';
import { bytesEqual, bytesKey, concatBytes } from '../bytes.js';
import { ed25519Cost, thresholdCostPerSubcondition } from '../constants.js';
import { base64urlDecode, base64urlEncode } from './base64url.js';
import {
  DerReader,
  contextTag,
  decodeInteger,
  integerContent,
  setOf,
  tagClassContext,
  tagConstructed,
  tagSequence,
  tlv,
  type MalformedError,
} from './der.js';
import {
  fixedCostOf,
  isCompound,
  isTypeName,
  timeoutCost,
  typeIds,
  typeNameOfId,
  type ConditionTypeName,
} from './registry.js';

export interface Condition {
  readonly type: ConditionTypeName;
  readonly fingerprint: Uint8Array;
  readonly cost: number;
  /** Types used beneath a compound condition, sorted, without the condition's own type; empty for simple types. */
  readonly subtypes: readonly ConditionTypeName[];
}

const fingerprintBytes = 32;

function makeCondition(
  type: ConditionTypeName,
  fingerprint: Uint8Array,
  cost: number,
  subtypes: Iterable<ConditionTypeName>,
): Condition {
  return Object.freeze({ type, fingerprint, cost, subtypes: Object.freeze([...new Set(subtypes)].sort()) });
}

/** Adds costs, refusing totals that a JS number can no longer hold exactly. */
function addCosts(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new ConditionTooComplex('condition cost exceeds 2^53 - 1');
  return sum;
}

/** Union of the children's types and subtypes, minus the parent's own type (as crypto-conditions does). */
function subtypesOf(own: ConditionTypeName, children: readonly Condition[]): ConditionTypeName[] {
  const all = new Set<ConditionTypeName>();
  for (const child of children) {
    all.add(child.type);
    for (const subtype of child.subtypes) all.add(subtype);
  }
  all.delete(own);
  return [...all];
}

const ed25519Conditions = new BoundedCache<string, Condition>(8192);

/** The condition of an Ed25519 key; memoized, since the same keys recur in every transaction they touch. */
export function ed25519Condition(publicKey: Uint8Array): Condition {
  const key = bytesKey(publicKey);
  const cached = ed25519Conditions.get(key);
  if (cached) return cached;
  const contents = tlv(tagSequence, tlv(contextTag(0, false), publicKey));
  return ed25519Conditions.set(key, makeCondition('ed25519-sha-256', sha256(contents), ed25519Cost, []));
}

/** A hash-lock's fingerprint is the SHA-256 of the raw preimage and its cost is the preimage's length. */
export function preimageCondition(preimage: Uint8Array): Condition {
  return makeCondition('preimage-sha-256', sha256(preimage), preimage.length, []);
}

export function preimageConditionFromParts(fingerprint: Uint8Array, cost: number): Condition {
  return makeCondition('preimage-sha-256', fingerprint, cost, []);
}

/** Fingerprint contents shared by both threshold types: `SEQUENCE { threshold [0] INTEGER, subconditions [1] SET OF Condition }`. */
function thresholdFingerprint(threshold: number, subconditions: readonly Condition[]): Uint8Array {
  return sha256(
    tlv(
      tagSequence,
      concatBytes([
        tlv(contextTag(0, false), integerContent(threshold)),
        setOf(contextTag(1, true), subconditions.map(conditionBinary)),
      ]),
    ),
  );
}

/** m-of-n threshold: cost is the sum of the m largest subcondition costs plus 1024 per subcondition. */
export function thresholdCondition(threshold: number, subconditions: readonly Condition[]): Condition {
  const largest = subconditions
    .map((c) => c.cost)
    .sort((a, b) => b - a)
    .slice(0, threshold);
  let cost = thresholdCostPerSubcondition * subconditions.length;
  for (const c of largest) cost = addCosts(cost, c);
  const type = 'threshold-sha-256';
  return makeCondition(
    type,
    thresholdFingerprint(threshold, subconditions),
    cost,
    subtypesOf(type, subconditions),
  );
}

/**
 * NOT of an m-of-n threshold. Validating it evaluates every subcondition, so its cost counts all of
 * them, plus the same 1024 per subcondition as a threshold.
 */
export function invertedThresholdCondition(
  threshold: number,
  subconditions: readonly Condition[],
): Condition {
  let cost = thresholdCostPerSubcondition * subconditions.length;
  for (const c of subconditions) cost = addCosts(cost, c.cost);
  const type = 'inverted-threshold-sha-256';
  return makeCondition(
    type,
    thresholdFingerprint(threshold, subconditions),
    cost,
    subtypesOf(type, subconditions),
  );
}

/** Timeout fingerprint contents: `SEQUENCE { expireTime [0] INTEGER }` (milliseconds since the epoch). */
export function timeoutCondition(expireTimeMs: number): Condition {
  const contents = tlv(tagSequence, tlv(contextTag(0, false), integerContent(expireTimeMs)));
  return makeCondition('timeout-sha-256', sha256(contents), timeoutCost, []);
}

/** Subtypes as a DER BIT STRING: bit k (most significant first) is type id k, with no trailing zero bits. */
function subtypesBitString(subtypes: readonly ConditionTypeName[]): Uint8Array {
  const ids = subtypes.map((name) => typeIds[name]);
  const maxId = Math.max(0, ...ids);
  const bits = new Uint8Array(1 + (maxId >> 3));
  for (const id of ids) bits[id >> 3]! |= 1 << (7 - (id % 8));
  return concatBytes([Uint8Array.of(7 - (maxId % 8)), bits]);
}

/** `[type] SEQUENCE { fingerprint [0] OCTET STRING, cost [1] INTEGER, subtypes [2] BIT STRING (compound only) }`. */
export function conditionBinary(c: Condition): Uint8Array {
  const fields = [
    tlv(contextTag(0, false), c.fingerprint),
    tlv(contextTag(1, false), integerContent(c.cost)),
  ];
  if (isCompound(c.type)) fields.push(tlv(contextTag(2, false), subtypesBitString(c.subtypes)));
  return tlv(contextTag(typeIds[c.type], true), concatBytes(fields));
}

/**
 * Checks what every well-formed condition of a type satisfies, whichever form it came from. Beyond
 * crypto-conditions 2.2.1 (which accepts any cost or subtypes), it refuses fixed-cost types with
 * another cost and inverted thresholds whose subtypes admit a secret beneath them: neither could be
 * the condition of any fulfillment this module accepts.
 */
function checkCondition(c: Condition, malformed: MalformedError): Condition {
  if (c.fingerprint.length !== fingerprintBytes) throw malformed('fingerprint must be 32 bytes');
  const fixed = fixedCostOf(c.type);
  if (fixed !== undefined && c.cost !== fixed) throw malformed(`${c.type} cost must be ${fixed}`);
  if (!isCompound(c.type)) return c;
  if (c.subtypes.length === 0) throw malformed(`${c.type} must list its subtypes`);
  if (c.subtypes.includes(c.type)) throw malformed(`${c.type} must not list itself as a subtype`);
  if (c.type === 'inverted-threshold-sha-256') {
    const deterministic = c.subtypes.every((t) => t === 'timeout-sha-256' || t === 'threshold-sha-256');
    if (!deterministic || !c.subtypes.includes('timeout-sha-256'))
      throw malformed('an inverted threshold may only contain timeouts and thresholds of them');
  }
  return c;
}

function decodeSubtypes(content: Uint8Array, malformed: MalformedError): ConditionTypeName[] {
  const unused = content[0];
  if (unused === undefined || unused > 7 || content.length < 2)
    throw malformed('malformed subtypes BIT STRING');
  const names: ConditionTypeName[] = [];
  for (let id = 0; id < (content.length - 1) * 8 - unused; id++) {
    if (!((content[1 + (id >> 3)] ?? 0) & (1 << (7 - (id % 8))))) continue;
    const name = typeNameOfId(id);
    if (name === undefined) throw malformed(`unsupported subtype id ${id}`);
    names.push(name);
  }
  // Re-encoding catches set unused bits and trailing zero bits or bytes, all non-canonical.
  if (!bytesEqual(subtypesBitString(names), content)) throw malformed('non-canonical subtypes BIT STRING');
  return names;
}

/** Decodes one condition's complete DER encoding (as found in a threshold fulfillment). */
export function decodeCondition(encoding: Uint8Array, malformed: MalformedError): Condition {
  const outer = new DerReader(encoding, malformed).read();
  const isContextConstructed = (outer.tag & 0xe0) === (tagClassContext | tagConstructed);
  const type = isContextConstructed ? typeNameOfId(outer.tag & 0x1f) : undefined;
  if (type === undefined) throw malformed('unsupported condition type');
  const reader = new DerReader(outer.content, malformed);
  const fingerprint = reader.expect(contextTag(0, false), 'condition fingerprint');
  const cost = decodeInteger(reader.expect(contextTag(1, false), 'condition cost'), malformed, 'cost');
  const subtypes = isCompound(type)
    ? decodeSubtypes(reader.expect(contextTag(2, false), 'condition subtypes'), malformed)
    : [];
  reader.end('condition');
  return checkCondition(makeCondition(type, fingerprint, cost, subtypes), malformed);
}

/** Decodes a binary condition; InvalidCondition when it is malformed or has trailing bytes. */
export function conditionFromBinary(bytes: Uint8Array): Condition {
  const malformed = (message: string) => new InvalidCondition(`malformed binary condition: ${message}`);
  const reader = new DerReader(bytes, malformed);
  const element = reader.read();
  reader.end('condition');
  return decodeCondition(element.encoding, malformed);
}

/** `ni:///sha-256;<fingerprint>?fpt=<type>&cost=<n>[&subtypes=<sorted names>]`, the form in `condition.uri`. */
const uris = new WeakMap<Condition, string>();

export function conditionUri(c: Condition): string {
  const cached = uris.get(c);
  if (cached !== undefined) return cached;
  const subtypes = isCompound(c.type) ? `&subtypes=${c.subtypes.join(',')}` : '';
  const uri = `ni:///sha-256;${base64urlEncode(c.fingerprint)}?fpt=${c.type}&cost=${c.cost}${subtypes}`;
  uris.set(c, uri);
  return uri;
}

const uriPattern =
  /^ni:\/\/\/sha-256;([A-Za-z0-9_-]{43})\?fpt=([a-z0-9-]+)&cost=(0|[1-9][0-9]{0,15})(?:&subtypes=([a-z0-9,-]+))?$/;

/**
 * Parses a condition URI in the one canonical form `conditionUri` produces (parameters in the fixed
 * order, subtypes sorted and unique, present exactly for compound types); InvalidCondition otherwise.
 */
export function parseConditionUri(uri: string): Condition {
  const malformed = (message: string) => new InvalidCondition(`malformed condition URI: ${message}`);
  const match = typeof uri === 'string' ? uriPattern.exec(uri) : null;
  if (match === null)
    throw malformed('not of the form ni:///sha-256;<fingerprint>?fpt=<type>&cost=<n>[&subtypes=...]');
  const [, fingerprintText = '', type = '', costText = '', subtypesText] = match;
  const fingerprint = base64urlDecode(fingerprintText);
  if (fingerprint === undefined) throw malformed('fingerprint is not canonical base64url');
  if (!isTypeName(type)) throw malformed(`unsupported type ${type}`);
  const cost = Number(costText);
  if (!Number.isSafeInteger(cost)) throw malformed('cost is too large');
  if (isCompound(type) !== (subtypesText !== undefined))
    throw malformed(`subtypes must be given exactly for compound types`);
  const subtypes = subtypesText === undefined ? [] : subtypesText.split(',');
  for (const [i, name] of subtypes.entries()) {
    if (!isTypeName(name)) throw malformed(`unsupported subtype ${name}`);
    if (i > 0 && subtypes[i - 1]! >= name) throw malformed('subtypes must be sorted and unique');
  }
  return checkCondition(makeCondition(type, fingerprint, cost, subtypes as ConditionTypeName[]), malformed);
}
