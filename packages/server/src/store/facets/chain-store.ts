import type {
  Block,
  BlockDigest,
  Decision,
  Rejection,
  RejectOutcome,
  StoredBlock,
  Vote,
  VoteWriteOutcome,
  WriteBlockOptions,
  WriteBlockResult,
} from '../types.js';

/**
 * The chain: blocks, votes and decisions, and the atomic writes the pipelines make on them (block
 * maker, voter, election, and the rejections of ingest and the block maker). Each write is one
 * database transaction; the reads are what the pipelines, the watchdog and catch-up follow.
 * The two halves are named apart because they run apart: on a SQLite file the writes go to the
 * writer thread (`sqlite/threaded-sqlite-store.ts`) and the reads stay on the caller's connection.
 */
export interface ChainStore extends ChainWrites, ChainReads {}

/** The pipelines' atomic writes on the chain. */
export interface ChainWrites {
  /**
   * Atomically: assigns the next height, stores the block, claims its transactions, the outputs
   * they spend and the unique keys of the ledger indexes among live blocks, removes them from the
   * backlog and marks them `undecided`. Throws `ConflictError` (nothing written) when a claim
   * collides. Writing a block id that is already stored returns its height with `created: false`.
   * `onlyFirst` and `decideWith`: see `WriteBlockOptions`.
   */
  writeBlock(block: Block, options?: WriteBlockOptions): Promise<WriteBlockResult>;
  /**
   * Atomically records the election's outcome, once. Valid: its transactions become `valid` and
   * feed the ledger indexes. Invalid: its claims are released and its transactions go back to the
   * backlog, assigned to `requeueTo` (default: the block's maker).
   */
  decideBlock(blockId: string, valid: boolean, options?: { requeueTo?: string }): Promise<Decision>;
  /** Takes transactions out of the backlog with status `invalid` and a reason; live ones are left alone. */
  rejectTransactions(rejections: readonly Rejection[]): Promise<RejectOutcome[]>;
  /** Stores votes; a second vote of one node on one block is reported, the first one kept. */
  writeVotes(votes: readonly Vote[]): Promise<VoteWriteOutcome[]>;
}

/** Reads of blocks, votes and decisions. */
export interface ChainReads {
  getBlocksByHeight(heights: readonly number[]): Promise<(StoredBlock | null)[]>;
  getBlocksById(blockIds: readonly string[]): Promise<(StoredBlock | null)[]>;
  /** Blocks with a height above `height`, in height order, at most `blockPageSizeMax`: catch-up and the event stream. */
  getBlocksAfter(height: number, limit: number): Promise<StoredBlock[]>;
  /** Every block that ever held the transaction, valid, undecided or invalid, in height order. */
  getBlocksContaining(txId: string): Promise<StoredBlock[]>;
  /** Votes on each block, in the order they were written. */
  getVotes(blockIds: readonly string[]): Promise<Vote[][]>;
  /** Blocks above `afterHeight` (default: all) that `nodePubkey` has not voted on, in height order. */
  getUnvotedBlocks(
    nodePubkey: string,
    options: { afterHeight?: number; limit: number },
  ): Promise<StoredBlock[]>;
  /**
   * For each node, the height of the highest block it has voted on (null: none), aligned: how
   * far each member of a federation has got, read from the votes index alone.
   */
  getVoteHeights(nodePubkeys: readonly string[]): Promise<(number | null)[]>;
  /** The highest block `nodePubkey` has voted on, or null. */
  getLastVotedBlock(nodePubkey: string): Promise<StoredBlock | null>;
  /** Height of the newest block, or null when there is none. */
  latestHeight(): Promise<number | null>;
  /**
   * Height of the lowest block not decided yet, or null when every block is decided: every block
   * below it is final, which is where an ordered event stream may start.
   */
  firstUndecidedHeight(): Promise<number | null>;
  /**
   * Fingerprints of the blocks above `afterHeight`, in height order, at most `limit` (up to
   * `digestPageSizeMax`): what the watchdog compares with what it verified before.
   */
  getBlockDigests(afterHeight: number, limit: number): Promise<BlockDigest[]>;
}
