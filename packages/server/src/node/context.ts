import { BoundedCache, type Keypair, type Limits } from '@bigchaindb-ts/core';
import type { Logger } from 'pino';
import type { ConsensusRules, RulesChain, RulesContext } from '../consensus/index.js';
import type { Clock, VoteQuorum } from '../model/index.js';
import type { Store } from '../store/index.js';
import type { ChangeSource } from './changes/index.js';
import { checkedCacheSize } from './constants.js';
import type { NodeEvents } from './events.js';
import type { FederationMonitor, MemberLiveness, VoteChecks, Watchdog } from './integrity/index.js';
import type { LedgerSnapshot, PendingPool } from './ledger/index.js';
import type { ConsensusMode } from './modes/index.js';
import type { PhaseOne } from './verify/index.js';

export interface BigchainOptions {
  readonly store: Store;
  readonly keypair: Keypair;
  /** The other federation members' public keys. */
  readonly keyring: readonly string[];
  /** The rules chain, or one set of rules (a chain of the defaults and them is made of it). */
  readonly rules: RulesChain | ConsensusRules;
  readonly clock: Clock;
  readonly limits: Limits;
  readonly logger: Logger;
  /** Worker threads for signature checks; 0 validates on the main thread. */
  readonly threads: number;
  readonly blockTxCountMax: number;
  readonly flushIntervalMs: number;
  readonly backlogReassignDelayMs: number;
  readonly voteQuorum: VoteQuorum;
  /** How long `mode=commit` waits for the block's decision before answering with the status so far. */
  readonly commitWaitMs?: number;
  /**
   * How often the node looks for blocks and votes written by other members. With live change
   * notifications (PostgreSQL) this poll is only the fallback for missed ones, and runs 4× slower.
   */
  readonly pollIntervalMs?: number;
  /** How often the watchdog re-checks the stored chain (it also runs at start and on tamper notifications). */
  readonly watchdogIntervalMs?: number;
  /** How blocks are made and become final (default: federation voting). */
  readonly mode?: ConsensusMode;
  /** Where news of blocks, votes and backlog entries comes from (default: the store's notifications). */
  readonly changeSource?: ChangeSource;
}

/**
 * The state every pipeline of one node shares, made explicit: what the node was built with, its
 * federation, its caches and its integrity checks. Pipelines are built from it and never import
 * the node that runs them.
 */
export interface NodeContext {
  readonly options: BigchainOptions;
  readonly store: Store;
  readonly keypair: Keypair;
  readonly publicKey: string;
  /** The federation: keyring plus this node, sorted, as blocks list their voters. */
  readonly federation: readonly string[];
  /** Alone in the federation: its own vote decides its blocks. */
  readonly sole: boolean;
  readonly rules: RulesChain;
  readonly rulesCtx: RulesContext;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: NodeEvents;
  readonly phaseOne: PhaseOne;
  readonly pending: PendingPool;
  readonly snapshot: LedgerSnapshot;
  readonly monitor: FederationMonitor;
  readonly watchdog: Watchdog;
  readonly liveness: MemberLiveness;
  readonly votes: VoteChecks;
  /** Blocks this process made (and so validated) itself: its voter does not judge them again. */
  readonly madeHere: Set<string>;
  /**
   * Blocks this node itself counted a valid quorum for (its judgment and signature checks came
   * first, when it voted): reads serve them without asking the watchdog to verify them again.
   * Later edits are the watchdog's to find, and a flagged block is never served, whatever this says.
   */
  readonly talliedValid: BoundedCache<string, true>;
  /** True once the node is stopping: pipelines finish their batch and take no more. */
  stopped(): boolean;
}

export function newTalliedValid(): BoundedCache<string, true> {
  return new BoundedCache<string, true>(checkedCacheSize);
}
