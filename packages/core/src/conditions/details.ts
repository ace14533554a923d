/**
 * `details` JSON (an output's condition tree) in and out. Parsing takes untrusted input of unknown
 * shape and turns it into a checked tree whose every node already knows its condition, enforcing
 * the shape rules and the limits (depth, children, nodes) as it goes, so it never recurses deeper
 * than `conditionDepthMax` and never walks more than `conditionNodesMax` nodes, even when a tree
 * built in JS shares one object in many places or contains itself.
 */
import { BoundedCache } from '../bounded-cache.js';
import { bytesEqual } from '../bytes.js';
import { defaultLimits, type Limits } from '../constants.js';
import { decodePublicKey, isPublicKey, sha256 } from '../crypto/index.js';
import {
  ConditionTooComplex,
  InvalidCondition,
  InvalidSignature,
  ThresholdTooDeep,
} from '../errors/index.js';
import type { ConditionDetails } from '../transaction/index.js';
import { base64urlDecode } from './base64url.js';
import {
  conditionUri,
  ed25519Condition,
  invertedThresholdCondition,
  preimageConditionFromParts,
  thresholdCondition,
  timeoutCondition,
  type Condition,
} from './condition.js';
import { parseExpireTime } from './expire-time.js';
import { deterministicTypes, isTypeName, type ConditionTypeName } from './registry.js';

/** A checked details node. Ed25519 and preimage leaves may carry their secret part when parsed as signed details. */
export type DetailsNode =
  | {
      readonly type: 'ed25519-sha-256';
      readonly condition: Condition;
      readonly publicKey: Uint8Array;
      readonly publicKeyText: string;
      readonly signature: Uint8Array | undefined;
    }
  | {
      readonly type: 'preimage-sha-256';
      readonly condition: Condition;
      readonly preimage: Uint8Array | undefined;
    }
  | {
      readonly type: 'threshold-sha-256' | 'inverted-threshold-sha-256';
      readonly condition: Condition;
      readonly threshold: number;
      readonly children: readonly DetailsNode[];
    }
  | {
      readonly type: 'timeout-sha-256';
      readonly condition: Condition;
      readonly expireTimeMs: number;
    };

/** Which optional secret fields the parser accepts. */
export type DetailsMode = 'plain' | 'signed';

const requiredKeys: Readonly<Record<ConditionTypeName, readonly string[]>> = {
  'ed25519-sha-256': ['type', 'public_key'],
  'preimage-sha-256': ['type', 'fingerprint', 'cost'],
  'threshold-sha-256': ['type', 'threshold', 'subconditions'],
  'timeout-sha-256': ['type', 'expire_time'],
  'inverted-threshold-sha-256': ['type', 'threshold', 'subconditions'],
};

const secretKeys: Partial<Record<ConditionTypeName, string>> = {
  'ed25519-sha-256': 'signature',
  'preimage-sha-256': 'preimage',
};

/**
 * Reads the own data properties of a plain object or array. Accessors are refused so that parsing
 * never runs code hidden in the input.
 */
function ownValues(value: object, where: string): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const key of Object.keys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined || !('value' in descriptor))
      throw new InvalidCondition(`${where}: property ${key} is not plain data`);
    if (descriptor.value !== undefined) values.set(key, descriptor.value);
  }
  return values;
}

// One lookup per key in the hot path: its bytes and its condition, from its base58 text (keys recur
// in every output they own, and decoding plus hashing was the largest cost of parsing details).
const ed25519Keys = new BoundedCache<string, { publicKey: Uint8Array; condition: Condition } | null>(8192);

function ed25519Key(text: string): { publicKey: Uint8Array; condition: Condition } | null {
  const cached = ed25519Keys.get(text);
  if (cached !== undefined) return cached;
  if (!isPublicKey(text)) return ed25519Keys.set(text, null);
  const publicKey = decodePublicKey(text);
  return ed25519Keys.set(text, { publicKey, condition: ed25519Condition(publicKey) });
}

class DetailsParser {
  private nodes = 0;
  private readonly ancestors = new Set<object>();

  constructor(
    private readonly limits: Limits,
    private readonly mode: DetailsMode,
  ) {}

