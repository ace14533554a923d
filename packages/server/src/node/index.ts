// The only public door of the node: the node itself, its port (statuses, events, submit), the
// seams other subsystems plug into (consensus modes, change sources), the ledger feed and the
// seed's library API.
export { Bigchain, type BigchainOptions } from './bigchain.js';
export {
  mergedChangeSource,
  storeChangeSource,
  type ChangeSource,
  type ChangeSubscription,
} from './changes/index.js';
export * as nodeLimits from './constants.js';
export type { NodeContext } from './context.js';
export {
  NodeEvents,
  type AcceptedEvent,
  type BlockDecidedEvent,
  type BlockWrittenEvent,
  type NodeEventMap,
  type NodeEventName,
  type RejectedEvent,
  type TxStatusEvent,
  type VoteCastEvent,
} from './events.js';
export { feedCacheBlocksMax, feedReadBlocksMax } from './constants.js';
export { LedgerFeed, type FeedBlock, type FeedReads } from './feed/index.js';
export type { Finding, FindingCode, FindingsReport, MemberState, WatchdogReport } from './integrity/index.js';
export { BigchainApi } from './library-api.js';
export {
  defaultBlockIntervalMs,
  defaultConfirmations,
  federationMode,
  proofOfWorkMode,
  type ConsensusMode,
  type ModeEnvironment,
  type ModeRuntime,
  type OfferOutcome,
  type PowChain,
  type PowMode,
  type PowModeOptions,
  type TipInfo,
} from './modes/index.js';
export type {
  FederationReport,
  LedgerReads,
  NodeService,
  PostMode,
  Refusal,
  StatusRecord,
  SubmitResult,
  TxStatusName,
} from './node-service.js';
export { builtInPlugins, createNode, loadNodeRules } from './open-node.js';
export {
  listJson,
  NodeReads,
  tamperedReasonCode,
  type AlteredBlock,
  type BlockStatusAnswer,
  type Listed,
} from './reads/index.js';
export { SingleFlight } from './single-flight.js';
export { StatelessValidator, type VerifyResult, type WorkerPoolStats } from './verify/index.js';
