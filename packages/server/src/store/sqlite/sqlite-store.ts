import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { OutputLink, SignedTransaction } from '@bigchaindb-ts/core';
import { assembleBlock, planBlock, spendsOf, type BlockPlan } from '../block-plan.js';
import {
  blockPageSizeMax,
  blockPositionsMax,
  digestPageSizeMax,
  pageSizeMax,
  reassignBatchMax,
  schemaVersion,
  sqliteWalCheckpointPages,
} from '../constants.js';
import {
  checkLimit,
  decodeOutputCursor,
  decodePosCursor,
  encodeOutputCursor,
  encodePosCursor,
  pageOf,
} from '../cursor.js';
import { derivedRows, queryIndexRows, type QueryIndexRows } from '../derived-rows.js';
import { fieldFilterSql } from '../field-filter-sql.js';
import { filterTerms } from '../field-terms.js';
import { ConflictError, StoreError, type SpendConflict, type TxConflict } from '../errors.js';
import { blockPosRange, heightOfPos, ledgerPos } from '../ledger-position.js';
import { parseSearch, toFts5 } from '../search-text.js';
import { storedTransaction } from '../stored-transaction.js';
import { systemClock, type Clock } from '../../model/index.js';
import type { Store } from '../store.js';
import type {
  AssetMatch,
  AssetTransactionsQuery,
  BacklogAddOutcome,
  BacklogEntry,
  BacklogItem,
  Block,
  BlockDigest,
  BlockStatus,
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
  TxStatusName,
  Vote,
  VoteWriteOutcome,
  WriteBlockOptions,
  WriteBlockResult,
} from '../types.js';
import { idKey, idOf } from './id-key.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-client.js';
import { translateSqliteError } from './sqlite-errors.js';
import { sqliteSchema } from './sqlite-schema.js';
import { queryIndexTables, storeTables } from '../store-tables.js';

export interface SqliteStoreOptions {
  /** Stamps `updated_at_ms`, `assigned_at_ms` and decisions; injected so tests are deterministic. */
  readonly clock?: Clock;
  /**
   * The connection's page cache, in KiB (SQLite's default is 2 MiB). Ids are random, so every
   * index insert touches a random page; once the indexes outgrow the cache each insert reads
   * pages back from the file, and the node's rate fell with the ledger's size.
   */
  readonly cacheKiB?: number;
}

interface BlockRow {
  height: number;
  tx_count: number;
  shell: string;
  status: 'valid' | 'invalid' | null;
}

interface StatusRow {
  status: TxStatusName;
  pos: number | null;
  reason_code: string | null;
  reason: string | null;
  updated_at_ms: number;
  block_id: unknown;
}

interface TxRow {
  status: 'valid' | 'undecided';
  height: number;
  tx: string;
  block_id: unknown;
}

interface BacklogRow {
  tx: string;
  assignee: string;
  assigned_at_ms: number;
  received_at_ms: number;
}

interface OutputRow {
  pos: number;
  output_index: number;
  tx_id: unknown;
  amount: string;
  asset_id: unknown;
  /** Absent when spenders were not looked up. */
  spender?: unknown;
}

const blockColumns = `b.height, b.tx_count, b.shell, bs.status
  FROM blocks b LEFT JOIN block_status bs ON bs.height = b.height`;

/**
 * The store on SQLite through better-sqlite3.
 *
 * The driver is synchronous and in-process, so "batched" here means one transaction per batch
 * (one commit, one WAL append) around a loop of cached prepared statements; a point lookup costs
 * microseconds, not a round trip. Every write runs in an IMMEDIATE transaction: SQLite has one
 * writer, which is also what makes heights gap-free. WAL with `synchronous=NORMAL` keeps commits
 * durable against process crashes and cheap (no fsync per commit).
 */
