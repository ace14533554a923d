import type { SignedTransaction, ValidationError } from '@bigchaindb-ts/core';

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

/** What the HTTP layer needs from a node. The node implements it; tests may use a real node on any store. */
export interface NodeService {
  /** Validates and accepts a transaction given as JSON text. Never throws for bad input. */
  submit(text: string, mode: PostMode): Promise<SubmitResult>;
  /** A transaction in a valid or undecided block, else undefined. */
  getTransaction(id: string): Promise<SignedTransaction | undefined>;
  getStatus(id: string): Promise<StatusRecord | undefined>;
  readonly publicKey: string;
  readonly keyring: readonly string[];
}
