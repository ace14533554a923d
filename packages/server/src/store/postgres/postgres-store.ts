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
import type { PostgresListenClient } from './change-listener.js';
import { PostgresBacklog } from './postgres-backlog.js';
import { PostgresChainReads } from './postgres-chain-reads.js';
import { PostgresChainWrites } from './postgres-chain-writes.js';
import { PostgresChangeNotifications } from './postgres-change-notifications.js';
import type { PostgresPool } from './postgres-client.js';
import { PostgresContext } from './postgres-context.js';
import { PostgresLedgerIndexes } from './postgres-ledger-indexes.js';
import { PostgresLedgerReads } from './postgres-ledger-reads.js';
import { PostgresOperations } from './postgres-operations.js';
import { PostgresQueries } from './postgres-queries.js';

export interface PostgresStoreOptions {
  /** Stamps `updated_at_ms`, `assigned_at_ms` and decisions; injected so tests are deterministic. */
  readonly clock?: Clock;
  /**
   * Opens a connection of its own for `listen` (a `pg.Client` on the same database). Without it
   * the store cannot listen, and `listen` answers a subscription that is not live.
   */
  readonly listenClient?: () => PostgresListenClient;
  /** Ledger indexes added to the built-in ones (`indexes/ledger-index.ts`). */
  readonly indexes?: readonly LedgerIndex[];
}

/**
 * The store on PostgreSQL through a `pg` Pool: one facet implementation per concern, all on one
 * pool (`PostgresContext`). This class only routes each method of the contract to its facet.
 *
 * Each atomic operation is one BEGIN … COMMIT on one pooled connection; deadlocks and
 * serialization failures rerun the whole transaction (`PostgresContext.transaction`).
 */
export class PostgresStore implements Store {
  readonly backend = 'postgresql' as const;
  readonly #operations: PostgresOperations;
  readonly #backlog: PostgresBacklog;
  readonly #chainWrites: PostgresChainWrites;
  readonly #chainReads: PostgresChainReads;
  readonly #reads: PostgresLedgerReads;
  readonly #queries: PostgresQueries;
  readonly #indexes: PostgresLedgerIndexes;
  readonly #notifications: PostgresChangeNotifications;

  /** The store owns `pool` from here on: `close()` ends it. */
  constructor(pool: PostgresPool, options: PostgresStoreOptions = {}) {
    const context = new PostgresContext(
      pool,
      options.clock ?? systemClock,
      new IndexRegistry(options.indexes),
    );
    this.#indexes = new PostgresLedgerIndexes(context);
    this.#notifications = new PostgresChangeNotifications(options.listenClient);
    this.#operations = new PostgresOperations(context, this.#indexes, this.#notifications);
    this.#backlog = new PostgresBacklog(context);
    this.#chainWrites = new PostgresChainWrites(context, this.#indexes);
    this.#chainReads = new PostgresChainReads(context);
    this.#reads = new PostgresLedgerReads(context);
    this.#queries = new PostgresQueries(context);
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

  listen(onChange: (change: StoreChange) => void): Promise<StoreSubscription> {
    return this.#notifications.listen(onChange);
  }
}
