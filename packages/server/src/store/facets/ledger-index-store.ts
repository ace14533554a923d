/**
 * The ledger indexes (`indexes/ledger-index.ts`): tables derived from valid blocks, built-in or
 * added by a plugin, and the unique keys they claim among live blocks. The store feeds them as
 * blocks are decided; this facet is how an index is rebuilt and read without reaching into the
 * store's tables.
 */
export interface LedgerIndexStore {
  /**
   * Empties the index's tables and its claims and fills them again: rows from the transactions
   * of valid blocks, claims from those of live (undecided or valid) blocks, in ledger order (of
   * two live transactions claiming one key, the earlier keeps it). One transaction.
   */
  rebuildIndex(name: string): Promise<void>;
  /** For each key, the transaction holding it through index `index` among live blocks, or null: aligned. */
  getClaimHolders(index: string, keys: readonly string[]): Promise<(string | null)[]>;
  /**
   * Runs the SELECT an index declared as `lookup` for this backend with `params`, and returns its
   * rows as the driver gives them (PostgreSQL returns bigint columns as decimal strings).
   */
  queryIndex(index: string, lookup: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
}
