import type { OutputLink } from '@bigchaindb-ts/core';

/**
 * Why a store operation failed, as a stable code callers can branch on. The messages are for
 * people; the codes are for code.
 *
 * - `conflict`: the write collides with live data (see `ConflictError`).
 * - `not_found`: the operation names a block or row the store does not have.
 * - `invalid_argument`: a caller-supplied value (limit, cursor, search text) is out of bounds, or
 *   holds what the database cannot take (U+0000 in PostgreSQL text, a query beyond its limits).
 *   Retrying the same value fails the same way; the HTTP API answers it with a 400.
 * - `unavailable`: the database cannot be reached or opened.
 * - `busy`: the database is locked or overloaded; retrying later may succeed.
 * - `incompatible`: the tables on disk were made by another schema version.
 * - `failed`: anything else the driver reported.
 */
export type StoreErrorCode =
  'conflict' | 'not_found' | 'invalid_argument' | 'unavailable' | 'busy' | 'incompatible' | 'failed';

/** The one infrastructure error the store throws. Driver errors are wrapped in it, kept as `cause`. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'StoreError';
  }
}

/** A transaction of the block being written is already in a live (undecided or valid) block. */
export interface TxConflict {
  /** The transaction to drop from the block being written. */
  readonly txId: string;
  /** The live block that already holds it (the block being written, for a duplicate inside it). */
  readonly blockId: string;
}

/** An output the block being written spends is already spent among live blocks. */
export interface SpendConflict {
  readonly output: OutputLink;
  /** The transaction of the block being written that loses the output and must be dropped. */
  readonly txId: string;
  /** The transaction that holds the spend. */
  readonly spentBy: string;
  /** The live block of `spentBy` (the block being written, for a double spend inside it). */
  readonly blockId: string;
}

/** A unique key of a ledger index (`LedgerIndex.claims`) that a transaction of the block claims is already held. */
export interface ClaimConflict {
  /** The transaction of the block being written that loses the key and must be dropped. */
  readonly txId: string;
  /** The ledger index the key belongs to. */
  readonly index: string;
  readonly key: string;
  /** The rejection code the index declares for this claim (for example `SpoolDuplicateFileHash`). */
  readonly code: string;
  /** The transaction that holds the key. */
  readonly claimedBy: string;
  /** The live block of `claimedBy` (the block being written, for two claims inside it). */
  readonly blockId: string;
}

/**
 * `writeBlock` refused a block because some of its transactions, spends or claims collide with live
 * blocks. Every collision is listed, so the block maker can drop all the losers at once and retry
 * instead of discovering them one by one.
 */
export class ConflictError extends StoreError {
  readonly txs: readonly TxConflict[];
  readonly spends: readonly SpendConflict[];
  readonly claims: readonly ClaimConflict[];
  constructor(
    txs: readonly TxConflict[],
    spends: readonly SpendConflict[],
    claims: readonly ClaimConflict[] = [],
  ) {
    const parts = [
      ...txs.map((c) => `transaction ${c.txId} is already in block ${c.blockId}`),
      ...spends.map(
        (c) =>
          `${c.txId} spends ${c.output.transaction_id}:${c.output.output_index}, already spent by ${c.spentBy} in block ${c.blockId}`,
      ),
      ...claims.map(
        (c) =>
          `${c.txId} claims ${c.index} key ${c.key} (${c.code}), already held by ${c.claimedBy} in block ${c.blockId}`,
      ),
    ];
    super('conflict', `block conflicts with live blocks: ${parts.join('; ')}`);
    this.txs = txs;
    this.spends = spends;
    this.claims = claims;
    this.name = 'ConflictError';
  }

  /** The transactions of the refused block that must leave it before a retry. */
  get losers(): string[] {
    return [
      ...new Set([
        ...this.txs.map((c) => c.txId),
        ...this.spends.map((c) => c.txId),
        ...this.claims.map((c) => c.txId),
      ]),
    ];
  }
}

export function isStoreError(err: unknown): err is StoreError {
  return err instanceof StoreError;
}
