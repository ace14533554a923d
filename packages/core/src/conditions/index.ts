// Public API of the crypto-conditions module (see docs/crypto-conditions-extensions.md for the
// timeout and inverted-threshold extensions).
export type { ConditionTypeName } from './registry.js';
export {
  conditionBinary,
  conditionFromBinary,
  conditionUri,
  parseConditionUri,
  type Condition,
} from './condition.js';
export {
  conditionFromDetails,
  conditionUriFromDetails,
  detailsUsesClock,
  publicKeysOfDetails,
} from './details.js';
export { parseFulfillment, type Fulfillment, type ValidationContext } from './fulfillment.js';
export {
  addPreimage,
  fulfillmentFromSigned,
  signDetails,
  type SignedDetails,
  type SignedEd25519Details,
  type SignedInvertedThresholdDetails,
  type SignedPreimageDetails,
  type SignedThresholdDetails,
} from './signing.js';
export {
  ed25519Details,
  escrowDetails,
  invertedThresholdDetails,
  preimageDetails,
  thresholdDetails,
  timeoutDetails,
} from './builders.js';
export { expireTimeMsMax } from './expire-time.js';
