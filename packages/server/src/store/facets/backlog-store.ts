import type { BacklogAddOutcome, BacklogEntry, BacklogItem, Reassignment } from '../types.js';

/**
 * The backlog: transactions accepted by ingest and waiting for a block. Ingest fills it, the block
 * maker reads it, and the stale monitor hands rows of silent members to others. Leaving the
 * backlog (into a block, or rejected) is a write of the chain facet, because it happens inside the
 * same atomic operation as the block or the rejection.
 */
export interface BacklogStore {
  /** Adds accepted transactions. An id already in the backlog or a live block is not added again. */
  addToBacklog(entries: readonly BacklogEntry[]): Promise<BacklogAddOutcome[]>;
  /**
   * Up to `limit` backlog transactions assigned to `assignee`, oldest first. They stay in the
   * backlog until `writeBlock` or `rejectTransactions` takes them out, so a crash between reading
   * and writing loses nothing.
   */
  takeBacklog(assignee: string, limit: number): Promise<BacklogItem[]>;
  /**
   * Gives backlog transactions assigned before `cutoffMs` to the assignee `choose` picks, oldest
   * first, at most `limit` (default `reassignBatchMax`). Returns what moved.
   */
  reassignStale(
    cutoffMs: number,
    choose: (entry: { txId: string; assignee: string }) => string,
    limit?: number,
  ): Promise<Reassignment[]>;
  countBacklog(assignee?: string): Promise<number>;
  /**
   * The backlog rows of these transaction ids (any assignee), aligned, null where an id is not in
   * the backlog: ingest on one member sees inputs still waiting in another member's backlog.
   */
  getBacklogTransactions(txIds: readonly string[]): Promise<(BacklogItem | null)[]>;
}
