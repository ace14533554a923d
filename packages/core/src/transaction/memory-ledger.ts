import type { LedgerView } from './ledger-view.js';
import { inputLinks } from './links.js';
import type { SignedTransaction } from './types.js';

/**
 * A LedgerView over transactions held in memory: for tests, examples and embedding. `add` records a
 * transaction and the outputs it spends; it does not validate (call `validateTransaction` first).
 */
export class MemoryLedger implements LedgerView {
  readonly #transactions = new Map<string, SignedTransaction>();
  readonly #spenders = new Map<string, string>();

  constructor(transactions: Iterable<SignedTransaction> = []) {
    for (const tx of transactions) this.add(tx);
  }

  /** Records `tx`. Adding a transaction twice, or two spenders of one output, is a caller bug. */
  add(tx: SignedTransaction): this {
    if (this.#transactions.has(tx.id))
      throw new Error(`MemoryLedger: transaction ${tx.id} is already recorded`);
    for (const link of inputLinks(tx)) {
      const key = `${link.transaction_id}:${link.output_index}`;
      const spender = this.#spenders.get(key);
      if (spender !== undefined)
        throw new Error(`MemoryLedger: output ${key} is already spent by ${spender}`);
    }
    this.#transactions.set(tx.id, tx);
    for (const link of inputLinks(tx))
      this.#spenders.set(`${link.transaction_id}:${link.output_index}`, tx.id);
    return this;
  }

  getTransaction(id: string): SignedTransaction | undefined {
    return this.#transactions.get(id);
  }

  getSpender(txId: string, outputIndex: number): string | undefined {
    return this.#spenders.get(`${txId}:${outputIndex}`);
  }
}
