// Consensus modes: how blocks are made and become final. Federation voting is the default.
export type { ConsensusMode, ModeEnvironment, ModeRuntime } from './consensus-mode.js';
export { federationMode } from './federation-mode.js';
export {
  defaultBlockIntervalMs,
  defaultConfirmations,
  proofOfWorkMode,
  type OfferOutcome,
  type PowChain,
  type PowMode,
  type PowModeOptions,
  type TipInfo,
} from './proof-of-work/index.js';
