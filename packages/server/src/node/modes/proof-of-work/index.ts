// The proof-of-work consensus mode (seed 004): longest valid chain, depth-based finality.
export type { OfferOutcome, PowChain, TipInfo } from './pow-chain.js';
export {
  defaultBlockIntervalMs,
  defaultConfirmations,
  proofOfWorkMode,
  type PowMode,
  type PowModeOptions,
} from './pow-mode.js';
