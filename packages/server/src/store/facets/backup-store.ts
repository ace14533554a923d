import type { StoredBlock, Vote } from '../types.js';

/** One page of the chain as `exportChain` reads it: blocks in height order and the votes on each, aligned. */
export interface ChainExportPage {
  readonly blocks: readonly StoredBlock[];
  readonly votes: readonly (readonly Vote[])[];
  /** When each block's decision was recorded (ms since the epoch), aligned: restore records it again. */
  readonly decidedAtMs: readonly number[];
}

/** What `exportChain` read: the last height it gave (null when it gave nothing). */
export interface ChainExportResult {
  readonly toHeight: number | null;
}

/**
 * Backups (`backup/`, docs/backup.md): the decided chain read as of one moment while the node
 * keeps writing. Blocks and votes never change once a block is decided, so the decided prefix of
 * the chain is the whole of what a backup must hold; the tables derived from it (statuses, spends,
 * the ledger indexes) are rebuilt by replaying it.
 */
export interface BackupStore {
  /**
   * Reads, in one read snapshot (SQLite: a read transaction on a connection of its own;
   * PostgreSQL: a REPEATABLE READ READ ONLY transaction), every block above `afterHeight` up to
   * the last one of the decided prefix (the blocks below the first undecided one), with its votes,
   * and hands them to `onPage` in height order, a page at a time (`pageSize`, at most
   * `blockPageSizeMax`). Writes made meanwhile are not seen. `onPage` may be slow (compressing,
   * writing a file): the snapshot is held until it returns.
   */
  exportChain(
    afterHeight: number,
    onPage: (page: ChainExportPage) => Promise<void>,
    options?: { readonly pageSize?: number },
  ): Promise<ChainExportResult>;
}
