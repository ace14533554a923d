// The pipelines a node runs over its explicit state: block maker, voter, election, stale monitor.
// Each is built from the node context and the shared pipeline state, and never imports the node.
export { assigneeOf } from './assignee.js';
export { createBlockMaker, type BlockMaker } from './block-maker.js';
export { createElection, type Election } from './election.js';
export { announceDecision, rejectTransactions, reloadBacklog } from './outcomes.js';
export {
  BlockPacing,
  VoteLog,
  type Kicks,
  type UndecidedBlocks,
  type VotingWanted,
} from './pipeline-state.js';
export { createStaleMonitor, type StaleMonitor } from './stale-monitor.js';
export { createVoter, type Voter } from './voter.js';
