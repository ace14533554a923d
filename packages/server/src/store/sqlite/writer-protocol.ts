import type { ClaimConflict, StoreErrorCode, SpendConflict, TxConflict } from '../errors.js';

/** The store methods the writer thread runs: the pipelines' frequent writes. */
export type WriterMethod =
  'addToBacklog' | 'writeBlock' | 'decideBlock' | 'rejectTransactions' | 'writeVotes';

/** The writer connection's page cache (KiB): ~128 MiB holds the id indexes of a few million transactions. */
export const writerCacheKiB = 128 * 1024;

export interface WriterWorkerData {
  readonly path: string;
  /** The writer connection's checkpoint interval, when not the default (`SqliteStoreOptions`). */
  readonly walCheckpointPages?: number;
  /**
   * The ledger indexes added to the built-in ones, by where the thread imports them from
   * (functions cannot cross threads), and the name each must have once imported.
   */
  readonly indexes: readonly {
    readonly name: string;
    readonly module: string;
    readonly exportName: string;
  }[];
}

/** One call: the method, its (structured-cloneable) arguments, and the caller's clock reading. */
export interface WriterCall {
  readonly seq: number;
  readonly method: WriterMethod;
  readonly args: readonly unknown[];
  readonly nowMs: number;
}

export type WriterReply =
  | { readonly seq: number; readonly ok: true; readonly value: unknown }
  | {
      readonly seq: number;
      readonly ok: false;
      readonly error:
        | {
            readonly kind: 'conflict';
            readonly txs: readonly TxConflict[];
            readonly spends: readonly SpendConflict[];
            readonly claims: readonly ClaimConflict[];
          }
        | { readonly kind: 'store'; readonly code: StoreErrorCode; readonly message: string }
        | { readonly kind: 'other'; readonly message: string };
    };
