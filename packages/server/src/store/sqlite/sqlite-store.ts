import type { OutputLink } from '@bigchaindb-ts/core';
import { systemClock, type Clock } from '../../model/index.js';
import { IndexRegistry } from '../indexes/index-registry.js';
import type { LedgerIndex } from '../indexes/ledger-index.js';
import type { Store } from '../store.js';
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
  StoredBlock,
  StoreChange,
  StoreSubscription,
  TxStatus,
  Vote,
  VoteWriteOutcome,
  WriteBlockOptions,
  WriteBlockResult,
} from '../types.js';
import { SqliteBacklog } from './sqlite-backlog.js';
import { SqliteChainReads } from './sqlite-chain-reads.js';
import { SqliteChainWrites } from './sqlite-chain-writes.js';
import type { SqliteDatabase } from './sqlite-client.js';
import { SqliteContext } from './sqlite-context.js';
import { SqliteLedgerIndexes } from './sqlite-ledger-indexes.js';
import { SqliteLedgerReads } from './sqlite-ledger-reads.js';
import { SqliteOperations } from './sqlite-operations.js';
import { SqliteQueries } from './sqlite-queries.js';

export interface SqliteStoreOptions {
  /** Stamps `updated_at_ms`, `assigned_at_ms` and decisions; injected so tests are deterministic. */
  readonly clock?: Clock;
  /**
   * The connection's page cache, in KiB (SQLite's default is 2 MiB). Ids are random, so every
   * index insert touches a random page; once the indexes outgrow the cache each insert reads
   * pages back from the file, and the node's rate fell with the ledger's size.
   */
  readonly cacheKiB?: number;
  /** Ledger indexes added to the built-in ones (`indexes/ledger-index.ts`). */
  readonly indexes?: readonly LedgerIndex[];
}

/**
 * The store on SQLite through better-sqlite3: one facet implementation per concern, all on one
 * connection (`SqliteContext`). This class only routes each method of the contract to its facet.
 */
