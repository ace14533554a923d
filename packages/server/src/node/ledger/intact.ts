import { transactionId, type SignedTransaction } from '@bigchaindb-ts/core';

/** True when a transaction read from the store still hashes to the id it was read by. */
export function intact(tx: SignedTransaction, id: string): boolean {
  if (tx?.id !== id) return false;
  try {
    return transactionId(tx) === id;
  } catch {
    return false;
  }
}