  parse(value: unknown, depth: number, underInverted: boolean, where: string): DetailsNode {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new InvalidCondition(`${where}: condition details must be an object`);
    if (this.ancestors.has(value)) throw new ThresholdTooDeep(`${where}: condition details are cyclic`);
    this.nodes += 1;
    if (this.nodes > this.limits.conditionNodesMax)
      throw new ConditionTooComplex(`condition has more than ${this.limits.conditionNodesMax} nodes`);
    const fields = ownValues(value, where);
    const type = fields.get('type');
    if (typeof type !== 'string' || !isTypeName(type))
      throw new InvalidCondition(`${where}: unsupported condition type ${JSON.stringify(type)}`);
    this.checkKeys(type, fields, where);
    if (underInverted && !deterministicTypes.has(type))
      throw new InvalidCondition(
        `${where}: only timeouts and thresholds of timeouts may appear beneath an inverted threshold, not ${type}`,
      );
    switch (type) {
      case 'ed25519-sha-256':
        return this.ed25519(fields, where);
      case 'preimage-sha-256':
        return this.preimage(fields, where);
      case 'timeout-sha-256':
        return this.timeout(fields, where);
      case 'threshold-sha-256':
      case 'inverted-threshold-sha-256':
        this.ancestors.add(value);
        try {
          return this.compound(
            type,
            fields,
            depth + 1,
            underInverted || type === 'inverted-threshold-sha-256',
            where,
          );
        } finally {
          this.ancestors.delete(value);
        }
    }
  }

  private checkKeys(type: ConditionTypeName, fields: Map<string, unknown>, where: string): void {
    const required = requiredKeys[type];
    const secret = this.mode === 'signed' ? secretKeys[type] : undefined;
    for (const key of required)
      if (!fields.has(key)) throw new InvalidCondition(`${where}: ${type} details need ${key}`);
    for (const key of fields.keys())
      if (!required.includes(key) && key !== secret)
        throw new InvalidCondition(`${where}: unexpected property ${key} in ${type} details`);
  }

  private ed25519(fields: Map<string, unknown>, where: string): DetailsNode {
    const publicKeyText = fields.get('public_key');
    const key = typeof publicKeyText === 'string' ? ed25519Key(publicKeyText) : null;
    if (key === null) throw new InvalidCondition(`${where}: public_key must be a base58 Ed25519 public key`);
    const { publicKey, condition } = key;
    const signatureText = fields.get('signature');
    let signature: Uint8Array | undefined;
    if (signatureText !== undefined) {
      signature = typeof signatureText === 'string' ? base64urlDecode(signatureText) : undefined;
      if (signature?.length !== 64)
        throw new InvalidSignature(`${where}: signature must be 64 bytes of canonical base64url`);
    }
    return {
      type: 'ed25519-sha-256',
      condition,
      publicKey,
      publicKeyText: publicKeyText as string,
      signature,
    };
  }

  private preimage(fields: Map<string, unknown>, where: string): DetailsNode {
    const fingerprintText = fields.get('fingerprint');
    const fingerprint = typeof fingerprintText === 'string' ? base64urlDecode(fingerprintText) : undefined;
    if (fingerprint?.length !== 32)
      throw new InvalidCondition(`${where}: fingerprint must be 32 bytes of canonical base64url`);
    const cost = fields.get('cost');
    if (typeof cost !== 'number' || !Number.isSafeInteger(cost) || cost < 0)
      throw new InvalidCondition(`${where}: cost must be a non-negative integer`);
    // The cost of a hash-lock is its preimage's length, so a larger cost could never be fulfilled here.
    if (cost > this.limits.preimageSizeBytesMax)
      throw new ConditionTooComplex(
        `${where}: preimages are limited to ${this.limits.preimageSizeBytesMax} bytes`,
      );
    const preimageText = fields.get('preimage');
    let preimage: Uint8Array | undefined;
    if (preimageText !== undefined) {
      preimage = typeof preimageText === 'string' ? base64urlDecode(preimageText) : undefined;
      if (preimage === undefined)
        throw new InvalidSignature(`${where}: preimage must be canonical base64url`);
      if (preimage.length !== cost || !bytesEqual(sha256(preimage), fingerprint))
        throw new InvalidSignature(`${where}: preimage does not match its fingerprint and cost`);
    }
    return { type: 'preimage-sha-256', condition: preimageConditionFromParts(fingerprint, cost), preimage };
  }

