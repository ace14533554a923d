// The consensus rules: the seed's five entry points (default rules), the plugin contract, and the
// chain that runs the defaults first and then each plugin.
export { BlockValidationError, blockRejectionCodes, type BlockRejectionCode } from './block-rejection.js';
export { loadConsensusRules, loadRulesChain, pluginNames } from './load-plugin.js';
export { claimId, ClaimRules, type Claim } from './claim-rules.js';
export { BatchReferences } from './references.js';
export {
  pluginCodePattern,
  RuleRefusal,
  type ClaimKey,
  type ReferenceReads,
  type RulePlugin,
  type RuleReferences,
  type RulesLedgerView,
} from './rule-plugin.js';
export { BaseConsensusRules, type ConsensusRules, type RulesContext } from './rules.js';
export {
  isPlugin,
  RulesChain,
  type ChainLink,
  type RuleOutcomeRefusal,
  type TxVerdict,
} from './rules-chain.js';
