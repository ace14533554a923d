import type { OutputLink } from '@bigchaindb-ts/core';
import type {
  AssetMatch,
  AssetTransactionsQuery,
  BacklogAddOutcome,
  BlockDigest,
  BacklogEntry,
  BacklogItem,
  Block,
  Decision,
  FieldQuery,
  KeyTransactionsQuery,
  LedgerTransaction,
  MetadataMatch,
  OutputQuery,
  OwnedOutput,
  Page,
  Reassignment,
  Rejection,
  RejectOutcome,
  Spender,
  StoredBlock,
  StoreChange,
  StoreSubscription,
  TxStatus,
  Vote,
  VoteWriteOutcome,
  WriteBlockOptions,
  WriteBlockResult,
} from './types.js';

/**
 * The node's storage, one interface over SQLite and PostgreSQL (docs/node-design.md is the contract).
 *
 * Every method is batch-shaped: arrays in, arrays out, answers aligned with the question's order
 * (null where nothing was found). The hot paths touch thousands of rows per block, and one
 * statement or one transaction per batch is what keeps them fast (PostgreSQL round trips cost
 * about 94 µs each; SQLite commits dirty one index page per row).
 *
 * Failures are `StoreError`s with a stable `code`; collisions of a block with live blocks are a
 * `ConflictError` listing every collision. Outcomes the pipelines expect (a duplicate vote, a
 * transaction already in the backlog, a block already decided) are returned as data, not thrown.
 */
export interface Store {
  readonly backend: 'sqlite' | 'postgresql';

  // Lifecycle.

  /** Creates the tables and indexes if missing. `created` is false when they already existed. */
  init(): Promise<{ created: boolean }>;
  /** True when the store's tables exist. */
  exists(): Promise<boolean>;
  /** Drops every table of the store (the database or file itself stays). */
  drop(): Promise<void>;
  close(): Promise<void>;

  // Backlog.

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

  // Writes of the pipelines.

  /**
   * Atomically: assigns the next height, stores the block, claims its transactions and the
   * outputs they spend among live blocks, removes them from the backlog and marks them
   * `undecided`. Throws `ConflictError` (nothing written) when a claim collides. Writing a block
   * id that is already stored returns its height with `created: false`. `onlyFirst` and
   * `decideWith`: see `WriteBlockOptions`.
   */
  writeBlock(block: Block, options?: WriteBlockOptions): Promise<WriteBlockResult>;
  /**
   * Atomically records the election's outcome, once. Valid: its transactions become `valid` and
   * feed the query indexes. Invalid: its claims are released and its transactions go back to the
   * backlog, assigned to `requeueTo` (default: the block's maker).
   */
  decideBlock(blockId: string, valid: boolean, options?: { requeueTo?: string }): Promise<Decision>;
  /** Takes transactions out of the backlog with status `invalid` and a reason; live ones are left alone. */
  rejectTransactions(rejections: readonly Rejection[]): Promise<RejectOutcome[]>;
  /** Stores votes; a second vote of one node on one block is reported, the first one kept. */
  writeVotes(votes: readonly Vote[]): Promise<VoteWriteOutcome[]>;

  // Reads of the pipelines and the API.

  getStatuses(txIds: readonly string[]): Promise<(TxStatus | null)[]>;
  /** Transactions in valid blocks; with `includeUndecided`, also those in undecided blocks. */
  getTransactions(
    txIds: readonly string[],
    options?: { includeUndecided?: boolean },
  ): Promise<(LedgerTransaction | null)[]>;
  /** The spender of each output among live (undecided or valid) blocks. */
  getSpenders(links: readonly OutputLink[]): Promise<(Spender | null)[]>;
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

  // Change notifications.

  /**
   * Announces other writers' changes to `onChange` until the subscription is closed. On
   * PostgreSQL the database itself announces them (`LISTEN`/`NOTIFY` from triggers), so every
   * node sharing it learns of blocks, votes, decisions, backlog writes and direct edits of the
   * append-only tables, whoever wrote them; notifications can be missed (a reconnect announces
   * `resync`), so they only ever hurry a poll. On SQLite the subscription is not `live`.
   */
  listen(onChange: (change: StoreChange) => void): Promise<StoreSubscription>;

  // Queries for users (valid blocks only, ledger order, cursor pages).

  /** Outputs of valid transactions whose conditions name `publicKey`; `spent` filters. */
  getOutputs(publicKey: string, query: OutputQuery): Promise<Page<OwnedOutput>>;
  /** The CREATE and TRANSFERs of an asset in valid blocks, in ledger order (or newest first). */
  getTransactionsByAsset(assetId: string, query: AssetTransactionsQuery): Promise<Page<LedgerTransaction>>;
  /**
   * Transactions of valid blocks that name `publicKey` in an output's `public_keys` (it received)
   * or in an input's `owners_before` (it spent), in ledger order.
   */
  getTransactionsByKey(publicKey: string, query: KeyTransactionsQuery): Promise<Page<LedgerTransaction>>;
  /**
   * Assets (of CREATEs in valid blocks) whose data matches a field filter (OR of ANDs of field
   * equalities; see `field-terms.ts`), in ledger order. Cost grows with the index entries of the
   * first condition of each group that are read, never with the ledger.
   */
  findAssets(query: FieldQuery): Promise<Page<AssetMatch>>;
  /** Metadata (of transactions in valid blocks) matching a field filter, in ledger order. */
  findMetadata(query: FieldQuery): Promise<Page<MetadataMatch>>;
  /**
   * Full-text search over the string values of assets' data, best match first. The query
   * speaks web-search syntax: words (all must match), "quoted phrases", `or`, `-excluded`.
   */
  searchAssets(text: string, options: { limit: number }): Promise<AssetMatch[]>;
  /** The same search over transactions' metadata. */
  searchMetadata(text: string, options: { limit: number }): Promise<MetadataMatch[]>;

  // Operations.

  /** Spreads tables over `n` shards where the backend can; returns a sentence saying what it did. */
  setShards(n: number): Promise<string>;
  /** Reports, in a sentence, how `n` copies of the data would be kept and what exists now. */
  setReplicas(n: number): Promise<string>;
}
