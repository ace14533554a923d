/**
 * Signing in turns. Parties pass around "signed details": the details tree where Ed25519 leaves
 * may carry a `signature` and hash-lock leaves a `preimage` (both base64url). Each party adds what
 * it can; whoever submits turns the tree into a fulfillment, choosing for every threshold which
 * complete children to present.
 */
import { bytesEqual } from '../bytes.js';
import { defaultLimits, type Limits } from '../constants.js';
import { decodePrivateKey, publicKeyOf, sha256, signEd25519 } from '../crypto/index.js';
import { ConditionTooComplex, InvalidSignature } from '../errors/index.js';
import type {
  ConditionDetails,
  Ed25519Details,
  PreimageDetails,
  TimeoutDetails,
} from '../transaction/index.js';
import { base64urlEncode } from './base64url.js';
import { parseDetails, type DetailsNode } from './details.js';
import { formatExpireTime } from './expire-time.js';
import {
  CompleteThresholdFulfillment,
  Ed25519Fulfillment,
  InvertedThresholdFulfillment,
  PreimageFulfillment,
  ThresholdFulfillment,
  TimeoutFulfillment,
  type DeterministicNode,
  type FulfillmentNode,
  type ValidationContext,
} from './fulfillment.js';

export interface SignedEd25519Details extends Ed25519Details {
  /** base64url of the 64-byte Ed25519 signature of the input's message. */
  readonly signature?: string;
}

export interface SignedPreimageDetails extends PreimageDetails {
  /** base64url of the secret whose SHA-256 is `fingerprint`. */
  readonly preimage?: string;
}

export interface SignedThresholdDetails {
  readonly type: 'threshold-sha-256';
  readonly threshold: number;
  readonly subconditions: readonly SignedDetails[];
}

export interface SignedInvertedThresholdDetails {
  readonly type: 'inverted-threshold-sha-256';
  readonly threshold: number;
  readonly subconditions: readonly SignedDetails[];
}

export type SignedDetails =
  | SignedEd25519Details
  | SignedPreimageDetails
  | SignedThresholdDetails
  | TimeoutDetails
  | SignedInvertedThresholdDetails;

/** Writes a checked tree back as signed details JSON, letting `secretOf` supply each leaf's secret field. */
function toJson(node: DetailsNode, secretOf: (leaf: DetailsNode) => Uint8Array | undefined): SignedDetails {
  switch (node.type) {
    case 'ed25519-sha-256': {
      const signature = secretOf(node);
      return {
        type: node.type,
        public_key: node.publicKeyText,
        ...(signature === undefined ? {} : { signature: base64urlEncode(signature) }),
      };
    }
    case 'preimage-sha-256': {
      const preimage = secretOf(node);
      return {
        type: node.type,
        fingerprint: base64urlEncode(node.condition.fingerprint),
        cost: node.condition.cost,
        ...(preimage === undefined ? {} : { preimage: base64urlEncode(preimage) }),
      };
    }
    case 'timeout-sha-256':
      return { type: node.type, expire_time: formatExpireTime(node.expireTimeMs) };
    case 'threshold-sha-256':
    case 'inverted-threshold-sha-256':
      return {
        type: node.type,
        threshold: node.threshold,
        subconditions: node.children.map((child) => toJson(child, secretOf)),
      };
  }
}

/**
 * Signs `message` (the input's 32-byte digest) at every Ed25519 leaf whose public key belongs to one
 * of the base58 private keys, and keeps the signatures already present at other leaves. Ed25519 is
 * deterministic, so signing a leaf twice gives the same signature.
 */
export function signDetails(
  details: ConditionDetails | SignedDetails,
  message: Uint8Array,
  privateKeys: readonly string[],
  limits: Limits = defaultLimits,
): SignedDetails {
  const seeds = new Map(privateKeys.map((key) => [publicKeyOf(key), decodePrivateKey(key)]));
  const signatures = new Map<string, Uint8Array>();
  return toJson(parseDetails(details, limits, 'signed'), (leaf) => {
    if (leaf.type === 'ed25519-sha-256') {
      const seed = seeds.get(leaf.publicKeyText);
      if (seed === undefined) return leaf.signature;
      let signature = signatures.get(leaf.publicKeyText);
      if (signature === undefined) {
        signature = signEd25519(message, seed);
        signatures.set(leaf.publicKeyText, signature);
      }
      return signature;
    }
    return leaf.type === 'preimage-sha-256' ? leaf.preimage : undefined;
  });
}

