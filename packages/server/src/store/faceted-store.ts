import type { OutputLink } from '@bigchaindb-ts/core';
import type { BacklogStore } from './facets/backlog-store.js';
import type { BackupStore, ChainExportPage, ChainExportResult } from './facets/backup-store.js';
import type { ChainReads, ChainWrites } from './facets/chain-store.js';
import type { ChangeNotifications } from './facets/change-notifications.js';
import type { LedgerIndexStore } from './facets/ledger-index-store.js';
import type { LedgerQueries } from './facets/ledger-queries.js';
import type { LedgerReads } from './facets/ledger-reads.js';
import type { StoreOperations } from './facets/store-operations.js';
import type { Store } from './store.js';
import type {
  AssetMatch,
  AssetTransactionsQuery,
  BacklogAddOutcome,
  BacklogEntry,
  BacklogItem,
  Block,
  BlockDigest,
  Decision,
  FieldQuery,
  KeyTransactionsQuery,
  LedgerTransaction,
  MetadataMatch,
  OutputQuery,
  OwnedOutput,
  Page,
  Reassignment,
  Rejection,
  RejectOutcome,
  Spender,
  StoreChange,
  StoredBlock,
  StoreSubscription,
  TxStatus,
  Vote,
  VoteWriteOutcome,
  WriteBlockOptions,
  WriteBlockResult,
} from './types.js';

/** One backend's implementation of each facet of the contract. */
export interface StoreFacets {
  readonly operations: Omit<StoreOperations, 'backend'>;
  readonly backlog: BacklogStore;
  readonly chainWrites: ChainWrites;
  readonly chainReads: ChainReads;
  readonly reads: LedgerReads;
  readonly queries: LedgerQueries;
  readonly indexes: LedgerIndexStore;
  readonly notifications: ChangeNotifications;
  readonly backup: BackupStore;
}

/**
 * The `Store` contract over one backend's facets: each method is routed to the facet that
 * implements it, and nothing else happens here. Written once for both backends, so adding a
 * method to a facet means one routing line, not one per backend. A subclass may override a method
 * (the SQLite writer thread sends the pipelines' writes to its thread).
 */
export abstract class FacetedStore implements Store {
  abstract readonly backend: 'sqlite' | 'postgresql';
  readonly #f: StoreFacets;

  constructor(facets: StoreFacets) {
    this.#f = facets;
  }

  // Operations.

  init(): Promise<{ created: boolean }> {
    return this.#f.operations.init();
  }
  exists(): Promise<boolean> {
    return this.#f.operations.exists();
  }
  drop(): Promise<void> {
    return this.#f.operations.drop();
  }
  close(): Promise<void> {
    return this.#f.operations.close();
  }
  setShards(n: number): Promise<string> {
    return this.#f.operations.setShards(n);
  }
  setReplicas(n: number): Promise<string> {
    return this.#f.operations.setReplicas(n);
  }

  // Backlog.

  addToBacklog(entries: readonly BacklogEntry[]): Promise<BacklogAddOutcome[]> {
    return this.#f.backlog.addToBacklog(entries);
  }
  takeBacklog(assignee: string, limit: number): Promise<BacklogItem[]> {
    return this.#f.backlog.takeBacklog(assignee, limit);
  }
  reassignStale(
    cutoffMs: number,
    choose: (entry: { txId: string; assignee: string }) => string,
    limit?: number,
  ): Promise<Reassignment[]> {
    return this.#f.backlog.reassignStale(cutoffMs, choose, limit);
  }
  countBacklog(assignee?: string): Promise<number> {
    return this.#f.backlog.countBacklog(assignee);
  }
  getBacklogTransactions(txIds: readonly string[]): Promise<(BacklogItem | null)[]> {
    return this.#f.backlog.getBacklogTransactions(txIds);
  }

  // Chain: the pipelines' writes.

  writeBlock(block: Block, options?: WriteBlockOptions): Promise<WriteBlockResult> {
    return this.#f.chainWrites.writeBlock(block, options);
  }
  decideBlock(blockId: string, valid: boolean, options?: { requeueTo?: string }): Promise<Decision> {
    return this.#f.chainWrites.decideBlock(blockId, valid, options);
  }
  rejectTransactions(rejections: readonly Rejection[]): Promise<RejectOutcome[]> {
    return this.#f.chainWrites.rejectTransactions(rejections);
  }
  writeVotes(votes: readonly Vote[]): Promise<VoteWriteOutcome[]> {
    return this.#f.chainWrites.writeVotes(votes);
  }