export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  readonly #db: SqliteDatabase;
  readonly #clock: Clock;
  readonly #statements = new Map<string, SqliteStatement>();

  constructor(db: SqliteDatabase, options: SqliteStoreOptions = {}) {
    this.#db = db;
    this.#clock = options.clock ?? systemClock;
    this.#guard(() => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma(`wal_autocheckpoint = ${sqliteWalCheckpointPages}`);
      // Another process writing the same file makes a writer wait this long before SQLITE_BUSY.
      db.pragma('busy_timeout = 5000');
      if (options.cacheKiB !== undefined)
        db.pragma(`cache_size = -${Math.max(1, Math.floor(options.cacheKiB))}`);
    });
  }

  // Lifecycle.

  init(): Promise<{ created: boolean }> {
    return this.#run(() =>
      this.#write(() => {
        const created = !this.#exists();
        if (!created) this.#checkVersion();
        const missing = queryIndexTables.filter((t) => !this.#tableExists(t));
        this.#db.exec(sqliteSchema);
        // A store made before the query indexes gets them filled from its valid transactions, once.
        if (!created && missing.length > 0) this.#backfillQueryIndexes();
        this.#sql(
          `INSERT INTO store_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT DO NOTHING`,
        ).run(String(schemaVersion));
        return { created };
      }),
    );
  }

  exists(): Promise<boolean> {
    return this.#run(() => this.#exists());
  }

  drop(): Promise<void> {
    return this.#run(() => {
      this.#statements.clear();
      this.#write(() => {
        for (const table of [...storeTables].reverse()) this.#db.exec(`DROP TABLE IF EXISTS ${table}`);
      });
    });
  }

  close(): Promise<void> {
    return this.#run(() => {
      this.#statements.clear();
      this.#db.close();
    });
  }

  // Backlog.

  addToBacklog(entries: readonly BacklogEntry[]): Promise<BacklogAddOutcome[]> {
    return this.#run(() =>
      this.#write(() => {
        const now = this.#clock.nowMs();
        // Only an unknown id, or one rejected before, enters the backlog: an id already waiting or
        // in a live block must not be queued twice.
        const claim = this.#sql(
          `INSERT INTO tx_status (tx_id, status, pos, reason_code, reason, updated_at_ms)
           VALUES (?, 'backlog', NULL, NULL, NULL, ?)
           ON CONFLICT (tx_id) DO UPDATE SET status = 'backlog', pos = NULL, reason_code = NULL,
             reason = NULL, updated_at_ms = excluded.updated_at_ms
           WHERE tx_status.status = 'invalid'`,
        );
        const insert = this.#sql(
          `INSERT INTO backlog (tx_id, assignee, assigned_at_ms, received_at_ms, tx) VALUES (?, ?, ?, ?, ?)`,
        );
        return entries.map(({ tx, assignee }): BacklogAddOutcome => {
          const key = idKey(tx.id);
          if (claim.run(key, now).changes === 0)
            return { txId: tx.id, added: false, status: this.#statusOf(key) };
          insert.run(key, assignee, now, now, JSON.stringify(tx));
          return { txId: tx.id, added: true, status: 'backlog' };
        });
      }),
    );
  }

  takeBacklog(assignee: string, limit: number): Promise<BacklogItem[]> {
    return this.#run(() => {
      checkLimit(limit, blockPositionsMax);
      const rows = this.#sql(
        `SELECT tx, assignee, assigned_at_ms, received_at_ms FROM backlog
         WHERE assignee = ? ORDER BY seq LIMIT ?`,
      ).all(assignee, limit) as BacklogRow[];
      return rows.map(backlogItem);
    });
  }

  reassignStale(
    cutoffMs: number,
    choose: (entry: { txId: string; assignee: string }) => string,
    limit = reassignBatchMax,
  ): Promise<Reassignment[]> {
    return this.#run(() => {
      checkLimit(limit, reassignBatchMax);
      const stale = this.#sql(
        `SELECT tx_id, assignee FROM backlog WHERE assigned_at_ms < ? ORDER BY assigned_at_ms, seq LIMIT ?`,
      ).all(cutoffMs, limit) as { tx_id: unknown; assignee: string }[];
      const moves = stale.map((r) => {
        const txId = idOf(r.tx_id);
        return { key: r.tx_id, txId, from: r.assignee, to: choose({ txId, assignee: r.assignee }) };
      });
      return this.#write(() => {
        const now = this.#clock.nowMs();
        // The age condition is checked again, so a row another process reassigned meanwhile stays put.
        const update = this.#sql(
          `UPDATE backlog SET assignee = ?, assigned_at_ms = ? WHERE tx_id = ? AND assigned_at_ms < ?`,
        );
        return moves
          .filter((m) => update.run(m.to, now, m.key, cutoffMs).changes === 1)
          .map(({ txId, from, to }) => ({ txId, from, to }));
      });
    });
  }

  countBacklog(assignee?: string): Promise<number> {
    return this.#run(() => {
      const row = (
        assignee === undefined
          ? this.#sql(`SELECT COUNT(*) AS n FROM backlog`).get()
          : this.#sql(`SELECT COUNT(*) AS n FROM backlog WHERE assignee = ?`).get(assignee)
      ) as { n: number };
      return row.n;
    });
  }

  getBacklogTransactions(txIds: readonly string[]): Promise<(BacklogItem | null)[]> {
    return this.#run(() =>
      this.#read(() => {
        const get = this.#sql(
          `SELECT tx, assignee, assigned_at_ms, received_at_ms FROM backlog WHERE tx_id = ?`,
        );
        return txIds.map((id) => {
          const r = get.get(idKey(id)) as BacklogRow | undefined;
          return r === undefined ? null : backlogItem(r);
        });
      }),
    );
  }

  // Writes of the pipelines.

  writeBlock(block: Block, options: WriteBlockOptions = {}): Promise<WriteBlockResult> {
    return this.#run(() => {
      const plan = planBlock(block);
      return this.#write((): WriteBlockResult => {
        const written = this.#writeBlockRows(plan, options);
        if (!written.created || options.decideWith === undefined) return written;
        // A federation of one: its own vote is the quorum, so the block is decided as it is
        // written, in the same transaction (no second and third commit, no re-read of the block).
        const now = this.#clock.nowMs();
        this.#insertVotes([options.decideWith]);
        this.#sql(`INSERT INTO block_status (height, status, decided_at_ms) VALUES (?, 'valid', ?)`).run(
          written.height,
          now,
        );
        this.#settle(
          plan.txs.map((t) => ({ pos: ledgerPos(written.height, t.position), json: t.json, tx: t.tx })),
          now,
          { claimedValid: true },
        );
        return written;
      });
    });
  }

  #writeBlockRows(plan: BlockPlan, options: WriteBlockOptions): WriteBlockResult {
    const existing = this.#sql(`SELECT height FROM blocks WHERE id = ?`).get(idKey(plan.blockId)) as
      { height: number } | undefined;
    if (existing !== undefined) return { height: existing.height, created: false };
    const { h: height } = this.#sql(`SELECT COALESCE(MAX(height), -1) + 1 AS h FROM blocks`).get() as {
      h: number;
    };
    if (options.onlyFirst === true && height > 0) return { height: 0, created: false };
    const now = this.#clock.nowMs();

    // Claims: a transaction is live in one block at most (its tx_status row), an output is
    // spent once among live blocks (the live_spends key). Every collision is collected before
    // failing, so the block maker learns all its losers in one round.
    const txConflicts: TxConflict[] = [...plan.txConflicts];
    const spendConflicts: SpendConflict[] = [...plan.spendConflicts];
    // A block decided as it is written claims its transactions as `valid` at once.
    const claimStatus = options.decideWith === undefined ? 'undecided' : 'valid';
    const claimTx = this.#sql(
      `INSERT INTO tx_status (tx_id, status, pos, reason_code, reason, updated_at_ms)
       VALUES (?, ?, ?, NULL, NULL, ?)
       ON CONFLICT (tx_id) DO UPDATE SET status = excluded.status, pos = excluded.pos, reason_code = NULL,
         reason = NULL, updated_at_ms = excluded.updated_at_ms
       WHERE tx_status.status NOT IN ('undecided', 'valid')`,
    );
    for (const tx of plan.txs) {
      const key = idKey(tx.id);
      if (claimTx.run(key, claimStatus, ledgerPos(height, tx.position), now).changes === 1) continue;
      const holder = this.#sql(`SELECT pos FROM tx_status WHERE tx_id = ?`).get(key) as { pos: number };
      txConflicts.push({ txId: tx.id, blockId: this.#blockIdAt(heightOfPos(holder.pos)) });
    }
    const claimSpend = this.#sql(
      `INSERT INTO live_spends (tx_id, output_index, spender, height) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    for (const s of plan.spends) {
      const key = idKey(s.txId);
      if (claimSpend.run(key, s.outputIndex, idKey(s.spender), height).changes === 1) continue;
      const holder = this.#sql(
        `SELECT spender, height FROM live_spends WHERE tx_id = ? AND output_index = ?`,
      ).get(key, s.outputIndex) as { spender: unknown; height: number };
      spendConflicts.push({
        output: { transaction_id: s.txId, output_index: s.outputIndex },
        txId: s.spender,
        spentBy: idOf(holder.spender),
        blockId: this.#blockIdAt(holder.height),
      });
    }
    // Throwing inside the transaction function rolls everything above back.
    if (txConflicts.length > 0 || spendConflicts.length > 0)
      throw new ConflictError(txConflicts, spendConflicts);

    this.#sql(
      `INSERT INTO blocks (height, id, node_pubkey, timestamp, tx_count, shell) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(height, idKey(plan.blockId), plan.nodePubkey, plan.timestamp, plan.txs.length, plan.shell);
    const insertTx = this.#sql(
      `INSERT INTO transactions (pos, height, tx_id, operation, asset_id, tx) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const unqueue = this.#sql(`DELETE FROM backlog WHERE tx_id = ?`);
    for (const tx of plan.txs) {
      const key = idKey(tx.id);
      insertTx.run(ledgerPos(height, tx.position), height, key, tx.operation, idKey(tx.assetId), tx.json);
      unqueue.run(key);
    }
    // Votes can arrive before their block in a federation; they learn its height now.
    this.#sql(`UPDATE votes SET height = ? WHERE block_id = ? AND height IS NULL`).run(
      height,
      idKey(plan.blockId),
    );
    return { height, created: true };
  }

  decideBlock(blockId: string, valid: boolean, options: { requeueTo?: string } = {}): Promise<Decision> {
    return this.#run(() =>
      this.#write((): Decision => {
        const block = this.#sql(`SELECT height, node_pubkey, tx_count FROM blocks WHERE id = ?`).get(
          idKey(blockId),
        ) as { height: number; node_pubkey: string; tx_count: number } | undefined;
        if (block === undefined) throw new StoreError('not_found', `no block ${blockId} to decide`);
        const now = this.#clock.nowMs();
        const status = valid ? 'valid' : 'invalid';
        const recorded = this.#sql(
          `INSERT INTO block_status (height, status, decided_at_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
        ).run(block.height, status, now);
        if (recorded.changes === 0) {
          const prior = this.#sql(`SELECT status FROM block_status WHERE height = ?`).get(block.height) as {
            status: 'valid' | 'invalid';
          };
          return { status: prior.status, changed: false, requeued: 0 };
        }
        const txs = this.#blockTxJson(block.height, block.tx_count).map(({ pos, tx: json }) => ({
          pos,
          json,
          tx: JSON.parse(json) as SignedTransaction,
        }));
        if (valid) {
          this.#settle(txs, now);
          return { status, changed: true, requeued: 0 };
        }
        const release = this.#sql(
          `UPDATE tx_status SET status = 'backlog', pos = NULL, updated_at_ms = ?
           WHERE tx_id = ? AND pos = ? AND status = 'undecided'`,
        );
        const unspend = this.#sql(
          `DELETE FROM live_spends WHERE tx_id = ? AND output_index = ? AND spender = ?`,
        );
        const requeue = this.#sql(
          `INSERT INTO backlog (tx_id, assignee, assigned_at_ms, received_at_ms, tx) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
        );
        const assignee = options.requeueTo ?? block.node_pubkey;
        for (const { pos, tx, json } of txs) {
          const key = idKey(tx.id);
          assert.equal(release.run(now, key, pos).changes, 1, `transaction ${tx.id} lost its claim`);
          for (const s of spendsOf(tx)) unspend.run(idKey(s.txId), s.outputIndex, key);
          requeue.run(key, assignee, now, now, json);
        }
        return { status, changed: true, requeued: txs.length };
      }),
    );
  }

  /**
   * A valid decision's effects on the block's transactions (the caller records the block's
   * status): their statuses, and the query indexes.
   */
  #settle(
    txs: readonly { pos: number; json: string; tx: SignedTransaction }[],
    now: number,
    options: { claimedValid?: boolean } = {},
  ): void {
    if (options.claimedValid !== true) {
      const settle = this.#sql(
        `UPDATE tx_status SET status = 'valid', updated_at_ms = ? WHERE tx_id = ? AND pos = ?`,
      );
      for (const { pos, tx } of txs)
        assert.equal(settle.run(now, idKey(tx.id), pos).changes, 1, `transaction ${tx.id} lost its claim`);
    }
    const rows = derivedRows(txs);
    const insertKey = this.#sql(
      `INSERT INTO output_keys (public_key, pos, output_index, tx_id, amount, asset_id)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    for (const k of rows.outputKeys)
      insertKey.run(k.publicKey, k.pos, k.outputIndex, idKey(k.txId), k.amount, idKey(k.assetId));
    const insertAsset = this.#sql(`INSERT INTO asset_search (rowid, text) VALUES (?, ?)`);
    for (const a of rows.assets) insertAsset.run(a.pos, a.text);
    const insertMetadata = this.#sql(`INSERT INTO metadata_search (rowid, text) VALUES (?, ?)`);
    for (const m of rows.metadata) insertMetadata.run(m.pos, m.text);
    this.#insertQueryIndexRows(rows);
  }

  rejectTransactions(rejections: readonly Rejection[]): Promise<RejectOutcome[]> {
    return this.#run(() =>
      this.#write(() => {
        const now = this.#clock.nowMs();
        const mark = this.#sql(
          `INSERT INTO tx_status (tx_id, status, pos, reason_code, reason, updated_at_ms)
           VALUES (?, 'invalid', NULL, ?, ?, ?)
           ON CONFLICT (tx_id) DO UPDATE SET status = 'invalid', pos = NULL, reason_code = excluded.reason_code,
             reason = excluded.reason, updated_at_ms = excluded.updated_at_ms
           WHERE tx_status.status IN ('backlog', 'invalid')`,
        );
        const unqueue = this.#sql(`DELETE FROM backlog WHERE tx_id = ?`);
        return rejections.map(({ txId, code, reason }): RejectOutcome => {
          const key = idKey(txId);
          if (mark.run(key, code, reason, now).changes === 0)
            return { txId, rejected: false, status: this.#statusOf(key) };
          unqueue.run(key);
          return { txId, rejected: true, status: 'invalid' };
        });
      }),
    );
  }

  writeVotes(votes: readonly Vote[]): Promise<VoteWriteOutcome[]> {
    return this.#run(() => this.#write(() => this.#insertVotes(votes)));
  }

  #insertVotes(votes: readonly Vote[]): VoteWriteOutcome[] {
    const insert = this.#sql(
      `INSERT INTO votes (block_id, node_pubkey, height, vote)
       VALUES (@block, @node, (SELECT height FROM blocks WHERE id = @block), @vote) ON CONFLICT DO NOTHING`,
    );
    return votes.map((v) => ({
      blockId: v.vote.voting_for_block,
      nodePubkey: v.node_pubkey,
      written:
        insert.run({
          block: idKey(v.vote.voting_for_block),
          node: v.node_pubkey,
          vote: JSON.stringify(v),
        }).changes === 1,
    }));
  }

  // Reads.

  getStatuses(txIds: readonly string[]): Promise<(TxStatus | null)[]> {
    return this.#run(() =>
      this.#read(() => {
        const get = this.#sql(
          `SELECT s.status, s.pos, s.reason_code, s.reason, s.updated_at_ms, b.id AS block_id
           FROM tx_status s LEFT JOIN blocks b ON b.height = s.pos / ${blockPositionsMax}
           WHERE s.tx_id = ?`,
        );
        return txIds.map((txId) => {
          const r = get.get(idKey(txId)) as StatusRow | undefined;
          if (r === undefined) return null;
          return {
            txId,
            status: r.status,
            blockId: r.block_id === null ? null : idOf(r.block_id),
            height: r.pos === null ? null : heightOfPos(r.pos),
            reasonCode: r.reason_code,
            reason: r.reason,
            updatedAtMs: r.updated_at_ms,
          };
        });
      }),
    );
  }

  getTransactions(
    txIds: readonly string[],
    options: { includeUndecided?: boolean } = {},
  ): Promise<(LedgerTransaction | null)[]> {
    return this.#run(() =>
      this.#read(() => {
        const statuses = options.includeUndecided === true ? `'valid', 'undecided'` : `'valid'`;
        const get = this.#sql(
          `SELECT s.status, t.height, t.tx, b.id AS block_id
           FROM tx_status s JOIN transactions t ON t.pos = s.pos JOIN blocks b ON b.height = t.height
           WHERE s.tx_id = ? AND s.status IN (${statuses})`,
        );
        return txIds.map((txId) => {
          const r = get.get(idKey(txId)) as TxRow | undefined;
          return r === undefined ? null : ledgerTransaction(r);
        });
      }),
    );
  }

  getSpenders(links: readonly OutputLink[]): Promise<(Spender | null)[]> {
    return this.#run(() =>
      this.#read(() => {
        const get = this.#sql(
          `SELECT l.spender, l.height, b.id AS block_id, bs.status
           FROM live_spends l JOIN blocks b ON b.height = l.height LEFT JOIN block_status bs ON bs.height = l.height
           WHERE l.tx_id = ? AND l.output_index = ?`,
        );
        return links.map((link): Spender | null => {
          const r = get.get(idKey(link.transaction_id), link.output_index) as
            | { spender: unknown; height: number; block_id: unknown; status: 'valid' | 'invalid' | null }
            | undefined;
          if (r === undefined) return null;
          assert.notEqual(r.status, 'invalid', 'a live spend sits in an invalid block');
          return {
            txId: idOf(r.spender),
            blockId: idOf(r.block_id),
            height: r.height,
            status: r.status === 'valid' ? 'valid' : 'undecided',
          };
        });
      }),
    );
  }

  getBlocksByHeight(heights: readonly number[]): Promise<(StoredBlock | null)[]> {
    return this.#run(() =>
      this.#read(() => {
        const get = this.#sql(`SELECT ${blockColumns} WHERE b.height = ?`);
        return heights.map((h) => this.#storedBlock(get.get(h) as BlockRow | undefined));
      }),
    );
  }

  getBlocksById(blockIds: readonly string[]): Promise<(StoredBlock | null)[]> {
    return this.#run(() =>
      this.#read(() => {
        const get = this.#sql(`SELECT ${blockColumns} WHERE b.id = ?`);
        return blockIds.map((id) => this.#storedBlock(get.get(idKey(id)) as BlockRow | undefined));
      }),
    );
  }

  getBlocksAfter(height: number, limit: number): Promise<StoredBlock[]> {
    return this.#run(() =>
      this.#read(() => {
        checkLimit(limit, blockPageSizeMax);
        const rows = this.#sql(`SELECT ${blockColumns} WHERE b.height > ? ORDER BY b.height LIMIT ?`).all(
          height,
          limit,
        ) as BlockRow[];
        return rows.map((r) => this.#storedBlockOf(r));
      }),
    );
  }

  getBlocksContaining(txId: string): Promise<StoredBlock[]> {
    return this.#run(() =>
      this.#read(() => {
        const rows = this.#sql(
          `SELECT ${blockColumns} WHERE b.height IN (SELECT height FROM transactions WHERE tx_id = ?)
           ORDER BY b.height`,
        ).all(idKey(txId)) as BlockRow[];
        return rows.map((r) => this.#storedBlockOf(r));
      }),
    );
  }

  getVotes(blockIds: readonly string[]): Promise<Vote[][]> {
    return this.#run(() =>
      this.#read(() => {
        const all = this.#sql(`SELECT vote FROM votes WHERE block_id = ? ORDER BY rowid`);
        return blockIds.map((id) =>
          (all.all(idKey(id)) as { vote: string }[]).map((r) => JSON.parse(r.vote) as Vote),
        );
      }),
    );
  }

  getUnvotedBlocks(
    nodePubkey: string,
    options: { afterHeight?: number; limit: number },
  ): Promise<StoredBlock[]> {
    return this.#run(() =>
      this.#read(() => {
        checkLimit(options.limit, blockPageSizeMax);
        const rows = this.#sql(
          `SELECT ${blockColumns}
           WHERE b.height > ? AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.block_id = b.id AND v.node_pubkey = ?)
           ORDER BY b.height LIMIT ?`,
        ).all(options.afterHeight ?? -1, nodePubkey, options.limit) as BlockRow[];
        return rows.map((r) => this.#storedBlockOf(r));
      }),
    );
  }

  getVoteHeights(nodePubkeys: readonly string[]): Promise<(number | null)[]> {
    return this.#run(() =>
      this.#read(() => {
        const get = this.#sql(`SELECT MAX(height) AS h FROM votes WHERE node_pubkey = ?`);
        return nodePubkeys.map((k) => (get.get(k) as { h: number | null }).h);
      }),
    );
  }

  getLastVotedBlock(nodePubkey: string): Promise<StoredBlock | null> {
    return this.#run(() =>
      this.#read(() => {
        const { h } = this.#sql(`SELECT MAX(height) AS h FROM votes WHERE node_pubkey = ?`).get(
          nodePubkey,
        ) as {
          h: number | null;
        };
        if (h === null) return null;
        return this.#storedBlock(this.#sql(`SELECT ${blockColumns} WHERE b.height = ?`).get(h) as BlockRow);
      }),
    );
  }

  latestHeight(): Promise<number | null> {
    return this.#run(
      () => (this.#sql(`SELECT MAX(height) AS h FROM blocks`).get() as { h: number | null }).h,
    );
  }

  firstUndecidedHeight(): Promise<number | null> {
    return this.#run(
      () =>
        (
          this.#sql(
            `SELECT MIN(b.height) AS h FROM blocks b
             WHERE NOT EXISTS (SELECT 1 FROM block_status s WHERE s.height = b.height)`,
          ).get() as { h: number | null }
        ).h,
    );
  }

  getBlockDigests(afterHeight: number, limit: number): Promise<BlockDigest[]> {
    return this.#run(() =>
      this.#read(() => {
        checkLimit(limit, digestPageSizeMax);
        const rows = this.#sql(
          `SELECT b.height, b.id, b.node_pubkey, b.timestamp, b.tx_count, b.shell, bs.status
           FROM blocks b LEFT JOIN block_status bs ON bs.height = b.height
           WHERE b.height > ? ORDER BY b.height LIMIT ?`,
        ).all(afterHeight, limit) as (BlockRow & { id: unknown; node_pubkey: string; timestamp: string })[];
        const txs = this.#sql(`SELECT tx FROM transactions WHERE pos >= ? AND pos < ? ORDER BY pos`);
        const votes = this.#sql(`SELECT node_pubkey, vote FROM votes WHERE block_id = ? ORDER BY rowid`);
        return rows.map((r): BlockDigest => {
          const { from, to } = blockPosRange(r.height);
          const texts = (txs.all(from, to) as { tx: string }[]).map((t) => t.tx);
          const voteRows = (votes.all(r.id) as { node_pubkey: string; vote: string }[]).sort((a, b) =>
            a.node_pubkey < b.node_pubkey ? -1 : a.node_pubkey > b.node_pubkey ? 1 : 0,
          );
          const status: BlockStatus = r.status ?? 'undecided';
          // The same text the PostgreSQL store hashes; absent parts are skipped, as concat_ws does.
          const parts = [
            idOf(r.id),
            r.node_pubkey,
            r.timestamp,
            String(r.tx_count),
            r.shell,
            status,
            texts.length > 0 ? texts.join('\n') : null,
            voteRows.length > 0 ? voteRows.map((v) => `${v.node_pubkey} ${v.vote}`).join('\n') : null,
          ].filter((p): p is string => p !== null);
          return {
            height: r.height,
            blockId: idOf(r.id),
            status,
            digest: createHash('sha256').update(parts.join('\n'), 'utf8').digest('hex'),
            voteCount: voteRows.length,
          };
        });
      }),
    );
  }

  // Change notifications.

  /** One process owns a SQLite file: there is nobody else's change to announce. */
  listen(_onChange: (change: StoreChange) => void): Promise<StoreSubscription> {
    return Promise.resolve({ live: false, close: () => Promise.resolve() });
  }

  // Queries.

  getOutputs(publicKey: string, query: OutputQuery): Promise<Page<OwnedOutput>> {
    return this.#run(() => {
      const limit = checkLimit(query.limit, pageSizeMax);
      const after = decodeOutputCursor(query.cursor);
      const filter =
        query.spent === undefined ? '' : query.spent ? 'AND l.spender IS NOT NULL' : 'AND l.spender IS NULL';
      const spenders = query.spent !== undefined || query.withSpenders !== false;
      const rows = this.#sql(
        spenders
          ? `SELECT k.pos, k.output_index, ${idText('k.tx_id')} AS tx_id, k.amount,
               ${idText('k.asset_id')} AS asset_id, ${idText('l.spender')} AS spender
             FROM output_keys k LEFT JOIN live_spends l ON l.tx_id = k.tx_id AND l.output_index = k.output_index
             WHERE k.public_key = ? AND (k.pos, k.output_index) > (?, ?) ${filter}
             ORDER BY k.pos, k.output_index LIMIT ?`
          : `SELECT k.pos, k.output_index, ${idText('k.tx_id')} AS tx_id, k.amount,
               ${idText('k.asset_id')} AS asset_id
             FROM output_keys k
             WHERE k.public_key = ? AND (k.pos, k.output_index) > (?, ?)
             ORDER BY k.pos, k.output_index LIMIT ?`,
      ).all(publicKey, after.pos, after.outputIndex, limit + 1) as OutputRow[];
      const page = pageOf(rows, limit, ownedOutput, (r) =>
        encodeOutputCursor({ pos: r.pos, outputIndex: r.output_index }),
      );
      if (query.withBlocks === true) {
        const heights = [...new Set(page.items.map((o) => o.height))];
        const found = this.#sql(
          `SELECT b.height, ${idText('b.id')} AS block_id
           FROM blocks b JOIN block_status s ON s.height = b.height AND s.status = 'valid'
           WHERE b.height IN (SELECT value FROM json_each(?))`,
        ).all(JSON.stringify(heights)) as { height: number; block_id: unknown }[];
        const byHeight = new Map(found.map((r) => [r.height, { id: idOf(r.block_id), height: r.height }]));
        const items = page.items.map((o): OwnedOutput => {
          const block = byHeight.get(o.height);
          return block === undefined ? o : { ...o, block };
        });
        return { items, next: page.next };
      }
      return page;
    });
  }

  getTransactionsByAsset(assetId: string, query: AssetTransactionsQuery): Promise<Page<LedgerTransaction>> {
    return this.#run(() => {
      const limit = checkLimit(query.limit, pageSizeMax);
      const descending = query.descending === true;
      // Newest first pages below the cursor; without one, from the end of the ledger.
      const bound =
        descending && query.cursor === undefined ? Number.MAX_SAFE_INTEGER : decodePosCursor(query.cursor);
      const rows = this.#sql(
        `SELECT 'valid' AS status, t.pos, t.height, t.tx, ${idText('b.id')} AS block_id
         FROM transactions t
           JOIN block_status s ON s.height = t.height AND s.status = 'valid'
           JOIN blocks b ON b.height = t.height
         WHERE t.asset_id = @asset AND t.pos ${descending ? '<' : '>'} @bound
           AND (@operation IS NULL OR t.operation = @operation)
         ORDER BY t.pos ${descending ? 'DESC' : 'ASC'} LIMIT @limit`,
      ).all({
        asset: idKey(assetId),
        bound,
        operation: query.operation ?? null,
        limit: limit + 1,
      }) as (TxRow & {
        pos: number;
      })[];
      return pageOf(rows, limit, listedTransaction, (r) => encodePosCursor(r.pos));
    });
  }

  getTransactionsByKey(publicKey: string, query: KeyTransactionsQuery): Promise<Page<LedgerTransaction>> {
    return this.#run(() => {
      const limit = checkLimit(query.limit, pageSizeMax);
      const after = decodePosCursor(query.cursor);
      // tx_keys only holds transactions of valid blocks (written by decideBlock).
      const rows = this.#sql(
        `SELECT 'valid' AS status, k.pos, t.height, t.tx, ${idText('b.id')} AS block_id
         FROM tx_keys k JOIN transactions t ON t.pos = k.pos JOIN blocks b ON b.height = t.height
         WHERE k.public_key = ? AND k.pos > ?
         ORDER BY k.pos LIMIT ?`,
      ).all(publicKey, after, limit + 1) as (TxRow & { pos: number })[];
      return pageOf(rows, limit, listedTransaction, (r) => encodePosCursor(r.pos));
    });
  }

  findAssets(query: FieldQuery): Promise<Page<AssetMatch>> {
    return this.#run(() =>
      this.#find('asset_fields', query, (tx): AssetMatch => {
        assert.ok(tx.operation === 'CREATE' && tx.asset.data !== null);
        return { id: tx.id, data: tx.asset.data };
      }),
    );
  }

  findMetadata(query: FieldQuery): Promise<Page<MetadataMatch>> {
    return this.#run(() =>
      this.#find('metadata_fields', query, (tx): MetadataMatch => {
        assert.ok(tx.metadata !== null);
        return { id: tx.id, metadata: tx.metadata };
      }),
    );
  }

  searchAssets(text: string, options: { limit: number }): Promise<AssetMatch[]> {
    return this.#run(() =>
      this.#search('asset_search', text, options.limit).map((tx) => {
        assert.ok(tx.operation === 'CREATE' && tx.asset.data !== null);
        return { id: tx.id, data: tx.asset.data };
      }),
    );
  }

  searchMetadata(text: string, options: { limit: number }): Promise<MetadataMatch[]> {
    return this.#run(() =>
      this.#search('metadata_search', text, options.limit).map((tx) => {
        assert.ok(tx.metadata !== null);
        return { id: tx.id, metadata: tx.metadata };
      }),
    );
  }

  // Operations.

  setShards(n: number): Promise<string> {
    return Promise.resolve(
      `Nothing done: SQLite keeps the whole store in one file on one machine, so there is nothing to ` +
        `spread over ${n} shard(s). Use the PostgreSQL backend for hash-partitioned tables.`,
    );
  }

  setReplicas(n: number): Promise<string> {
    return Promise.resolve(
      `Nothing done: the SQLite store is a single local file with no replication, so it cannot keep ` +
        `${n} copies. Copy it with a file-level backup, or use PostgreSQL with streaming replication.`,
    );
  }

  // Internals.

  #find<T>(
    table: 'asset_fields' | 'metadata_fields',
    query: FieldQuery,
    item: (tx: SignedTransaction) => T,
  ): Page<T> {
    const limit = checkLimit(query.limit, pageSizeMax);
    const groups = filterTerms(query.filter);
    const { sql, params } = fieldFilterSql(
      table,
      groups,
      decodePosCursor(query.cursor),
      limit + 1,
      () => '?',
    );
    const rows = this.#read(() => this.#sql(sql).all(...params) as { pos: number; tx: string }[]);
    return pageOf(
      rows,
      limit,
      (r) => item(JSON.parse(r.tx) as SignedTransaction),
      (r) => encodePosCursor(r.pos),
    );
  }

  #insertQueryIndexRows(rows: QueryIndexRows): void {
    const key = this.#sql(`INSERT INTO tx_keys (public_key, pos) VALUES (?, ?) ON CONFLICT DO NOTHING`);
    for (const r of rows.txKeys) key.run(r.key, r.pos);
    const asset = this.#sql(`INSERT INTO asset_fields (term, pos) VALUES (?, ?) ON CONFLICT DO NOTHING`);
    for (const r of rows.assetFields) asset.run(r.key, r.pos);
    const metadata = this.#sql(
      `INSERT INTO metadata_fields (term, pos) VALUES (?, ?) ON CONFLICT DO NOTHING`,
    );
    for (const r of rows.metadataFields) metadata.run(r.key, r.pos);
  }

  /** Fills the query indexes from every transaction of a valid block (inside `init`'s transaction). */
  #backfillQueryIndexes(): void {
    const page = this.#db.prepare(
      `SELECT t.pos, t.tx FROM transactions t
       JOIN block_status s ON s.height = t.height AND s.status = 'valid'
       WHERE t.pos > ? ORDER BY t.pos LIMIT ${pageSizeMax}`,
    );
    for (let after = -1; ;) {
      const rows = page.all(after) as { pos: number; tx: string }[];
      this.#insertQueryIndexRows(
        queryIndexRows(rows.map((r) => ({ pos: r.pos, tx: JSON.parse(r.tx) as SignedTransaction }))),
      );
      if (rows.length < pageSizeMax) return;
      after = rows.at(-1)!.pos;
    }
  }

  #tableExists(name: string): boolean {
    return (
      this.#db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !==
      undefined
    );
  }

  #search(table: 'asset_search' | 'metadata_search', text: string, limit: number): SignedTransaction[] {
    checkLimit(limit, pageSizeMax);
    const query = parseSearch(text);
    if (query === null) return [];
    const rows = this.#sql(
      `SELECT t.tx FROM ${table} f JOIN transactions t ON t.pos = f.rowid
       WHERE ${table} MATCH ? ORDER BY f.rank, f.rowid LIMIT ?`,
    ).all(toFts5(query), limit) as { tx: string }[];
    return rows.map((r) => JSON.parse(r.tx) as SignedTransaction);
  }

  #exists(): boolean {
    return (
      this.#db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'blocks'`).get() !==
      undefined
    );
  }

  #checkVersion(): void {
    const row = this.#db.prepare(`SELECT value FROM store_meta WHERE key = 'schema_version'`).get() as
      { value: string } | undefined;
    if (row !== undefined && row.value !== String(schemaVersion))
      throw new StoreError(
        'incompatible',
        `the SQLite file holds schema version ${row.value}; this node speaks version ${schemaVersion}`,
      );
  }

  #statusOf(key: unknown): TxStatusName {
    return (this.#sql(`SELECT status FROM tx_status WHERE tx_id = ?`).get(key) as { status: TxStatusName })
      .status;
  }

  #blockIdAt(height: number): string {
    const row = this.#sql(`SELECT id FROM blocks WHERE height = ?`).get(height) as { id: unknown };
    return idOf(row.id);
  }

  #blockTxJson(height: number, txCount: number): { pos: number; tx: string }[] {
    const { from, to } = blockPosRange(height);
    const rows = this.#sql(`SELECT pos, tx FROM transactions WHERE pos >= ? AND pos < ? ORDER BY pos`).all(
      from,
      to,
    ) as { pos: number; tx: string }[];
    assert.equal(rows.length, txCount, `block ${height} lost transaction rows`);
    return rows;
  }

  #storedBlock(row: BlockRow | undefined): StoredBlock | null {
    return row === undefined ? null : this.#storedBlockOf(row);
  }

  #storedBlockOf(row: BlockRow): StoredBlock {
    const txs = this.#blockTxJson(row.height, row.tx_count).map((r) => r.tx);
    const status: BlockStatus = row.status ?? 'undecided';
    return { height: row.height, status, block: assembleBlock(row.shell, row.tx_count, txs) };
  }

  /** Prepared statements are cached by their text: preparing costs more than running. */
  #sql(sql: string): SqliteStatement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** A write transaction that takes the write lock at BEGIN, so it never fails to upgrade later. */
  #write<T>(fn: () => T): T {
    return this.#db.transaction(fn).immediate();
  }

  /** A read transaction, so a multi-statement read sees one snapshot. */
  #read<T>(fn: () => T): T {
    return this.#db.transaction(fn).deferred();
  }

  #guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw translateSqliteError(err);
    }
  }

  /** Runs synchronous driver work behind the async interface, errors translated at this edge. */
  #run<T>(fn: () => T): Promise<T> {
    // A throw inside the executor becomes the rejection: callers never see a synchronous throw.
    return new Promise((resolve) => resolve(this.#guard(fn)));
  }
}

