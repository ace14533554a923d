export { BaseConsensusRules, BlockValidationError, type ConsensusRules, type RulesContext } from './rules.js';
export { loadConsensusRules } from './load-plugin.js';