  // Chain: blocks and votes.

  getBlocksByHeight(heights: readonly number[]): Promise<(StoredBlock | null)[]> {
    return this.#f.chainReads.getBlocksByHeight(heights);
  }
  getBlocksById(blockIds: readonly string[]): Promise<(StoredBlock | null)[]> {
    return this.#f.chainReads.getBlocksById(blockIds);
  }
  getBlocksAfter(height: number, limit: number): Promise<StoredBlock[]> {
    return this.#f.chainReads.getBlocksAfter(height, limit);
  }
  getBlocksContaining(txId: string): Promise<StoredBlock[]> {
    return this.#f.chainReads.getBlocksContaining(txId);
  }
  getVotes(blockIds: readonly string[]): Promise<Vote[][]> {
    return this.#f.chainReads.getVotes(blockIds);
  }
  getUnvotedBlocks(
    nodePubkey: string,
    options: { afterHeight?: number; limit: number },
  ): Promise<StoredBlock[]> {
    return this.#f.chainReads.getUnvotedBlocks(nodePubkey, options);
  }
  getVoteHeights(nodePubkeys: readonly string[]): Promise<(number | null)[]> {
    return this.#f.chainReads.getVoteHeights(nodePubkeys);
  }
  getLastVotedBlock(nodePubkey: string): Promise<StoredBlock | null> {
    return this.#f.chainReads.getLastVotedBlock(nodePubkey);
  }
  latestHeight(): Promise<number | null> {
    return this.#f.chainReads.latestHeight();
  }
  firstUndecidedHeight(): Promise<number | null> {
    return this.#f.chainReads.firstUndecidedHeight();
  }
  getBlockDigests(afterHeight: number, limit: number): Promise<BlockDigest[]> {
    return this.#f.chainReads.getBlockDigests(afterHeight, limit);
  }

  // Ledger reads.

  getStatuses(txIds: readonly string[]): Promise<(TxStatus | null)[]> {
    return this.#f.reads.getStatuses(txIds);
  }
  getTransactions(
    txIds: readonly string[],
    options?: { includeUndecided?: boolean },
  ): Promise<(LedgerTransaction | null)[]> {
    return this.#f.reads.getTransactions(txIds, options);
  }
  getSpenders(links: readonly OutputLink[]): Promise<(Spender | null)[]> {
    return this.#f.reads.getSpenders(links);
  }

  // Queries.

  getOutputs(publicKey: string, query: OutputQuery): Promise<Page<OwnedOutput>> {
    return this.#f.queries.getOutputs(publicKey, query);
  }
  getTransactionsByAsset(assetId: string, query: AssetTransactionsQuery): Promise<Page<LedgerTransaction>> {
    return this.#f.queries.getTransactionsByAsset(assetId, query);
  }
  getTransactionsByKey(publicKey: string, query: KeyTransactionsQuery): Promise<Page<LedgerTransaction>> {
    return this.#f.queries.getTransactionsByKey(publicKey, query);
  }
  findAssets(query: FieldQuery): Promise<Page<AssetMatch>> {
    return this.#f.queries.findAssets(query);
  }
  findMetadata(query: FieldQuery): Promise<Page<MetadataMatch>> {
    return this.#f.queries.findMetadata(query);
  }
  searchAssets(text: string, options: { limit: number }): Promise<AssetMatch[]> {
    return this.#f.queries.searchAssets(text, options);
  }
  searchMetadata(text: string, options: { limit: number }): Promise<MetadataMatch[]> {
    return this.#f.queries.searchMetadata(text, options);
  }

  // Ledger indexes.

  rebuildIndex(name: string): Promise<void> {
    return this.#f.indexes.rebuildIndex(name);
  }
  getClaimHolders(index: string, keys: readonly string[]): Promise<(string | null)[]> {
    return this.#f.indexes.getClaimHolders(index, keys);
  }
  queryIndex(index: string, lookup: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]> {
    return this.#f.indexes.queryIndex(index, lookup, params);
  }

  // Change notifications.

  listen(onChange: (change: StoreChange) => void): Promise<StoreSubscription> {
    return this.#f.notifications.listen(onChange);
  }

  // Backups.

  exportChain(
    afterHeight: number,
    onPage: (page: ChainExportPage) => Promise<void>,
    options?: { readonly pageSize?: number },
  ): Promise<ChainExportResult> {
    return this.#f.backup.exportChain(afterHeight, onPage, options);
  }
}
