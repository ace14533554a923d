/**
 * Operating the store: creating, checking and removing its tables, closing it, and the two
 * deployment questions (`bigchaindb-ts` keeps BigchainDB's `set-shards` and `set-replicas`).
 */
export interface StoreOperations {
  readonly backend: 'sqlite' | 'postgresql';
  /**
   * Creates the tables and indexes if missing. `created` is false when they already existed. A
   * ledger index whose tables are missing from an existing store is created and filled from the
   * valid blocks (`rebuildIndex`).
   */
  init(): Promise<{ created: boolean }>;
  /** True when the store's tables exist. */
  exists(): Promise<boolean>;
  /** Drops every table of the store and of its registered ledger indexes (the database or file itself stays). */
  drop(): Promise<void>;
  close(): Promise<void>;
  /** Spreads tables over `n` shards where the backend can; returns a sentence saying what it did. */
  setShards(n: number): Promise<string>;
  /** Reports, in a sentence, how `n` copies of the data would be kept and what exists now. */
  setReplicas(n: number): Promise<string>;
}
