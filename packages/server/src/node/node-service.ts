import type { PostMode, SignedTransaction } from '@bigchaindb-ts/core';
import type { VoteQuorum } from '../model/index.js';
import type { Store, TxStatusName } from '../store/index.js';
import type { NodeEvents } from './events.js';
import type { FindingsReport, MemberState, WatchdogReport } from './integrity/index.js';
import type { NodeReads } from './reads/index.js';

/**
 * The node's port: what the layers above it (HTTP, streams, the CLI, embedders) may ask of a node.
 * It lives beside the node, not at the edge, so the node never imports the layers that use it.
 */

export type { TxStatusName } from '../store/index.js';

/** How long a POST waits (core's wire type): `async` and `sync` ack once the transaction is durably
 * in the backlog, `commit` once its block is decided. */
export type { PostMode };

/** A transaction's status as the node vouches for it (`GET /api/v1/statuses`). */
export interface StatusRecord {
  readonly status: TxStatusName;
  readonly reasonCode?: string | null;
  readonly reason?: string | null;
  readonly blockId?: string | null;
  /** When the status last changed (the node's clock, Unix ms): for a decided transaction, when it was decided. */
  readonly updatedAtMs?: number;
  /** Proof-of-work mode: how many blocks are on top of the transaction's block (absent in federation mode). */
  readonly confirmations?: number;
}

/**
 * Why a transaction was refused: a code from the closed list in docs/errors.md (the core's
 * validation codes, `DuplicateTransaction`) or a consensus plugin's own documented code.
 */
export interface Refusal {
  readonly code: string;
  readonly message: string;
}

export type SubmitResult =
  | {
      readonly ok: true;
      readonly tx: SignedTransaction;
      readonly status: TxStatusName;
      readonly timedOut?: boolean;
    }
  | { readonly ok: false; readonly error: Refusal };

/** The raw store reads the event streams follow (read-only, bounded); everything else goes through `reads`. */
export type LedgerReads = Pick<
  Store,
  'backend' | 'latestHeight' | 'firstUndecidedHeight' | 'getBlocksAfter' | 'countBacklog'
>;

/** What a node knows of its federation's health (`GET /api/v1/federation`). */
export interface FederationReport {
  readonly publicKey: string;
  readonly federation: readonly string[];
  readonly voteQuorum: VoteQuorum;
  /** Whether the change source announces other members' writes (else the node only polls), and how many came. */
  readonly notifications: { readonly live: boolean; readonly received: number };
  readonly members: readonly MemberState[];
  /** Blocks and votes ignored, and stored data found altered, by code. */
  readonly findings: FindingsReport;
  readonly watchdog: WatchdogReport;
}

/** What the HTTP layer needs from a node. The node implements it; tests may use a real node on any store. */
export interface NodeService {
  /** Validates and accepts a transaction given as JSON text. Never throws for bad input. */
  submit(text: string, mode: PostMode): Promise<SubmitResult>;
  readonly publicKey: string;
  readonly keyring: readonly string[];
  /** Every member's public key (this node's and the keyring's), sorted: the voters of new blocks. */
  readonly federation: readonly string[];
  /** Vetted reads: nothing found altered in the store is ever served (see `reads/`). */
  readonly reads: NodeReads;
  /** The store reads the ledger feed follows; the API never writes through it. */
  readonly store: LedgerReads;
  /** The federation as this node sees it, for operators (`GET /api/v1/federation`). */
  federationReport(): FederationReport;
  /** Acceptances, rejections, blocks written and decided, votes, findings: see `events.ts`. */
  readonly events: NodeEvents;
}