export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  readonly #operations: SqliteOperations;
  readonly #backlog: SqliteBacklog;
  readonly #chainWrites: SqliteChainWrites;
  readonly #chainReads: SqliteChainReads;
  readonly #reads: SqliteLedgerReads;
  readonly #queries: SqliteQueries;
  readonly #indexes: SqliteLedgerIndexes;

  constructor(db: SqliteDatabase, options: SqliteStoreOptions = {}) {
    const context = new SqliteContext(db, options.clock ?? systemClock, new IndexRegistry(options.indexes));
    this.#indexes = new SqliteLedgerIndexes(context);
    this.#operations = new SqliteOperations(
      context,
      this.#indexes,
      options.cacheKiB === undefined ? {} : { cacheKiB: options.cacheKiB },
    );
    this.#backlog = new SqliteBacklog(context);
    this.#chainWrites = new SqliteChainWrites(context, this.#indexes);
    this.#chainReads = new SqliteChainReads(context);
    this.#reads = new SqliteLedgerReads(context);
    this.#queries = new SqliteQueries(context);
  }

  // Operations.

  init(): Promise<{ created: boolean }> {
    return this.#operations.init();
  }
  exists(): Promise<boolean> {
    return this.#operations.exists();
  }
  drop(): Promise<void> {
    return this.#operations.drop();
  }
  close(): Promise<void> {
    return this.#operations.close();
  }
  setShards(n: number): Promise<string> {
    return this.#operations.setShards(n);
  }
  setReplicas(n: number): Promise<string> {
    return this.#operations.setReplicas(n);
  }

  // Backlog.

  addToBacklog(entries: readonly BacklogEntry[]): Promise<BacklogAddOutcome[]> {
    return this.#backlog.addToBacklog(entries);
  }
  takeBacklog(assignee: string, limit: number): Promise<BacklogItem[]> {
    return this.#backlog.takeBacklog(assignee, limit);
  }
  reassignStale(
    cutoffMs: number,
    choose: (entry: { txId: string; assignee: string }) => string,
    limit?: number,
  ): Promise<Reassignment[]> {
    return this.#backlog.reassignStale(cutoffMs, choose, limit);
  }
  countBacklog(assignee?: string): Promise<number> {
    return this.#backlog.countBacklog(assignee);
  }
  getBacklogTransactions(txIds: readonly string[]): Promise<(BacklogItem | null)[]> {
    return this.#backlog.getBacklogTransactions(txIds);
  }

  // Chain: the pipelines' writes.

  writeBlock(block: Block, options?: WriteBlockOptions): Promise<WriteBlockResult> {
    return this.#chainWrites.writeBlock(block, options);
  }
  decideBlock(blockId: string, valid: boolean, options?: { requeueTo?: string }): Promise<Decision> {
    return this.#chainWrites.decideBlock(blockId, valid, options);
  }
  rejectTransactions(rejections: readonly Rejection[]): Promise<RejectOutcome[]> {
    return this.#chainWrites.rejectTransactions(rejections);
  }
  writeVotes(votes: readonly Vote[]): Promise<VoteWriteOutcome[]> {
    return this.#chainWrites.writeVotes(votes);
  }

  // Chain: blocks and votes.

  getBlocksByHeight(heights: readonly number[]): Promise<(StoredBlock | null)[]> {
    return this.#chainReads.getBlocksByHeight(heights);
  }
  getBlocksById(blockIds: readonly string[]): Promise<(StoredBlock | null)[]> {
    return this.#chainReads.getBlocksById(blockIds);
  }
  getBlocksAfter(height: number, limit: number): Promise<StoredBlock[]> {
    return this.#chainReads.getBlocksAfter(height, limit);
  }
  getBlocksContaining(txId: string): Promise<StoredBlock[]> {
    return this.#chainReads.getBlocksContaining(txId);
  }
  getVotes(blockIds: readonly string[]): Promise<Vote[][]> {
    return this.#chainReads.getVotes(blockIds);
  }
  getUnvotedBlocks(
    nodePubkey: string,
    options: { afterHeight?: number; limit: number },
  ): Promise<StoredBlock[]> {
    return this.#chainReads.getUnvotedBlocks(nodePubkey, options);
  }
  getVoteHeights(nodePubkeys: readonly string[]): Promise<(number | null)[]> {
    return this.#chainReads.getVoteHeights(nodePubkeys);
  }
  getLastVotedBlock(nodePubkey: string): Promise<StoredBlock | null> {
    return this.#chainReads.getLastVotedBlock(nodePubkey);
  }
  latestHeight(): Promise<number | null> {
    return this.#chainReads.latestHeight();
  }
  firstUndecidedHeight(): Promise<number | null> {
    return this.#chainReads.firstUndecidedHeight();
  }
  getBlockDigests(afterHeight: number, limit: number): Promise<BlockDigest[]> {
    return this.#chainReads.getBlockDigests(afterHeight, limit);
  }

  // Ledger reads.

  getStatuses(txIds: readonly string[]): Promise<(TxStatus | null)[]> {
    return this.#reads.getStatuses(txIds);
  }
  getTransactions(
    txIds: readonly string[],
    options?: { includeUndecided?: boolean },
  ): Promise<(LedgerTransaction | null)[]> {
    return this.#reads.getTransactions(txIds, options);
  }
  getSpenders(links: readonly OutputLink[]): Promise<(Spender | null)[]> {
    return this.#reads.getSpenders(links);
  }

  // Queries.

  getOutputs(publicKey: string, query: OutputQuery): Promise<Page<OwnedOutput>> {
    return this.#queries.getOutputs(publicKey, query);
  }
  getTransactionsByAsset(assetId: string, query: AssetTransactionsQuery): Promise<Page<LedgerTransaction>> {
    return this.#queries.getTransactionsByAsset(assetId, query);
  }
  getTransactionsByKey(publicKey: string, query: KeyTransactionsQuery): Promise<Page<LedgerTransaction>> {
    return this.#queries.getTransactionsByKey(publicKey, query);
  }
  findAssets(query: FieldQuery): Promise<Page<AssetMatch>> {
    return this.#queries.findAssets(query);
  }
  findMetadata(query: FieldQuery): Promise<Page<MetadataMatch>> {
    return this.#queries.findMetadata(query);
  }
  searchAssets(text: string, options: { limit: number }): Promise<AssetMatch[]> {
    return this.#queries.searchAssets(text, options);
  }
  searchMetadata(text: string, options: { limit: number }): Promise<MetadataMatch[]> {
    return this.#queries.searchMetadata(text, options);
  }

  // Ledger indexes.

  rebuildIndex(name: string): Promise<void> {
    return this.#indexes.rebuildIndex(name);
  }
  getClaimHolders(index: string, keys: readonly string[]): Promise<(string | null)[]> {
    return this.#indexes.getClaimHolders(index, keys);
  }
  queryIndex(index: string, lookup: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]> {
    return this.#indexes.queryIndex(index, lookup, params);
  }

  // Change notifications.

  /** One process owns a SQLite file: there is nobody else's change to announce. */
  listen(_onChange: (change: StoreChange) => void): Promise<StoreSubscription> {
    return Promise.resolve({ live: false, close: () => Promise.resolve() });
  }
}
