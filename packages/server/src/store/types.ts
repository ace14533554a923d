import type { OutputLink, SignedTransaction, TransactionState } from '@bigchaindb-ts/core';
import type { Block, Vote } from '../model/index.js';

// Blocks and votes are the server's model (`../model`); the store keeps them exactly as given.
export type { Block, BlockBody, Vote, VoteBody } from '../model/index.js';

/** A block is `undecided` until the election records `valid` or `invalid`, once. */
export type BlockStatus = 'undecided' | 'valid' | 'invalid';

/** A block as the store returns it: the block exactly as written, its height and its current status. */
export interface StoredBlock {
  /** Gap-free, assigned by the store when the block was written; the first block gets 0. */
  readonly height: number;
  readonly status: BlockStatus;
  readonly block: Block;
}

/**
 * The fate of a transaction id:
 * `backlog` (accepted, waiting for a block), `undecided` (in a block not yet decided),
 * `valid` (in a valid block: final), `invalid` (rejected, with a reason).
 */
/** A transaction's status as the store records it: the wire's `TransactionState` (core). */
export type TxStatusName = TransactionState;

export interface TxStatus {
  readonly txId: string;
  readonly status: TxStatusName;
  /** The block holding the transaction while `undecided` or `valid`; otherwise null. */
  readonly blockId: string | null;
  readonly height: number | null;
  /** For `invalid`: the validation error code (e.g. `DoubleSpend`) and its message. */
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly updatedAtMs: number;
}

/** A transaction found in a block, with where it sits and whether that block is decided valid. */
export interface LedgerTransaction {
  readonly tx: SignedTransaction;
  readonly height: number;
  readonly blockId: string;
  readonly status: 'undecided' | 'valid';
  /**
   * The stored JSON text of `tx`, when the read kept it (the list queries): lists can serve it
   * without parsing and re-serializing, and `tx` is then parsed only when first read.
   */
  readonly text?: string;
}

/** Who spends an output among live (undecided or valid) blocks. */
export interface Spender {
  readonly txId: string;
  readonly blockId: string;
  readonly height: number;
  readonly status: 'undecided' | 'valid';
}

export interface BacklogEntry {
  readonly tx: SignedTransaction;
  /** Public key of the node that should put the transaction in a block. */
  readonly assignee: string;
}

export interface BacklogAddOutcome {
  readonly txId: string;
  /** False when the id is already in the backlog or in a live block; `status` says which. */
  readonly added: boolean;
  readonly status: TxStatusName;
}

export interface BacklogItem {
  readonly tx: SignedTransaction;
  readonly assignee: string;
  readonly assignedAtMs: number;
  readonly receivedAtMs: number;
}

export interface Reassignment {
  readonly txId: string;
  readonly from: string;
  readonly to: string;
}

export interface Rejection {
  readonly txId: string;
  /** A stable validation error code, e.g. `DoubleSpend`. */
  readonly code: string;
  readonly reason: string;
}

export interface RejectOutcome {
  readonly txId: string;
  /** False when the transaction is already in a live block, which a rejection must not undo. */
  readonly rejected: boolean;
  readonly status: TxStatusName;
}

export interface WriteBlockOptions {
  /**
   * Write the block only as the chain's first (a genesis block: members starting together write
   * one, not one each); otherwise nothing is written and the answer is `{ height: 0, created: false }`.
   */
  readonly onlyFirst?: boolean;
  /**
   * The writer's own valid vote on the block, when that vote alone decides it (a federation of
   * one): the vote and the block's valid decision are written in the same transaction as the
   * block, with the effects of `decideBlock(block.id, true)`.
   */
  readonly decideWith?: Vote;
}

export interface WriteBlockResult {
  readonly height: number;
  /** False when a block with this id was already stored (the write is idempotent). */
  readonly created: boolean;
}

export interface Decision {
  /** The status the block has now; it differs from the one asked for if another was recorded first. */
  readonly status: 'valid' | 'invalid';
  /** False when the block was already decided, in which case nothing was done. */
  readonly changed: boolean;
  /** How many transactions went back to the backlog (invalid blocks only). */
  readonly requeued: number;
}

export interface VoteWriteOutcome {
  readonly blockId: string;
  readonly nodePubkey: string;
  /** False when this node had already voted on this block; the stored vote is kept. */
  readonly written: boolean;
}