function backlogItem(r: BacklogRow): BacklogItem {
  return {
    tx: JSON.parse(r.tx) as SignedTransaction,
    assignee: r.assignee,
    assignedAtMs: r.assigned_at_ms,
    receivedAtMs: r.received_at_ms,
  };
}

function ledgerTransaction(r: TxRow): LedgerTransaction {
  return {
    tx: JSON.parse(r.tx) as SignedTransaction,
    height: r.height,
    blockId: idOf(r.block_id),
    status: r.status,
  };
}

/**
 * An id column as text (`id-key.ts`), converted by SQLite: for long lists, much cheaper than a
 * Buffer per row and `idOf`.
 */
function idText(column: string): string {
  return `CASE WHEN typeof(${column}) = 'blob' THEN lower(hex(${column})) ELSE ${column} END`;
}

/** A list query's row (valid blocks only), with its text kept. */
function listedTransaction(r: TxRow): LedgerTransaction {
  return storedTransaction(r.tx, r.height, idOf(r.block_id));
}

function ownedOutput(r: OutputRow): OwnedOutput {
  return {
    link: { transaction_id: idOf(r.tx_id), output_index: r.output_index },
    amount: r.amount,
    assetId: idOf(r.asset_id),
    height: heightOfPos(r.pos),
    ...(r.spender === undefined ? {} : { spentBy: r.spender === null ? null : idOf(r.spender) }),
  };
}
