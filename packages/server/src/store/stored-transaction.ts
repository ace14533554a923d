import type { SignedTransaction } from '@bigchaindb-ts/core';
import type { LedgerTransaction } from './types.js';

/**
 * A transaction of a valid block as a list query reads it: the stored text, parsed only when `tx`
 * is first read, since long lists are mostly served as the text itself.
 */
export function storedTransaction(text: string, height: number, blockId: string): LedgerTransaction {
  let tx: SignedTransaction | undefined;
  return {
    get tx(): SignedTransaction {
      return (tx ??= JSON.parse(text) as SignedTransaction);
    },
    text,
    height,
    blockId,
    status: 'valid',
  };
}
