import type { OutputLink } from '@bigchaindb-ts/core';
import type { LedgerTransaction, Spender, TxStatus } from '../types.js';

/**
 * Point reads of the ledger by id, in batches: what validation needs to judge a transaction
 * (its inputs' transactions and spenders) and what a status request answers. These sit on every
 * hot path (ingest, block making, voting), so each is one statement per batch.
 */
export interface LedgerReads {
  getStatuses(txIds: readonly string[]): Promise<(TxStatus | null)[]>;
  /** Transactions in valid blocks; with `includeUndecided`, also those in undecided blocks. */
  getTransactions(
    txIds: readonly string[],
    options?: { includeUndecided?: boolean },
  ): Promise<(LedgerTransaction | null)[]>;
  /** The spender of each output among live (undecided or valid) blocks. */
  getSpenders(links: readonly OutputLink[]): Promise<(Spender | null)[]>;
}