/** Reveals `preimage` at every hash-lock leaf whose fingerprint and cost it matches. */
export function addPreimage(
  details: ConditionDetails | SignedDetails,
  preimage: Uint8Array,
  limits: Limits = defaultLimits,
): SignedDetails {
  const fingerprint = sha256(preimage);
  return toJson(parseDetails(details, limits, 'signed'), (leaf) => {
    if (leaf.type === 'ed25519-sha-256') return leaf.signature;
    if (leaf.type !== 'preimage-sha-256') return undefined;
    const matches =
      leaf.condition.cost === preimage.length && bytesEqual(leaf.condition.fingerprint, fingerprint);
    return matches ? preimage : leaf.preimage;
  });
}

/** The complete form of a subtree beneath an inverted threshold: every child present. */
function completeFulfillment(node: DetailsNode): DeterministicNode {
  switch (node.type) {
    case 'timeout-sha-256':
      return new TimeoutFulfillment(node.expireTimeMs);
    case 'threshold-sha-256':
      return new CompleteThresholdFulfillment(node.threshold, node.children.map(completeFulfillment));
    case 'inverted-threshold-sha-256':
      return new InvertedThresholdFulfillment(node.threshold, node.children.map(completeFulfillment));
    default:
      // The details parser refuses secrets beneath an inverted threshold.
      throw new TypeError(`${node.type} cannot appear beneath an inverted threshold`);
  }
}

/**
 * The fulfillment of a node, or undefined when the node is not complete: an unsigned key, an
 * unrevealed preimage, a threshold with too few complete children, or (when a clock is given) a
 * clock-dependent node that does not hold at that time.
 */
function buildFulfillment(
  node: DetailsNode,
  ctx: ValidationContext | undefined,
): FulfillmentNode | undefined {
  switch (node.type) {
    case 'ed25519-sha-256':
      return node.signature === undefined
        ? undefined
        : new Ed25519Fulfillment(node.publicKey, node.signature);
    case 'preimage-sha-256':
      return node.preimage === undefined ? undefined : new PreimageFulfillment(node.preimage);
    case 'timeout-sha-256':
    case 'inverted-threshold-sha-256': {
      const fulfillment = completeFulfillment(node);
      return ctx === undefined || fulfillment.holds(ctx) ? fulfillment : undefined;
    }
    case 'threshold-sha-256': {
      const built = node.children.map((child) => ({ child, fulfillment: buildFulfillment(child, ctx) }));
      // Cheapest complete children first; the sort is stable, so ties keep their order in the details.
      const complete = built
        .filter((b) => b.fulfillment !== undefined)
        .sort((a, b) => a.child.condition.cost - b.child.condition.cost);
      if (complete.length < node.threshold) return undefined;
      const chosen = new Set(complete.slice(0, node.threshold));
      return new ThresholdFulfillment(
        [...chosen].map((b) => b.fulfillment!),
        built.filter((b) => !chosen.has(b)).map((b) => b.child.condition),
      );
    }
  }
}

/**
 * Serializes signed details as a base64url DER fulfillment. For each threshold it presents the
 * cheapest complete children (as crypto-conditions does) and the others as bare conditions.
 * Without `ctx`, timeouts and inverted thresholds count as complete; with it, only those that hold
 * at `ctx.nowMs` do, which matters when both branches of an escrow are signed.
 * Throws InvalidSignature when too few parts are signed.
 */
export function fulfillmentFromSigned(
  signed: SignedDetails,
  limits: Limits = defaultLimits,
  ctx?: ValidationContext,
): string {
  const fulfillment = buildFulfillment(parseDetails(signed, limits, 'signed'), ctx);
  if (fulfillment === undefined)
    throw new InvalidSignature(
      'not enough fulfillments: too few subconditions are signed to meet their thresholds',
    );
  const bytes = fulfillment.encode();
  if (bytes.length > limits.fulfillmentSizeBytesMax)
    throw new ConditionTooComplex(`fulfillments are limited to ${limits.fulfillmentSizeBytesMax} bytes`);
  return base64urlEncode(bytes);
}
