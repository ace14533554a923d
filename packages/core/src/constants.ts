/**
 * Every limit the core enforces, in one place. Units come last in the names (TigerBeetle style).
 * Callers may override them per validation (see `Limits`), e.g. from the node's configuration;
 * these are the defaults.
 */
export interface Limits {
  /** Largest serialized transaction accepted, in bytes of its JSON text. */
  readonly txSizeBytesMax: number;
  /** Deepest nesting of compound conditions (threshold, inverted threshold) in a condition tree. */
  readonly conditionDepthMax: number;
  /** Most subconditions a single threshold may list. */
  readonly conditionSubconditionsMax: number;
  /** Most nodes (of any type) in one condition tree. */
  readonly conditionNodesMax: number;
  /** Largest binary (DER) fulfillment accepted, in bytes. */
  readonly fulfillmentSizeBytesMax: number;
  /** Largest preimage of a hash-lock, in bytes. */
  readonly preimageSizeBytesMax: number;
  /** Most inputs in one transaction. */
  readonly txInputsMax: number;
  /** Most outputs in one transaction. */
  readonly txOutputsMax: number;
  /** Deepest JSON nesting inside `asset.data` and `metadata`. */
  readonly jsonDepthMax: number;
}

export const defaultLimits: Limits = Object.freeze({
  txSizeBytesMax: 64 * 1024,
  conditionDepthMax: 16,
  conditionSubconditionsMax: 64,
  conditionNodesMax: 256,
  fulfillmentSizeBytesMax: 16 * 1024,
  preimageSizeBytesMax: 1024,
  txInputsMax: 256,
  txOutputsMax: 256,
  jsonDepthMax: 64,
});

/** Amounts are decimal strings; BigchainDB 2.0 bounds them to 1 ..= 9 * 10^18 (`Output.MAX_AMOUNT`). */
export const amountMin = 1n;
export const amountMax = 9_000_000_000_000_000_000n;

/** Transaction model version this library speaks. */
export const txVersion = '2.0';

/** Cost of one Ed25519 condition, fixed by the crypto-conditions draft (2^17). */
export const ed25519Cost = 131_072;
/** Per-subcondition overhead added to a threshold's cost. */
export const thresholdCostPerSubcondition = 1024;
