import type { Block, BlockStatus, StoredBlock, Vote } from '../types.js';

/**
 * A block as `exportChain` reads it: its JSON text exactly as the store keeps it (what a dump
 * copies without parsing and re-serialising), with `block` parsed from it only when asked.
 */
export class ExportedBlock implements StoredBlock {
  readonly height: number;
  readonly status: BlockStatus;
  readonly id: string;
  readonly transactionCount: number;
  readonly text: string;
  #block: Block | null = null;

  constructor(fields: {
    height: number;
    status: BlockStatus;
    id: string;
    transactionCount: number;
    text: string;
  }) {
    this.height = fields.height;
    this.status = fields.status;
    this.id = fields.id;
    this.transactionCount = fields.transactionCount;
    this.text = fields.text;
  }

  get block(): Block {
    return (this.#block ??= JSON.parse(this.text) as Block);
  }
}

/** One page of the chain as `exportChain` reads it: blocks in height order and the votes on each, aligned. */
export interface ChainExportPage {
  readonly blocks: readonly ExportedBlock[];
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