/** An output of a valid transaction that one of the queried public key's conditions names. */
export interface OwnedOutput {
  readonly link: OutputLink;
  readonly amount: string;
  readonly assetId: string;
  readonly height: number;
  /**
   * The spender among live (undecided or valid) blocks, or null while unspent; absent when the
   * query said `withSpenders: false` (and no `spent` filter).
   */
  readonly spentBy?: string | null;
  /** With `withBlocks`: the block holding the output, when its block is recorded valid. */
  readonly block?: { readonly id: string; readonly height: number };
}

/** One page of a query in ledger order. Pass `next` back as `cursor` for the following page. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Null when this is the last page. Opaque: stable across writes, never to be built by hand. */
  readonly next: string | null;
}

export interface OutputQuery {
  /** true: only spent outputs; false: only unspent ones; absent: both. */
  readonly spent?: boolean;
  readonly limit: number;
  readonly cursor?: string;
  /**
   * False: do not look up spenders when `spent` is absent (`OwnedOutput.spentBy` left out): a
   * random-key lookup per output, a third of listing a key's 10,000 outputs. Default true.
   */
  readonly withSpenders?: boolean;
  /** Also name each output's block (`OwnedOutput.block`), so callers can vet it without its transactions. */
  readonly withBlocks?: boolean;
}

export interface AssetTransactionsQuery {
  readonly operation?: 'CREATE' | 'TRANSFER';
  readonly limit: number;
  readonly cursor?: string;
  /** Newest first (the cursor then pages towards older transactions); default oldest first. */
  readonly descending?: boolean;
}

/** A page of transactions that name a public key. */
export interface KeyTransactionsQuery {
  readonly limit: number;
  readonly cursor?: string;
}

/** A scalar a field filter compares with: equality of JSON values (`1` and `"1"` differ). */
export type FieldValue = string | number | boolean | null;

/**
 * One condition of a field filter: the value at `path` (object keys joined by `.`, array elements
 * under their array's path) equals `value`. An array matches when any of its elements does.
 */
export interface FieldCondition {
  readonly path: string;
  readonly value: FieldValue;
}

/** OR of ANDs: a document matches when every condition of at least one group holds. */
export interface FieldFilter {
  readonly anyOf: readonly (readonly FieldCondition[])[];
}

export interface FieldQuery {
  readonly filter: FieldFilter;
  readonly limit: number;
  readonly cursor?: string;
}

export interface AssetMatch {
  /** The asset id, i.e. the id of its CREATE transaction. */
  readonly id: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface MetadataMatch {
  /** The id of the transaction carrying the metadata. */
  readonly id: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * A fingerprint of one stored block, read without loading it: the block row, its transactions
 * and its votes as stored. The watchdog keeps the digests of blocks it has verified and re-reads
 * only those whose digest moved, so re-checking the whole chain stays cheap.
 */
export interface BlockDigest {
  readonly height: number;
  readonly blockId: string;
  readonly status: BlockStatus;
  /**
   * Opaque hex that changes whenever any stored byte of the block, of one of its transactions or
   * of one of its votes changes, or a vote is added or removed. Equal digests mean nothing moved.
   */
  readonly digest: string;
  readonly voteCount: number;
}

/**
 * What another writer of the database changed, as announced by the store's change notifications.
 * `block`: blocks were written; `vote`: votes; `decision`: elections recorded; `backlog`:
 * transactions were queued or reassigned (`assignees` names whom to, when known); `tamper`: rows
 * of blocks, transactions, votes or decisions were changed or deleted, which no node ever does;
 * `resync`: notifications may have been missed (the listener reconnected), so read everything.
 */
export interface StoreChange {
  readonly kind: 'block' | 'vote' | 'decision' | 'backlog' | 'tamper' | 'resync';
  /** For `backlog`: the assignees of the rows written, or null when not known. */
  readonly assignees?: readonly string[] | null;
  /** For `tamper`: the table and operation, e.g. `transactions UPDATE`. */
  readonly detail?: string;
}

export interface StoreSubscription {
  /**
   * True when other writers' changes are announced (PostgreSQL `LISTEN`); false when the backend
   * has no notifications (SQLite: one process owns the file), so callers must poll.
   */
  readonly live: boolean;
  close(): Promise<void>;
}
