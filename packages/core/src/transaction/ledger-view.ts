import type { SignedTransaction } from './types.js';

/**
 * The read-only slice of the ledger that validation needs. It is synchronous on purpose: the node
 * prefetches what a transaction (or a block of them) refers to into memory (see `inputLinks` and
 * `spentTransactionIds`), so validation itself does no I/O.
 */
export interface LedgerView {
  /** The transaction with this id, if the ledger (or the context being validated against) has it. */
  getTransaction(id: string): SignedTransaction | undefined;
  /** The id of the transaction that spends output `outputIndex` of `txId`, if it is spent. */
  getSpender(txId: string, outputIndex: number): string | undefined;
}
