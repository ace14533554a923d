// The only public door of @bigchaindb-ts/server: what a program embedding a node needs (load a
// config, open and initialise its store, create and start the node, serve its HTTP API, use the
// seed's `Bigchain` library API), and what bench/, scripts/ and the other packages use. Each group
// comes through its folder's own door.
//
// A node in-process, as `bigchaindb start` runs it:
//   const { config } = await loadConfig();              // or buildConfig
//   const rules = await loadNodeRules(config);          // default rules, then consensus_plugin's
//   const store = await openNodeStore(config, { indexes: rules.indexes }); // or openStore(...)
//   await initNode(config, store);                      // tables, and the genesis block if none
//   const node = await createNode(config, store, createLogger({ name: 'embedded' }), { rules });
//   await node.start();                                 // pipelines: blocks, votes, election
//   const api = new BigchainApi(node);                  // or buildApp({ node, ... }) for HTTP
//   ...; await node.stop(); await store.close();
export { version } from './version.js';

export {
  buildConfig,
  ConfigError,
  loadConfig,
  requireKeypair,
  resolveConfigPath,
  type BuiltConfig,
  type Config,
  type ConfigInputs,
  type DatabaseBackend,
  type DatabaseConfig,
  type LoadConfigOptions,
  type LoadedConfig,
  type VoteQuorum,
} from './config/index.js';

// A plugin's ledger indexes (docs/store.md) are declared with these.
export {
  ConflictError,
  defineLedgerIndex,
  isStoreError,
  openStore,
  postgresRowInserter,
  sqliteRowInserter,
  StoreError,
  type BlockStatus,
  type ClaimConflict,
  type ClaimRule,
  type IndexColumn,
  type IndexedBlock,
  type IndexedTx,
  type LedgerIndex,
  type OpenStoreOptions,
  type PostgresIndexSession,
  type SqliteIndexSession,
  type LedgerTransaction,
  type OwnedOutput,
  type Page,
  type Store,
  type StoreConfig,
  type StoreErrorCode,
  type StoredBlock,
  type VoteWriteOutcome,
  type WriteBlockResult,
} from './store/index.js';

export type { Block, BlockDecision, Clock, Vote } from './model/index.js';
// Signed blocks and votes, for tools that build a ledger straight through the store (bench/backup.mjs).
export { createBlock, createVote } from './model/index.js';

// Backups (docs/backup.md): what `bigchaindb dump`, `verify-dump` and `restore` run.
export {
  ChainVerifier,
  DumpRefusal,
  dumpChain,
  ReplayClock,
  RestoreTargetNotEmpty,
  restoreChain,
  verifyChain,
  type ChainSummary,
  type DumpBlockLine,
  type DumpHeader,
  type DumpOptions,
  type DumpPosition,
  type DumpSummary,
  type DumpTrailer,
} from './backup/index.js';

export { createLogger, type Logger, type LoggerOptions } from './log/index.js';

export {
  Bigchain,
  BigchainApi,
  createNode,
  loadNodeRules,
  federationMode,
  LedgerFeed,
  mergedChangeSource,
  NodeEvents,
  NodeReads,
  storeChangeSource,
  type AcceptedEvent,
  type BigchainOptions,
  type BlockDecidedEvent,
  type BlockWrittenEvent,
  type ChangeSource,
  type ChangeSubscription,
  type ConsensusMode,
  type FederationReport,
  type Finding,
  type ModeEnvironment,
  type ModeRuntime,
  type NodeContext,
  type NodeEventMap,
  type NodeEventName,
  type NodeService,
  type PostMode,
  type Refusal,
  type RejectedEvent,
  type StatusRecord,
  type SubmitResult,
  type TxStatusEvent,
  type TxStatusName,
  type VoteCastEvent,
} from './node/index.js';

export {
  ApiError,
  buildApp,
  documented,
  type ApiContext,
  type ApiErrorCode,
  type AppOptions,
  type ErrorBody,
  type RouteModule,
  type RouteSchema,
} from './http/index.js';
export {
  explorerFilesDir,
  explorerPrefix,
  explorerRoutes,
  registerExplorerFiles,
  type ExplorerFilesOptions,
} from './explorer/index.js';
// Proof-of-work mode: a miner as `bigchaindb miner start` runs it, in this process.
export { runMiner, type MinerOptions, type RunningMiner } from './miner/index.js';

// The consensus plugin types: a plugin module's default export is a `RulePlugin` (name, codes, rules)
// or, the seed's way, a class extending BaseConsensusRules.
export {
  BaseConsensusRules,
  BlockValidationError,
  blockRejectionCodes,
  loadConsensusRules,
  loadRulesChain,
  RuleRefusal,
  RulesChain,
  type BlockRejectionCode,
  type ConsensusRules,
  type ClaimKey,
  type ReferenceReads,
  type RulePlugin,
  type RuleReferences,
  type RulesLedgerView,
  type RulesContext,
} from './consensus/index.js';

// The SPOOL registry (docs/spool.md): its rules (built into every node) and its read endpoints.
export {
  createSpoolRules,
  spoolCodes,
  spoolIndexes,
  spoolRoutes,
  type SpoolRulesOptions,
} from './spool/index.js';

export {
  CliError,
  createProgram,
  describeDatabase,
  initNode,
  openNodeStore,
  reportError,
  runStart,
  type InitNodeResult,
  type StartOptions,
} from './cli/index.js';
