import type { OutputLink, SignedTransaction } from '@bigchaindb-ts/core';
import type { BoundedCache } from '@bigchaindb-ts/core';
import { checkBlockSignature, type Vote } from '../../model/index.js';
import type {
  AssetMatch,
  AssetTransactionsQuery,
  FieldQuery,
  KeyTransactionsQuery,
  LedgerTransaction,
  MetadataMatch,
  OutputQuery,
  Page,
  Spender,
  Store,
  StoredBlock,
} from '../../store/index.js';
import {
  reportTamperedRead,
  type FederationMonitor,
  type VoteChecks,
  type Watchdog,
} from '../integrity/index.js';
import { intact } from '../ledger/index.js';
import type { StatusRecord } from '../node-service.js';
import { KnownTexts, vetListed, type Listed } from './known-texts.js';

/** What a transaction's status becomes when the block behind it fails this node's checks. */
export const tamperedReasonCode = 'Tampered';

/** What the reads need of the node: its store and its integrity checks. */
export interface ReadsContext {
  readonly store: Store;
  readonly federation: readonly string[];
  readonly watchdog: Watchdog;
  readonly monitor: FederationMonitor;
  readonly votes: VoteChecks;
  readonly talliedValid: BoundedCache<string, true>;
  /** The consensus mode's depth of a block (proof of work), said with statuses. */
  readonly confirmations?: (blockId: string) => number | undefined;
}

/** A block that fails this node's checks: never served, only named. */
export interface AlteredBlock {
  readonly altered: string;
}

/** A block's election status as it may be said: a decision this node cannot vouch for is not said. */
export type BlockStatusAnswer =
  | { readonly status: 'valid' | 'invalid' | 'undecided'; readonly height: number }
  | { readonly status: 'undecided'; readonly height: number; readonly tampered: true };

/**
 * The node's reads, the one door the API reads through: every answer is vetted, so nothing found
 * altered in the store is ever served as valid. A transaction is served only while its stored
 * content hashes to its id and (when valid) its block passes the watchdog; a block only while its
 * id and signature check out; a vote only when it counts.
 */
export class NodeReads {
  readonly #known = new KnownTexts();

  constructor(private readonly ctx: ReadsContext) {}

  // ---------------------------------------------------------------- transactions and statuses