  private timeout(fields: Map<string, unknown>, where: string): DetailsNode {
    const text = fields.get('expire_time');
    const expireTimeMs = typeof text === 'string' ? parseExpireTime(text) : undefined;
    if (expireTimeMs === undefined)
      throw new InvalidCondition(
        `${where}: expire_time must be Unix seconds with exactly three decimals, e.g. "1464242352.227"`,
      );
    return { type: 'timeout-sha-256', condition: timeoutCondition(expireTimeMs), expireTimeMs };
  }

  private compound(
    type: 'threshold-sha-256' | 'inverted-threshold-sha-256',
    fields: Map<string, unknown>,
    depth: number,
    underInverted: boolean,
    where: string,
  ): DetailsNode {
    if (depth > this.limits.conditionDepthMax)
      throw new ThresholdTooDeep(
        `${where}: conditions nest deeper than ${this.limits.conditionDepthMax} levels`,
      );
    const list = fields.get('subconditions');
    if (!Array.isArray(list)) throw new InvalidCondition(`${where}: subconditions must be an array`);
    if (list.length > this.limits.conditionSubconditionsMax)
      throw new ConditionTooComplex(
        `${where}: a threshold may have at most ${this.limits.conditionSubconditionsMax} subconditions`,
      );
    const threshold = fields.get('threshold');
    if (
      typeof threshold !== 'number' ||
      !Number.isSafeInteger(threshold) ||
      threshold < 1 ||
      threshold > list.length
    )
      throw new InvalidCondition(
        `${where}: threshold must be an integer from 1 to the number of subconditions (${list.length})`,
      );
    const items = ownValues(list, where);
    const children: DetailsNode[] = [];
    for (let i = 0; i < list.length; i++) {
      const path = `${where}.subconditions[${i}]`;
      if (!items.has(String(i))) throw new InvalidCondition(`${path}: missing subcondition`);
      children.push(this.parse(items.get(String(i)), depth, underInverted, path));
    }
    const conditions = children.map((c) => c.condition);
    const condition =
      type === 'threshold-sha-256'
        ? thresholdCondition(threshold, conditions)
        : invertedThresholdCondition(threshold, conditions);
    return { type, condition, threshold, children };
  }
}

/** Parses and checks details (or signed details, in `signed` mode) under the given limits. */
export function parseDetails(details: unknown, limits: Limits, mode: DetailsMode): DetailsNode {
  return new DetailsParser(limits, mode).parse(details, 0, false, 'details');
}

/**
 * The condition of a details tree. Throws InvalidCondition for a malformed tree, ThresholdTooDeep
 * when it nests too deep or is cyclic, ConditionTooComplex when it has too many children or nodes.
 */
export function conditionFromDetails(details: unknown, limits: Limits = defaultLimits): Condition {
  return parseDetails(details, limits, 'plain').condition;
}

export function conditionUriFromDetails(details: unknown, limits: Limits = defaultLimits): string {
  return conditionUri(conditionFromDetails(details, limits));
}

/**
 * Visits each distinct object of a details tree once, depth-first in array order, without
 * recursion and without validating, so it is safe on any tree, even a cyclic one.
 */
function visitDetails(
  details: ConditionDetails,
  visit: (node: Readonly<Record<string, unknown>>) => void,
): void {
  const seen = new Set<object>();
  const stack: unknown[] = [details];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    const record = node as Readonly<Record<string, unknown>>;
    visit(record);
    const children = record.subconditions;
    if (Array.isArray(children)) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** The unique Ed25519 public keys of a details tree, in order of first appearance (the driver's `makeOutput` rule). */
export function publicKeysOfDetails(details: ConditionDetails): string[] {
  const keys = new Set<string>();
  visitDetails(details, (node) => {
    if (node.type === 'ed25519-sha-256' && typeof node.public_key === 'string') keys.add(node.public_key);
  });
  return [...keys];
}

/** True when validating a fulfillment of these details depends on the clock (it contains a timeout). */
export function detailsUsesClock(details: ConditionDetails): boolean {
  let found = false;
  visitDetails(details, (node) => {
    if (node.type === 'timeout-sha-256') found = true;
  });
  return found;
}

/** True when a details tree contains only clock-dependent nodes, as the subconditions of an inverted threshold must. */
export function detailsAreDeterministic(details: ConditionDetails): boolean {
  let deterministic = true;
  visitDetails(details, (node) => {
    if (typeof node.type !== 'string' || !isTypeName(node.type) || !deterministicTypes.has(node.type))
      deterministic = false;
  });
  return deterministic;
}
