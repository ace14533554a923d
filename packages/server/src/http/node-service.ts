import type { SignedTransaction, ValidationError } from '@bigchaindb-ts/core';
import type { LedgerTransaction, Store, StoredBlock, Vote } from '../store/index.js';

/** How long a POST waits: `async` acks once the transaction is durably in the backlog, `sync` the same
 * (our checks all run before the ack; kept for the driver's API), `commit` once its block is decided. */
export type PostMode = 'async' | 'sync' | 'commit';

export type TxStatus = 'backlog' | 'undecided' | 'valid' | 'invalid';

export interface StatusRecord {
  readonly status: TxStatus;
  readonly reasonCode?: string | null;
  readonly reason?: string | null;
  readonly blockId?: string | null;
  /** When the status last changed (the node's clock, Unix ms): for a decided transaction, when it was decided. */
  readonly updatedAtMs?: number;
}

export type SubmitResult =
  | {
      readonly ok: true;
      readonly tx: SignedTransaction;
      readonly status: TxStatus;
      readonly timedOut?: boolean;
    }
  | { readonly ok: false; readonly error: ValidationError };

/** The store reads the API answers queries with: all of them read-only, all of them bounded. */
export type LedgerReads = Pick<
  Store,
  | 'backend'
  | 'getStatuses'
  | 'getTransactions'
  | 'getOutputs'
  | 'getTransactionsByAsset'
  | 'getTransactionsByKey'
  | 'searchAssets'
  | 'searchMetadata'
  | 'findAssets'
  | 'findMetadata'
  | 'getBlocksByHeight'
  | 'getBlocksById'
  | 'getBlocksAfter'
  | 'getBlocksContaining'
  | 'getVotes'
  | 'latestHeight'
  | 'firstUndecidedHeight'
  | 'countBacklog'
>;

/** A block's election is over (the node's `block` event). */
export interface BlockDecidedEvent {
  readonly id: string;
  readonly height: number;
  readonly status: 'valid' | 'invalid';
}

/** A transaction's status changed (the node's `tx` event); `invalid` carries the reason. */
export interface TxStatusEvent {
  readonly id: string;
  readonly status: TxStatus;
  readonly reasonCode?: string;
  readonly reason?: string;
}

/** What the HTTP layer needs from a node. The node implements it; tests may use a real node on any store. */
export interface NodeService {
  /** Validates and accepts a transaction given as JSON text. Never throws for bad input. */
  submit(text: string, mode: PostMode): Promise<SubmitResult>;
  /** A transaction in a valid or undecided block, else undefined. */
  getTransaction(id: string): Promise<SignedTransaction | undefined>;
  getStatus(id: string): Promise<StatusRecord | undefined>;
  readonly publicKey: string;
  readonly keyring: readonly string[];
  /** Every member's public key (this node's and the keyring's), sorted: the voters of new blocks. */
  readonly federation: readonly string[];
  /** The node's store, for queries; the API never writes through it. */
  readonly store: LedgerReads;
  /**
   * Read-side integrity: what the API read from the store passes through these before it is
   * served, so data found altered in the database is never served (the node's watchdog).
   * Transactions whose content no longer hashes to their id, or whose block fails the checks, are
   * dropped from a list; a block that fails them is null.
   */
  vetTransactions<T extends LedgerTransaction>(items: readonly T[]): Promise<T[]>;
  /** The ids of those valid blocks whose content may be served (not altered since decided). */
  vetBlocks(blocks: readonly { readonly id: string; readonly height: number }[]): Promise<Set<string>>;
  vetBlock(stored: StoredBlock): Promise<StoredBlock | null>;
  /** The votes on a block that count: signed by a member voter of that block. */
  vetVotes(stored: StoredBlock, votes: readonly Vote[]): Vote[];
  /** The federation as this node sees it, for operators (`GET /api/v1/federation`). */
  federationReport(): FederationView;
  /** Decisions and rejections as this process learns them; the event streams are built on them. */
  on(event: 'block', listener: (e: BlockDecidedEvent) => void): unknown;
  on(event: 'tx', listener: (e: TxStatusEvent) => void): unknown;
  off(event: 'block', listener: (e: BlockDecidedEvent) => void): unknown;
  off(event: 'tx', listener: (e: TxStatusEvent) => void): unknown;
}

/** The node's federation report, as far as the API shows it (the node's `FederationReport`). */
export interface FederationView {
  readonly publicKey: string;
  readonly federation: readonly string[];
  readonly voteQuorum: string;
  readonly notifications: { readonly live: boolean; readonly received: number };
  readonly members: readonly {
    readonly publicKey: string;
    readonly lastVoteHeight: number | null;
    readonly suspectedDown: boolean;
  }[];
  readonly findings: {
    readonly counts: Readonly<Partial<Record<string, number>>>;
    readonly total: number;
    readonly recent: readonly {
      readonly code: string;
      readonly source: string;
      readonly blockId?: string;
      readonly height?: number;
      readonly key?: string;
      readonly txId?: string;
      readonly detail: string;
      readonly atMs: number;
    }[];
  };
  readonly watchdog: {
    readonly passes: number;
    readonly lastPassAtMs: number | null;
    readonly blocksVerified: number;
    readonly tamperedBlocks: readonly {
      readonly blockId: string;
      readonly height: number;
      readonly code: string;
    }[];
  };
}
