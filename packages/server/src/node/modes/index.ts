// Consensus modes: how blocks are made and become final. Federation voting is the default.
export type { ConsensusMode, ModeEnvironment, ModeRuntime } from './consensus-mode.js';
export { federationMode } from './federation-mode.js';