  #confirmations(blockId: string | null): { confirmations?: number } {
    const n = blockId === null ? undefined : this.ctx.confirmations?.(blockId);
    return n === undefined ? {} : { confirmations: n };
  }

  /** A transaction in a valid or undecided block that may be served, else undefined. */
  async getTransaction(id: string): Promise<SignedTransaction | undefined> {
    const [found] = await this.ctx.store.getTransactions([id], { includeUndecided: true });
    if (!found) return undefined;
    return (await this.#servable(found, id)) ? found.tx : undefined;
  }

  /**
   * A transaction's status. `valid` is only said after checking the block behind it (the
   * transaction's content hashes to its id, the block passes the watchdog); when that fails the
   * answer is `undecided` with reason code `Tampered`: this node cannot vouch for a decision.
   */
  async getStatus(id: string): Promise<StatusRecord | undefined> {
    const { store, monitor } = this.ctx;
    const [s] = await store.getStatuses([id]);
    if (!s) return undefined;
    const record: StatusRecord = {
      status: s.status,
      reasonCode: s.reasonCode,
      reason: s.reason,
      blockId: s.blockId,
      updatedAtMs: s.updatedAtMs,
      ...this.#confirmations(s.blockId),
    };
    if (s.status !== 'valid') return record;
    const [found] = await store.getTransactions([id]);
    if (found && found.blockId === s.blockId && (await this.#servable(found, id))) return record;
    if (!found || found.blockId !== s.blockId)
      monitor.report(
        {
          code: 'BlockMissing',
          source: 'read',
          txId: id,
          ...(s.blockId === null ? {} : { blockId: s.blockId }),
          ...(s.height === null ? {} : { height: s.height }),
          detail: `transaction ${id} is recorded valid but no stored block at height ${String(s.height)} holds it`,
        },
        `${id} status`,
      );
    return {
      ...record,
      status: 'undecided',
      reasonCode: tamperedReasonCode,
      reason: `the block recorded as deciding ${id} fails this node's checks; see the federation report`,
    };
  }

  /** The transactions of a key (received or spent), in ledger order, as served. */
  async transactionsByKey(
    key: string,
    query: KeyTransactionsQuery,
  ): Promise<Page<Listed<LedgerTransaction>>> {
    return this.#listed(await this.ctx.store.getTransactionsByKey(key, query));
  }

  /** The CREATE and TRANSFERs of an asset, in ledger order (or newest first), as served. */
  async transactionsByAsset(
    assetId: string,
    query: AssetTransactionsQuery,
  ): Promise<Page<Listed<LedgerTransaction>>> {
    return this.#listed(await this.ctx.store.getTransactionsByAsset(assetId, query));
  }

  /**
   * The output links of a key whose block may be served. Links are vetted by their block (recorded
   * valid, its checks passed, not altered since): a link is not the transaction's content, and
   * reading and hashing every transaction of a key with 10,000 outputs made the answer take ~100 ms.
   */
  async outputs(
    key: string,
    query: Omit<OutputQuery, 'withBlocks' | 'withSpenders'>,
  ): Promise<Page<OutputLink>> {
    const p = await this.ctx.store.getOutputs(key, { ...query, withBlocks: true, withSpenders: false });
    const blocks = new Map(p.items.flatMap((o) => (o.block ? [[o.block.id, o.block] as const] : [])));
    const servable = await this.vetBlocks([...blocks.values()]);
    return {
      items: p.items.filter((o) => o.block !== undefined && servable.has(o.block.id)).map((o) => o.link),
      next: p.next,
    };
  }

  /**
   * Rows of a plugin's ledger index (`LedgerIndex.lookups`), which holds only what valid blocks
   * derived: how a subsystem's routes read what its rules indexed (the SPOOL registry's reads).
   */
  indexRows(index: string, lookup: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> {
    return this.ctx.store.queryIndex(index, lookup, params);
  }

  // ---------------------------------------------------------------- search

  searchAssets(text: string, limit: number): Promise<AssetMatch[]> {
    return this.ctx.store.searchAssets(text, { limit }).then((items) => this.#servableMatches(items));
  }

  searchMetadata(text: string, limit: number): Promise<MetadataMatch[]> {
    return this.ctx.store.searchMetadata(text, { limit }).then((items) => this.#servableMatches(items));
  }

  async findAssets(query: FieldQuery): Promise<Page<AssetMatch>> {
    const p = await this.ctx.store.findAssets(query);
    return { items: await this.#servableMatches(p.items), next: p.next };
  }

  async findMetadata(query: FieldQuery): Promise<Page<MetadataMatch>> {
    const p = await this.ctx.store.findMetadata(query);
    return { items: await this.#servableMatches(p.items), next: p.next };
  }

  // ---------------------------------------------------------------- blocks and votes

  /** A block by height, null when there is none, `{ altered }` (its id) when it fails the checks. */
  async blockByHeight(height: number): Promise<StoredBlock | AlteredBlock | null> {
    const [stored] = await this.ctx.store.getBlocksByHeight([height]);
    return stored ? this.#served(stored) : null;
  }

  /** A block by id, as `blockByHeight`. */
  async blockById(id: string): Promise<StoredBlock | AlteredBlock | null> {
    const [stored] = await this.ctx.store.getBlocksById([id]);
    return stored ? this.#served(stored) : null;
  }

  async #served(stored: StoredBlock): Promise<StoredBlock | AlteredBlock> {
    return (await this.vetBlock(stored)) ?? { altered: String(stored.block?.id) };
  }

  /**
   * Blocks by height for a listing of what they claim (id, maker, time, count), vetted as output
   * links are: by the watchdog's findings and, for a valid block, its vouched decision, without
   * hashing every transaction of every block on each read (20 blocks of 1,000 transactions took
   * seconds that way). `{ altered }` for a block found altered.
   */
  async blockListing(heights: readonly number[]): Promise<(StoredBlock | AlteredBlock | null)[]> {
    const stored = await this.ctx.store.getBlocksByHeight(heights);
    return Promise.all(
      stored.map(async (b) => {
        if (b === null) return null;
        const id = String(b.block?.id);
        const ok =
          b.status === 'valid' ? await this.#servableBlock(id, b.height) : !this.ctx.watchdog.isTampered(id);
        return ok ? b : { altered: id };
      }),
    );
  }

  /**
   * Who spends each output (in an undecided or valid block), null where nobody does or where the
   * spending block fails this node's checks.
   */
  async spenders(links: readonly OutputLink[]): Promise<(Spender | null)[]> {
    const found = await this.ctx.store.getSpenders(links);
    const ok = await Promise.all(
      found.map(async (s) => {
        if (s === null) return false;
        if (this.ctx.watchdog.isTampered(s.blockId)) return false;
        return s.status !== 'valid' || this.#servableBlock(s.blockId, s.height);
      }),
    );
    return found.map((s, i) => (ok[i] ? s : null));
  }

  /** The blocks that held a transaction, valid, undecided or invalid, that may be named. */
  async blocksContaining(txId: string): Promise<StoredBlock[]> {
    const stored = await this.ctx.store.getBlocksContaining(txId);
    return (await Promise.all(stored.map((b) => this.vetBlock(b)))).filter((b) => b !== null);
  }

  /** A block's election status, or null when there is no such block. */
  async blockStatus(blockId: string): Promise<BlockStatusAnswer | null> {
    const [block] = await this.ctx.store.getBlocksById([blockId]);
    if (!block) return null;
    if (block.status === 'valid' && (await this.vetBlock(block)) === null)
      return { status: 'undecided', height: block.height, tampered: true };
    return { status: block.status, height: block.height };
  }

  /** The votes on a block that count: signed by a member voter of that block. */
  async votes(blockId: string): Promise<Vote[]> {
    const [[block], [votes = []]] = await Promise.all([
      this.ctx.store.getBlocksById([blockId]),
      this.ctx.store.getVotes([blockId]),
    ]);
    return block ? this.vetVotes(block, votes) : [];
  }

  // ---------------------------------------------------------------- vetting

  /** True when the watchdog (or a read) found the block's stored form or decision altered. */
  isTampered(blockId: string): boolean {
    return this.ctx.watchdog.isTampered(blockId);
  }

  /**
   * The transactions of a query result that may be served: those whose content still hashes to
   * their id and whose block passes the watchdog. Order is kept.
   */
  async vetTransactions<T extends LedgerTransaction>(items: readonly T[]): Promise<T[]> {
    const ok = await Promise.all(items.map((t) => this.#servable(t, t.tx.id)));
    return items.filter((_, i) => ok[i]);
  }

  /**
   * A stored block as it may be served: null when its stored form fails its id and signature
   * check or the watchdog flagged it; a block recorded valid is only served valid once vouched.
   */
  async vetBlock(stored: StoredBlock): Promise<StoredBlock | null> {
    const { watchdog, talliedValid } = this.ctx;
    const id = stored.block?.id;
    if (typeof id !== 'string' || watchdog.isTampered(id)) return null;
    if (!checkBlockSignature(stored.block).ok) {
      watchdog.flag(id, stored.height, {
        code: 'BlockAltered',
        subject: id,
        detail: `block ${id} at height ${stored.height} as stored fails its id and signature check`,
      });
      return null;
    }
    if (stored.status !== 'valid' || talliedValid.get(id)) return stored;
    const v = await watchdog.vouch(id, stored.height);
    return v.ok && v.status === 'valid' ? stored : null;
  }

  /** The votes on a block that count: for that block, signed by their voter, by a member voter of it. */
  vetVotes(stored: StoredBlock, votes: readonly Vote[]): Vote[] {
    const voters = Array.isArray(stored.block?.block?.voters) ? stored.block.block.voters : [];
    return votes.filter(
      (v) =>
        this.ctx.votes.countable(stored, v) &&
        this.ctx.federation.includes(v.node_pubkey) &&
        voters.includes(v.node_pubkey),
    );
  }

  /** The ids of those valid blocks whose content may be served (not altered since decided). */
  async vetBlocks(blocks: readonly { readonly id: string; readonly height: number }[]): Promise<Set<string>> {
    const ok = await Promise.all(blocks.map((b) => this.#servableBlock(b.id, b.height)));
    return new Set(blocks.filter((_, i) => ok[i]).map((b) => b.id));
  }

  /** Vetted with their JSON text, once per distinct stored text (see `KnownTexts`). */
  async #listed<T extends LedgerTransaction>(page: Page<T>): Promise<Page<Listed<T>>> {
    return {
      items: await vetListed(this.#known, page.items, (i) => this.vetTransactions(i)),
      next: page.next,
    };
  }

  /**
   * Search results whose transaction may be served: read back with their blocks (one batched
   * read) and passed through the checks. The results are not transactions themselves.
   */
  async #servableMatches<T extends { readonly id: string }>(items: readonly T[]): Promise<T[]> {
    const unique = [...new Set(items.map((i) => i.id))];
    if (unique.length === 0) return [];
    const found = await this.ctx.store.getTransactions(unique);
    const vetted = await this.vetTransactions(found.filter((t) => t !== null));
    const ok = new Set(vetted.map((t) => t.tx.id));
    return items.filter((i) => ok.has(i.id));
  }

  async #servableBlock(blockId: string, height: number): Promise<boolean> {
    const { watchdog, talliedValid } = this.ctx;
    if (watchdog.isTampered(blockId)) return false;
    if (talliedValid.get(blockId)) return true;
    const v = await watchdog.vouch(blockId, height);
    return v.ok && v.status === 'valid';
  }

  async #servable(t: LedgerTransaction, id: string): Promise<boolean> {
    const { watchdog, talliedValid } = this.ctx;
    if (!intact(t.tx, id)) {
      reportTamperedRead(watchdog, t, id);
      return false;
    }
    if (watchdog.isTampered(t.blockId)) return false;
    if (t.status !== 'valid' || talliedValid.get(t.blockId)) return true;
    const v = await watchdog.vouch(t.blockId, t.height);
    return v.ok && v.status === 'valid';
  }
}
