import type { StoredBlock } from '../../store/index.js';

/** What this node has voted: the last block it voted on, which its next vote links to (`previous_block`). */
export class VoteLog {
  lastBlockId: string | null = null;
  lastHeight = -1;

  record(blockId: string, height: number): void {
    this.lastBlockId = blockId;
    this.lastHeight = Math.max(this.lastHeight, height);
  }
}

/** Blocks this node voted on (or made decided) whose election it has not seen yet, by id. */
export type UndecidedBlocks = Map<string, StoredBlock>;

/**
 * When the next block is due: ingest counts what it accepted, the block maker reads it, the
 * election frees the hold on this node's own block. Times are real time (`performance.now()`),
 * not the node's clock: they pace work and decide nothing.
 */
export class BlockPacing {
  /** Transactions accepted since the block pipeline last ran (decides when a full block is due). */
  acceptedSinceBlock = 0;
  /** When the first and the latest of those were accepted. */
  firstAcceptedAtMs = 0;
  lastAcceptedAtMs = 0;
  /** Set by whatever may have given this node backlog to put in a block; cleared when the block pipeline runs. */
  backlogDirty = true;
  /** This node's latest block while it is undecided, and since when. */
  ownUndecided: string | null = null;
  ownUndecidedSinceMs = 0;

  noteAccepted(count: number): void {
    const now = performance.now();
    if (this.acceptedSinceBlock === 0) this.firstAcceptedAtMs = now;
    this.lastAcceptedAtMs = now;
    this.acceptedSinceBlock += count;
    this.backlogDirty = true;
  }

  noteOwnBlock(blockId: string): void {
    this.ownUndecided = blockId;
    this.ownUndecidedSinceMs = performance.now();
  }

  noteDecided(blockId: string): void {
    if (blockId === this.ownUndecided) this.ownUndecided = null;
    // Transactions waiting on this block's outputs may go into a block now.
    this.backlogDirty = true;
  }
}

/** What a vote-pipeline run is asked to do: look for blocks to vote on (`full`: from the chain's start), tally. */
export interface VotingWanted {
  readonly vote?: boolean;
  readonly elect?: boolean;
  readonly full?: boolean;
}

/** How pipelines ask each other for a run, without knowing who runs them. */
export interface Kicks {
  blocks(): void;
  voting(what: VotingWanted): void;
}
