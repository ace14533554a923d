// The proof-of-work chain's rules (seed 004): the proof, the block format, the genesis, the
// checks a block must pass against its parent and the fork choice. No node, no store, no I/O.
export * as powLimits from './constants.js';
export { defaultDifficulty, defaultNetworkId, powBlockTxCountMax } from './constants.js';
export { assertDifficulty, proofText, proofValid, searchProof } from './proof.js';
export {
  blockHash,
  genesisBlock,
  networkId,
  sealBlock,
  sha256Hex,
  signedText,
  type PowBlock,
  type PowNetwork,
} from './pow-block.js';
export {
  betterTip,
  checkBlock,
  checkGenesis,
  checkRun,
  wellFormed,
  type BlockCheckResult,
  type BlockFault,
} from './chain-check.js';
export { ProofSearcher } from './proof-searcher.js';
