// Public API of the crypto-conditions module. Temporary stub: bodies follow shortly.
import type { Limits } from '../constants.js';
import type {
  ConditionDetails,
  Ed25519Details,
  InvertedThresholdDetails,
  PreimageDetails,
  ThresholdDetails,
  TimeoutDetails,
} from '../transaction/types.js';

export type ConditionTypeName =
  | 'preimage-sha-256'
  | 'threshold-sha-256'
  | 'ed25519-sha-256'
  | 'timeout-sha-256'
  | 'inverted-threshold-sha-256';

export interface Condition {
  readonly type: ConditionTypeName;
  readonly fingerprint: Uint8Array;
  readonly cost: number;
  readonly subtypes: readonly ConditionTypeName[];
}

export interface ValidationContext {
  readonly nowMs: number;
}

export interface Fulfillment {
  readonly type: ConditionTypeName;
  condition(): Condition;
  conditionUri(): string;
  serialize(): string;
  validate(message: Uint8Array, ctx: ValidationContext): boolean;
}

export interface SignedEd25519Details extends Ed25519Details {
  readonly signature?: string;
}
export interface SignedPreimageDetails extends PreimageDetails {
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

function notImplemented(): never {
  throw new Error('conditions: not implemented yet');
}

export function conditionFromDetails(_details: unknown, _limits?: Limits): Condition {
  return notImplemented();
}
export function conditionUri(_c: Condition): string {
  return notImplemented();
}
export function conditionUriFromDetails(_details: unknown, _limits?: Limits): string {
  return notImplemented();
}
export function parseConditionUri(_uri: string): Condition {
  return notImplemented();
}
export function conditionBinary(_c: Condition): Uint8Array {
  return notImplemented();
}
export function publicKeysOfDetails(_details: ConditionDetails): string[] {
  return notImplemented();
}
export function detailsUsesClock(_details: ConditionDetails): boolean {
  return notImplemented();
}
export function parseFulfillment(_base64url: string, _limits?: Limits): Fulfillment {
  return notImplemented();
}
export function signDetails(
  _details: ConditionDetails | SignedDetails,
  _message: Uint8Array,
  _privateKeys: readonly string[],
): SignedDetails {
  return notImplemented();
}
export function addPreimage(_details: ConditionDetails | SignedDetails, _preimage: Uint8Array): SignedDetails {
  return notImplemented();
}
export function fulfillmentFromSigned(_signed: SignedDetails, _limits?: Limits): string {
  return notImplemented();
}
export function ed25519Details(_publicKey: string): Ed25519Details {
  return notImplemented();
}
export function thresholdDetails(
  _threshold: number,
  _subconditions: ConditionDetails[],
  _weights?: number[],
): ThresholdDetails {
  return notImplemented();
}
export function preimageDetails(_preimage: Uint8Array): PreimageDetails {
  return notImplemented();
}
export function timeoutDetails(_expireTimeMs: number): TimeoutDetails {
  return notImplemented();
}
export function invertedThresholdDetails(
  _threshold: number,
  _subconditions: ConditionDetails[],
): InvertedThresholdDetails {
  return notImplemented();
}
export function escrowDetails(_args: {
  executePublicKey: string;
  abortPublicKey: string;
  expireTimeMs: number;
}): ThresholdDetails {
  return notImplemented();
}
