import type { StoreChange } from '../../store/index.js';
import type { NodeContext } from '../context.js';

/**
 * How a node makes blocks and what makes a block final: which pipelines run, on which timers.
 * Ingest, the rules chain, the pending pool, indexes and reads are the node's and stay the same
 * whatever the mode. Federation voting is the default; proof of work (seed 004) is the next.
 */
export interface ConsensusMode {
  readonly name: string;
  create(ctx: NodeContext, env: ModeEnvironment): ModeRuntime;
}

/** What the node tells a mode's runtime about itself. */
export interface ModeEnvironment {
  /** Whether the change source announces other writers' changes now (else the mode must poll). */
  isLive(): boolean;
}

/** One node's running mode. The node calls these; the mode never calls the node. */
export interface ModeRuntime {
  /** The member that is to put a transaction accepted now in a block. */
  assigneeOf(txId: string): string;
  /** Prepares from the store (genesis, what this node voted before a restart): before changes are heard. */
  resume(): Promise<void>;
  /** Starts the timers and the first runs of the pipelines. */
  run(): void;
  /** Ingest wrote `count` accepted transactions to the backlog. */
  accepted(count: number): void;
  /** A change announced by the change source (never trusted: it only hurries a pipeline). */
  onChange(change: StoreChange): void;
  /** One round of the stale-backlog monitor now (tests with a manual clock run it). */
  runStaleMonitor(): Promise<number>;
  /** Resolves when every pipeline of the mode is idle. */
  settle(): Promise<void>;
  /** Stops the timers and waits for the current runs. */
  stop(): Promise<void>;
  /**
   * Optional: blocks on top of a stored block on this mode's chain, said with a transaction's
   * status (proof of work: depth decides). Undefined for a block not on it; federation has none.
   */
  confirmations?(blockId: string): number | undefined;
}
