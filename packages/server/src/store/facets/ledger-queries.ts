import type {
  AssetMatch,
  AssetTransactionsQuery,
  FieldQuery,
  KeyTransactionsQuery,
  LedgerTransaction,
  MetadataMatch,
  OutputQuery,
  OwnedOutput,
  Page,
} from '../types.js';

/**
 * The queries users ask through the API: valid blocks only, in ledger order, in cursor pages.
 * Each reads one of the built-in ledger indexes (`indexes/`), never a scan of the ledger.
 */
export interface LedgerQueries {
  /** Outputs of valid transactions whose conditions name `publicKey`; `spent` filters. */
  getOutputs(publicKey: string, query: OutputQuery): Promise<Page<OwnedOutput>>;
  /** The CREATE and TRANSFERs of an asset in valid blocks, in ledger order (or newest first). */
  getTransactionsByAsset(assetId: string, query: AssetTransactionsQuery): Promise<Page<LedgerTransaction>>;
  /**
   * Transactions of valid blocks that name `publicKey` in an output's `public_keys` (it received)
   * or in an input's `owners_before` (it spent), in ledger order.
   */
  getTransactionsByKey(publicKey: string, query: KeyTransactionsQuery): Promise<Page<LedgerTransaction>>;
  /**
   * Assets (of CREATEs in valid blocks) whose data matches a field filter (OR of ANDs of field
   * equalities; see `field-terms.ts`), in ledger order. Cost grows with the index entries of the
   * first condition of each group that are read, never with the ledger.
   */
  findAssets(query: FieldQuery): Promise<Page<AssetMatch>>;
  /** Metadata (of transactions in valid blocks) matching a field filter, in ledger order. */
  findMetadata(query: FieldQuery): Promise<Page<MetadataMatch>>;
  /**
   * Full-text search over the string values of assets' data, best match first. The query
   * speaks web-search syntax: words (all must match), "quoted phrases", `or`, `-excluded`.
   */
  searchAssets(text: string, options: { limit: number }): Promise<AssetMatch[]>;
  /** The same search over transactions' metadata. */
  searchMetadata(text: string, options: { limit: number }): Promise<MetadataMatch[]>;
}
