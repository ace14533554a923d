import assert from 'node:assert/strict';
import type { OutputLink, SignedTransaction } from '@bigchaindb-ts/core';
import { assembleBlock, planBlock, spendsOf } from '../block-plan.js';
import {
  blockPageSizeMax,
  blockPositionsMax,
  digestPageSizeMax,
  pageSizeMax,
  pgTransactionAttemptsMax,
  reassignBatchMax,
  schemaVersion,
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
import { parseSearch } from '../search-text.js';
import { storedTransaction } from '../stored-transaction.js';
import { systemClock, type Clock } from '../../model/index.js';
import type { Store } from '../store.js';
import { queryIndexTables, storeTables } from '../store-tables.js';
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
  TxStatusName,
  Vote,
  VoteWriteOutcome,
  WriteBlockOptions,
  WriteBlockResult,
} from '../types.js';
import { ChangeListener, type PostgresListenClient } from './change-listener.js';
import type { PostgresClient, PostgresPool } from './postgres-client.js';
import { isRetryable, translatePgError } from './postgres-errors.js';
import { partitionedTableDdl, partitionedTables, postgresSchema } from './postgres-schema.js';
import {
  missingTriggersDdl,
  notifyFunctions,
  missingFunctionsDdl,
  notifyTriggerNames,
} from './postgres-notify.js';
import { replicationReport } from './replication-report.js';

export interface PostgresStoreOptions {
  /** Stamps `updated_at_ms`, `assigned_at_ms` and decisions; injected so tests are deterministic. */
  readonly clock?: Clock;
  /**
   * Opens a connection of its own for `listen` (a `pg.Client` on the same database). Without it
   * the store cannot listen, and `listen` answers a subscription that is not live.
   */
  readonly listenClient?: () => PostgresListenClient;
}

/** Runs one statement on the connection of the current transaction and returns its rows. */
type Query = <R extends Record<string, unknown>>(sql: string, parameters?: unknown[]) => Promise<R[]>;

// PostgreSQL returns bigint columns as decimal strings; these rows say so, and `int` converts.
type Int = string | number;

interface BlockRow extends Record<string, unknown> {
  height: Int;
  tx_count: number;
  shell: string;
  status: 'valid' | 'invalid' | null;
}

interface TxRow extends Record<string, unknown> {
  tx_id: string;
  status: 'valid' | 'undecided';
  height: Int;
  tx: string;
  block_id: string;
}

interface OutputRow extends Record<string, unknown> {
  pos: Int;
  output_index: number;
  tx_id: string;
  amount: string;
  asset_id: string;
  spender: string | null;
}

const blockColumns = `b.height, b.tx_count, b.shell, bs.status
  FROM blocks b LEFT JOIN block_status bs ON bs.height = b.height`;

/** Serializes `init` and `setShards` of every node sharing the database (any constant works). */
const schemaLockKey = 0x6264_6274;

/**
 * The store on PostgreSQL through a `pg` Pool.
 *
 * Every batch is one statement: rows go in as parallel arrays expanded by `unnest` (a multi-row
 * INSERT of any size with a fixed parameter count), and lookups use `= ANY($1)`. A round trip
 * costs about 94 µs (perf-anchors B.5), so per-row statements would dominate; per block the hot
 * paths take about ten round trips, whatever the number of transactions.
 *
 * Each atomic operation is one BEGIN … COMMIT on one pooled connection. `writeBlock` holds
 * `LOCK TABLE blocks IN EXCLUSIVE MODE` for its transaction: block writers (from every node of a
 * federation sharing the database) queue, so heights have no gaps and a block committed later
 * never has a lower height than one already read; readers are not blocked. Deadlocks and
 * serialization failures rerun the whole transaction.
 */
export class PostgresStore implements Store {
  readonly backend = 'postgresql' as const;
  readonly #pool: PostgresPool;
  readonly #clock: Clock;
  readonly #listenClient: (() => PostgresListenClient) | undefined;
  readonly #listeners = new Set<ChangeListener>();

  /** The store owns `pool` from here on: `close()` ends it. */
  constructor(pool: PostgresPool, options: PostgresStoreOptions = {}) {
    this.#pool = pool;
    this.#clock = options.clock ?? systemClock;
    this.#listenClient = options.listenClient;
  }

  // Lifecycle.

  async init(): Promise<{ created: boolean }> {
    return this.#transaction(async (q) => {
      await q(`SELECT pg_advisory_xact_lock($1)`, [schemaLockKey]);
      const created = !(await this.#tablesExist(q));
      let shards = 1;
      if (!created) {
        const meta = await q<{ key: string; value: string }>(`SELECT key, value FROM store_meta`);
        const version = meta.find((m) => m.key === 'schema_version')?.value;
        if (version !== undefined && version !== String(schemaVersion))
          throw new StoreError(
            'incompatible',
            `the database holds schema version ${version}; this node speaks version ${schemaVersion}`,
          );
        shards = Number(meta.find((m) => m.key === 'shards')?.value ?? 1);
      }
      const [present] = await q<{ n: Int }>(
        `SELECT COUNT(*) AS n FROM unnest($1::text[]) AS t(name) WHERE to_regclass(t.name) IS NOT NULL`,
        [[...queryIndexTables]],
      );
      const missing = int(present?.n ?? 0) < queryIndexTables.length;
      for (const statement of postgresSchema(shards)) await q(statement);
      // Few round trips (no parameters: several statements may go in one query).
      const functions = await q<{ name: string }>(
        `SELECT proname AS name FROM pg_proc WHERE proname = ANY($1::text[])`,
        [[...notifyFunctions]],
      );
      const createFunctions = missingFunctionsDdl(new Set(functions.map((r) => r.name)));
      if (createFunctions !== null) await q(createFunctions);
      const installed = await q<{ name: string }>(
        `SELECT tgname AS name FROM pg_trigger WHERE tgname = ANY($1::text[])`,
        [notifyTriggerNames],
      );
      const triggers = missingTriggersDdl(new Set(installed.map((r) => r.name)));
      if (triggers !== null) await q(triggers);
      // A database made before the query indexes gets them filled from its valid transactions, once.
      if (!created && missing) await this.#backfillQueryIndexes(q);
      await q(`INSERT INTO store_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT DO NOTHING`, [
        String(schemaVersion),
      ]);
      return { created };
    });
  }

  async exists(): Promise<boolean> {
    return this.#tablesExist((sql, parameters) => this.#query(sql, parameters));
  }

  async drop(): Promise<void> {
    await this.#transaction(async (q) => {
      await q(`SELECT pg_advisory_xact_lock($1)`, [schemaLockKey]);
      await q(`DROP TABLE IF EXISTS ${storeTables.join(', ')} CASCADE`);
      await q(`DROP FUNCTION IF EXISTS ${notifyFunctions.map((f) => `${f}()`).join(', ')}`);
    });
  }

  async close(): Promise<void> {
    for (const listener of this.#listeners) await listener.close();
    try {
      await this.#pool.end();
    } catch (err) {
      throw translatePgError(err);
    }
  }

  // Backlog.

  async addToBacklog(entries: readonly BacklogEntry[]): Promise<BacklogAddOutcome[]> {
    const { unique, firstIndex } = dedupe(entries, (e) => e.tx.id);
    if (unique.length === 0) return [];
    const ids = unique.map((e) => e.tx.id);
    const outcome = await this.#transaction(async (q) => {
      const now = this.#clock.nowMs();
      // Only an unknown id, or one rejected before, enters the backlog: an id already waiting or
      // in a live block must not be queued twice. Rows are claimed in id order so that concurrent
      // batches lock them in the same order.
      const claimed = await q<{ tx_id: string }>(
        `INSERT INTO tx_status (tx_id, status, pos, reason_code, reason, updated_at_ms)
         SELECT u.id, 'backlog', NULL, NULL, NULL, $2 FROM unnest($1::text[]) AS u(id) ORDER BY u.id
         ON CONFLICT (tx_id) DO UPDATE SET status = 'backlog', pos = NULL, reason_code = NULL, reason = NULL,
           updated_at_ms = excluded.updated_at_ms
         WHERE tx_status.status = 'invalid'
         RETURNING tx_id`,
        [ids, now],
      );
      const added = new Set(claimed.map((r) => r.tx_id));
      const toQueue = unique.filter((e) => added.has(e.tx.id));
      await q(
        `INSERT INTO backlog (tx_id, assignee, assigned_at_ms, received_at_ms, tx)
         SELECT u.id, u.assignee, $4, $4, u.tx FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY
           AS u(id, assignee, tx, n)
         ORDER BY u.n`,
        [
          toQueue.map((e) => e.tx.id),
          toQueue.map((e) => e.assignee),
          toQueue.map((e) => JSON.stringify(e.tx)),
          now,
        ],
      );
      const others = ids.filter((id) => !added.has(id));
      const statuses = new Map(
        (
          await q<{ tx_id: string; status: TxStatusName }>(
            `SELECT tx_id, status FROM tx_status WHERE tx_id = ANY($1::text[])`,
            [others],
          )
        ).map((r) => [r.tx_id, r.status]),
      );
      return { added, statuses };
    });
    return entries.map((e, i): BacklogAddOutcome => {
      const txId = e.tx.id;
      const first = firstIndex.get(txId) === i;
      if (first && outcome.added.has(txId)) return { txId, added: true, status: 'backlog' };
      const status = outcome.added.has(txId) ? 'backlog' : outcome.statuses.get(txId);
      assert.ok(status !== undefined, `transaction ${txId} has no status after being offered`);
      return { txId, added: false, status };
    });
  }

  async takeBacklog(assignee: string, limit: number): Promise<BacklogItem[]> {
    checkLimit(limit, blockPositionsMax);
    const rows = await this.#query<{
      tx: string;
      assignee: string;
      assigned_at_ms: Int;
      received_at_ms: Int;
    }>(
      `SELECT tx, assignee, assigned_at_ms, received_at_ms FROM backlog WHERE assignee = $1 ORDER BY seq LIMIT $2`,
      [assignee, limit],
    );
    return rows.map((r) => ({
      tx: JSON.parse(r.tx) as SignedTransaction,
      assignee: r.assignee,
      assignedAtMs: int(r.assigned_at_ms),
      receivedAtMs: int(r.received_at_ms),
    }));
  }

  async reassignStale(
    cutoffMs: number,
    choose: (entry: { txId: string; assignee: string }) => string,
    limit = reassignBatchMax,
  ): Promise<Reassignment[]> {
    checkLimit(limit, reassignBatchMax);
    const stale = await this.#query<{ tx_id: string; assignee: string }>(
      `SELECT tx_id, assignee FROM backlog WHERE assigned_at_ms < $1 ORDER BY assigned_at_ms, seq LIMIT $2`,
      [cutoffMs, limit],
    );
    if (stale.length === 0) return [];
    const moves = stale.map((r) => ({
      txId: r.tx_id,
      from: r.assignee,
      to: choose({ txId: r.tx_id, assignee: r.assignee }),
    }));
    // The age condition is checked again, so a row another node reassigned meanwhile stays put.
    const moved = await this.#query<{ tx_id: string }>(
      `UPDATE backlog b SET assignee = u.assignee, assigned_at_ms = $3
       FROM unnest($1::text[], $2::text[]) AS u(id, assignee)
       WHERE b.tx_id = u.id AND b.assigned_at_ms < $4
       RETURNING b.tx_id`,
      [moves.map((m) => m.txId), moves.map((m) => m.to), this.#clock.nowMs(), cutoffMs],
    );
    const done = new Set(moved.map((r) => r.tx_id));
    return moves.filter((m) => done.has(m.txId));
  }

  async countBacklog(assignee?: string): Promise<number> {
    const rows =
      assignee === undefined
        ? await this.#query<{ n: Int }>(`SELECT COUNT(*) AS n FROM backlog`)
        : await this.#query<{ n: Int }>(`SELECT COUNT(*) AS n FROM backlog WHERE assignee = $1`, [assignee]);
    return int(rows[0]?.n ?? 0);
  }

  async getBacklogTransactions(txIds: readonly string[]): Promise<(BacklogItem | null)[]> {
    if (txIds.length === 0) return [];
    const rows = await this.#query<{
      tx_id: string;
      tx: string;
      assignee: string;
      assigned_at_ms: Int;
      received_at_ms: Int;
    }>(
      `SELECT tx_id, tx, assignee, assigned_at_ms, received_at_ms FROM backlog WHERE tx_id = ANY($1::text[])`,
      [[...txIds]],
    );
    const byId = new Map(rows.map((r) => [r.tx_id, r]));
    return txIds.map((id) => {
      const r = byId.get(id);
      if (r === undefined) return null;
      return {
        tx: JSON.parse(r.tx) as SignedTransaction,
        assignee: r.assignee,
        assignedAtMs: int(r.assigned_at_ms),
        receivedAtMs: int(r.received_at_ms),
      };
    });
  }

  // Writes of the pipelines.

  async writeBlock(block: Block, options: WriteBlockOptions = {}): Promise<WriteBlockResult> {
    const plan = planBlock(block);
    return this.#transaction(async (q): Promise<WriteBlockResult> => {
      await q(`LOCK TABLE blocks IN EXCLUSIVE MODE`);
      const [head] = await q<{ existing: Int | null; next: Int }>(
        `SELECT (SELECT height FROM blocks WHERE id = $1) AS existing,
                (SELECT COALESCE(MAX(height), -1) + 1 FROM blocks) AS next`,
        [plan.blockId],
      );
      assert.ok(head !== undefined);
      if (head.existing !== null) return { height: int(head.existing), created: false };
      const height = int(head.next);
      if (options.onlyFirst === true && height > 0) return { height: 0, created: false };
      const now = this.#clock.nowMs();

      // Claims: a transaction is live in one block at most (its tx_status row), an output is spent
      // once among live blocks (the live_spends key). Rows are claimed in key order so concurrent
      // writers lock them in the same order. Every collision is collected before failing, so the
      // block maker learns all its losers in one round.
      const txIds = plan.txs.map((t) => t.id);
      // A block decided as it is written claims its transactions as `valid` at once.
      const claimed = await q<{ tx_id: string }>(
        `INSERT INTO tx_status (tx_id, status, pos, reason_code, reason, updated_at_ms)
         SELECT u.id, $4, u.pos, NULL, NULL, $3 FROM unnest($1::text[], $2::bigint[]) AS u(id, pos)
         ORDER BY u.id
         ON CONFLICT (tx_id) DO UPDATE SET status = excluded.status, pos = excluded.pos, reason_code = NULL,
           reason = NULL, updated_at_ms = excluded.updated_at_ms
         WHERE tx_status.status NOT IN ('undecided', 'valid')
         RETURNING tx_id`,
        [
          txIds,
          plan.txs.map((t) => ledgerPos(height, t.position)),
          now,
          options.decideWith === undefined ? 'undecided' : 'valid',
        ],
      );
      const txConflicts: TxConflict[] = [...plan.txConflicts];
      if (claimed.length < txIds.length) {
        const won = new Set(claimed.map((r) => r.tx_id));
        const holders = await q<{ tx_id: string; block_id: string }>(
          `SELECT s.tx_id, b.id AS block_id FROM tx_status s JOIN blocks b ON b.height = s.pos / ${blockPositionsMax}
           WHERE s.tx_id = ANY($1::text[])`,
          [txIds.filter((id) => !won.has(id))],
        );
        for (const h of holders) txConflicts.push({ txId: h.tx_id, blockId: h.block_id });
      }
      const spendConflicts: SpendConflict[] = [...plan.spendConflicts];
      if (plan.spends.length > 0) {
        const claimedSpends = await q<{ tx_id: string; output_index: number }>(
          `INSERT INTO live_spends (tx_id, output_index, spender, height)
           SELECT u.t, u.i, u.s, $4 FROM unnest($1::text[], $2::int[], $3::text[]) AS u(t, i, s) ORDER BY u.t, u.i
           ON CONFLICT DO NOTHING
           RETURNING tx_id, output_index`,
          [
            plan.spends.map((s) => s.txId),
            plan.spends.map((s) => s.outputIndex),
            plan.spends.map((s) => s.spender),
            height,
          ],
        );
        if (claimedSpends.length < plan.spends.length) {
          const won = new Set(claimedSpends.map((r) => `${r.tx_id}:${r.output_index}`));
          const lost = plan.spends.filter((s) => !won.has(`${s.txId}:${s.outputIndex}`));
          const holders = await q<{ tx_id: string; output_index: number; spender: string; block_id: string }>(
            `SELECT l.tx_id, l.output_index, l.spender, b.id AS block_id
             FROM unnest($1::text[], $2::int[]) AS u(t, i)
               JOIN live_spends l ON l.tx_id = u.t AND l.output_index = u.i
               JOIN blocks b ON b.height = l.height`,
            [lost.map((s) => s.txId), lost.map((s) => s.outputIndex)],
          );
          const byOutput = new Map(holders.map((h) => [`${h.tx_id}:${h.output_index}`, h]));
          for (const s of lost) {
            const h = byOutput.get(`${s.txId}:${s.outputIndex}`);
            assert.ok(h !== undefined, 'a refused spend has a holder');
            spendConflicts.push({
              output: { transaction_id: s.txId, output_index: s.outputIndex },
              txId: s.spender,
              spentBy: h.spender,
              blockId: h.block_id,
            });
          }
        }
      }
      // Throwing makes the transaction helper roll everything above back.
      if (txConflicts.length > 0 || spendConflicts.length > 0)
        throw new ConflictError(txConflicts, spendConflicts);

      await q(
        `INSERT INTO blocks (height, id, node_pubkey, timestamp, tx_count, shell) VALUES ($1, $2, $3, $4, $5, $6)`,
        [height, plan.blockId, plan.nodePubkey, plan.timestamp, plan.txs.length, plan.shell],
      );
      if (plan.txs.length > 0) {
        await q(
          `INSERT INTO transactions (pos, height, tx_id, operation, asset_id, tx)
           SELECT u.pos, $1, u.id, u.op, u.asset, u.tx
           FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(pos, id, op, asset, tx)`,
          [
            height,
            plan.txs.map((t) => ledgerPos(height, t.position)),
            txIds,
            plan.txs.map((t) => t.operation),
            plan.txs.map((t) => t.assetId),
            plan.txs.map((t) => t.json),
          ],
        );
        await q(`DELETE FROM backlog WHERE tx_id = ANY($1::text[])`, [txIds]);
      }
      // Votes can arrive before their block in a federation; they learn its height now.
      await q(`UPDATE votes SET height = $1 WHERE block_id = $2 AND height IS NULL`, [height, plan.blockId]);
      const vote = options.decideWith;
      if (vote !== undefined) {
        // A federation of one: its own vote is the quorum, so the block is decided in the same
        // transaction (no second and third commit, no re-read of the block).
        await q(`INSERT INTO votes (block_id, node_pubkey, height, vote) VALUES ($1, $2, $3, $4)`, [
          vote.vote.voting_for_block,
          vote.node_pubkey,
          height,
          JSON.stringify(vote),
        ]);
        await q(`INSERT INTO block_status (height, status, decided_at_ms) VALUES ($1, 'valid', $2)`, [
          height,
          now,
        ]);
        await settleValid(
          q,
          plan.txs.map((t) => ({ pos: ledgerPos(height, t.position), json: t.json, tx: t.tx })),
          now,
          plan.blockId,
          true,
        );
      }
      return { height, created: true };
    });
  }

  async decideBlock(
    blockId: string,
    valid: boolean,
    options: { requeueTo?: string } = {},
  ): Promise<Decision> {
    return this.#transaction(async (q): Promise<Decision> => {
      const [block] = await q<{ height: Int; node_pubkey: string; tx_count: number }>(
        `SELECT height, node_pubkey, tx_count FROM blocks WHERE id = $1`,
        [blockId],
      );
      if (block === undefined) throw new StoreError('not_found', `no block ${blockId} to decide`);
      const height = int(block.height);
      const now = this.#clock.nowMs();
      const status = valid ? 'valid' : 'invalid';
      // A concurrent decision of the same block (another node's election) waits here, then finds the row.
      const recorded = await q(
        `INSERT INTO block_status (height, status, decided_at_ms) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING height`,
        [height, status, now],
      );
      if (recorded.length === 0) {
        const [prior] = await q<{ status: 'valid' | 'invalid' }>(
          `SELECT status FROM block_status WHERE height = $1`,
          [height],
        );
        assert.ok(prior !== undefined);
        return { status: prior.status, changed: false, requeued: 0 };
      }
      const { from, to } = blockPosRange(height);
      const rows = await q<{ pos: Int; tx: string }>(
        `SELECT pos, tx FROM transactions WHERE pos >= $1 AND pos < $2 ORDER BY pos`,
        [from, to],
      );
      assert.equal(rows.length, block.tx_count, `block ${height} lost transaction rows`);
      const txs = rows.map((r) => ({
        pos: int(r.pos),
        json: r.tx,
        tx: JSON.parse(r.tx) as SignedTransaction,
      }));
      const ids = txs.map((t) => t.tx.id);
      const positions = txs.map((t) => t.pos);
      if (valid) {
        await settleValid(q, txs, now, blockId);
        return { status, changed: true, requeued: 0 };
      }
      const released = await q(
        `UPDATE tx_status s SET status = 'backlog', pos = NULL, updated_at_ms = $3
         FROM unnest($1::text[], $2::bigint[]) AS u(id, pos)
         WHERE s.tx_id = u.id AND s.pos = u.pos AND s.status = 'undecided'
         RETURNING s.tx_id`,
        [ids, positions, now],
      );
      assert.equal(released.length, txs.length, `block ${blockId}: a transaction lost its claim`);
      const spends = txs.flatMap((t) => spendsOf(t.tx));
      await q(
        `DELETE FROM live_spends l USING unnest($1::text[], $2::int[], $3::text[]) AS u(t, i, s)
         WHERE l.tx_id = u.t AND l.output_index = u.i AND l.spender = u.s`,
        [spends.map((s) => s.txId), spends.map((s) => s.outputIndex), spends.map((s) => s.spender)],
      );
      await q(
        `INSERT INTO backlog (tx_id, assignee, assigned_at_ms, received_at_ms, tx)
         SELECT u.id, $3, $4, $4, u.tx FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(id, tx, n)
         ORDER BY u.n
         ON CONFLICT DO NOTHING`,
        [ids, txs.map((t) => t.json), options.requeueTo ?? block.node_pubkey, now],
      );
      return { status, changed: true, requeued: txs.length };
    });
  }

  async rejectTransactions(rejections: readonly Rejection[]): Promise<RejectOutcome[]> {
    // One statement cannot upsert a row twice, so a repeated id keeps its last reason, as
    // applying the rejections one by one would.
    const last = new Map(rejections.map((r) => [r.txId, r]));
    if (last.size === 0) return [];
    const unique = [...last.values()];
    const outcome = await this.#transaction(async (q) => {
      const marked = await q<{ tx_id: string }>(
        `INSERT INTO tx_status (tx_id, status, pos, reason_code, reason, updated_at_ms)
         SELECT u.id, 'invalid', NULL, u.code, u.reason, $4
         FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, code, reason) ORDER BY u.id
         ON CONFLICT (tx_id) DO UPDATE SET status = 'invalid', pos = NULL, reason_code = excluded.reason_code,
           reason = excluded.reason, updated_at_ms = excluded.updated_at_ms
         WHERE tx_status.status IN ('backlog', 'invalid')
         RETURNING tx_id`,
        [
          unique.map((r) => r.txId),
          unique.map((r) => r.code),
          unique.map((r) => r.reason),
          this.#clock.nowMs(),
        ],
      );
      const rejected = new Set(marked.map((r) => r.tx_id));
      await q(`DELETE FROM backlog WHERE tx_id = ANY($1::text[])`, [[...rejected]]);
      const statuses = new Map(
        (
          await q<{ tx_id: string; status: TxStatusName }>(
            `SELECT tx_id, status FROM tx_status WHERE tx_id = ANY($1::text[])`,
            [unique.map((r) => r.txId).filter((id) => !rejected.has(id))],
          )
        ).map((r) => [r.tx_id, r.status]),
      );
      return { rejected, statuses };
    });
    return rejections.map(({ txId }): RejectOutcome => {
      if (outcome.rejected.has(txId)) return { txId, rejected: true, status: 'invalid' };
      const status = outcome.statuses.get(txId);
      assert.ok(status !== undefined, `transaction ${txId} was neither rejected nor found`);
      return { txId, rejected: false, status };
    });
  }

  async writeVotes(votes: readonly Vote[]): Promise<VoteWriteOutcome[]> {
    const keyOf = (v: Vote): string => `${v.vote.voting_for_block} ${v.node_pubkey}`;
    const { unique, firstIndex } = dedupe(votes, keyOf);
    if (unique.length === 0) return [];
    const written = await this.#query<{ block_id: string; node_pubkey: string }>(
      `INSERT INTO votes (block_id, node_pubkey, height, vote)
       SELECT u.b, u.n, bl.height, u.v
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(b, n, v, o)
         LEFT JOIN blocks bl ON bl.id = u.b
       ORDER BY u.o
       ON CONFLICT DO NOTHING
       RETURNING block_id, node_pubkey`,
      [
        unique.map((v) => v.vote.voting_for_block),
        unique.map((v) => v.node_pubkey),
        unique.map((v) => JSON.stringify(v)),
      ],
    );
    const done = new Set(written.map((r) => `${r.block_id} ${r.node_pubkey}`));
    return votes.map((v, i) => ({
      blockId: v.vote.voting_for_block,
      nodePubkey: v.node_pubkey,
      written: firstIndex.get(keyOf(v)) === i && done.has(keyOf(v)),
    }));
  }

  // Reads.

  async getStatuses(txIds: readonly string[]): Promise<(TxStatus | null)[]> {
    if (txIds.length === 0) return [];
    const rows = await this.#query<{
      tx_id: string;
      status: TxStatusName;
      pos: Int | null;
      reason_code: string | null;
      reason: string | null;
      updated_at_ms: Int;
      block_id: string | null;
    }>(
      `SELECT s.tx_id, s.status, s.pos, s.reason_code, s.reason, s.updated_at_ms, b.id AS block_id
       FROM tx_status s LEFT JOIN blocks b ON b.height = s.pos / ${blockPositionsMax}
       WHERE s.tx_id = ANY($1::text[])`,
      [[...txIds]],
    );
    const byId = new Map(rows.map((r) => [r.tx_id, r]));
    return txIds.map((txId): TxStatus | null => {
      const r = byId.get(txId);
      if (r === undefined) return null;
      return {
        txId,
        status: r.status,
        blockId: r.block_id,
        height: r.pos === null ? null : heightOfPos(int(r.pos)),
        reasonCode: r.reason_code,
        reason: r.reason,
        updatedAtMs: int(r.updated_at_ms),
      };
    });
  }

  async getTransactions(
    txIds: readonly string[],
    options: { includeUndecided?: boolean } = {},
  ): Promise<(LedgerTransaction | null)[]> {
    if (txIds.length === 0) return [];
    const statuses = options.includeUndecided === true ? ['valid', 'undecided'] : ['valid'];
    const rows = await this.#query<TxRow>(
      `SELECT s.tx_id, s.status, t.height, t.tx, b.id AS block_id
       FROM tx_status s JOIN transactions t ON t.pos = s.pos JOIN blocks b ON b.height = t.height
       WHERE s.tx_id = ANY($1::text[]) AND s.status = ANY($2::text[])`,
      [[...txIds], statuses],
    );
    const byId = new Map(rows.map((r) => [r.tx_id, r]));
    return txIds.map((id) => {
      const r = byId.get(id);
      return r === undefined ? null : ledgerTransaction(r);
    });
  }

  async getSpenders(links: readonly OutputLink[]): Promise<(Spender | null)[]> {
    if (links.length === 0) return [];
    const rows = await this.#query<{
      tx_id: string;
      output_index: number;
      spender: string;
      height: Int;
      block_id: string;
      status: 'valid' | 'invalid' | null;
    }>(
      `SELECT l.tx_id, l.output_index, l.spender, l.height, b.id AS block_id, bs.status
       FROM unnest($1::text[], $2::int[]) AS u(t, i)
         JOIN live_spends l ON l.tx_id = u.t AND l.output_index = u.i
         JOIN blocks b ON b.height = l.height
         LEFT JOIN block_status bs ON bs.height = l.height`,
      [links.map((l) => l.transaction_id), links.map((l) => l.output_index)],
    );
    const byOutput = new Map(rows.map((r) => [`${r.tx_id}:${r.output_index}`, r]));
    return links.map((link): Spender | null => {
      const r = byOutput.get(`${link.transaction_id}:${link.output_index}`);
      if (r === undefined) return null;
      assert.notEqual(r.status, 'invalid', 'a live spend sits in an invalid block');
      return {
        txId: r.spender,
        blockId: r.block_id,
        height: int(r.height),
        status: r.status === 'valid' ? 'valid' : 'undecided',
      };
    });
  }

  async getBlocksByHeight(heights: readonly number[]): Promise<(StoredBlock | null)[]> {
    if (heights.length === 0) return [];
    const rows = await this.#query<BlockRow>(`SELECT ${blockColumns} WHERE b.height = ANY($1::bigint[])`, [
      [...heights],
    ]);
    const byHeight = new Map((await this.#storedBlocks(rows)).map((b) => [b.height, b]));
    return heights.map((h) => byHeight.get(h) ?? null);
  }

  async getBlocksById(blockIds: readonly string[]): Promise<(StoredBlock | null)[]> {
    if (blockIds.length === 0) return [];
    const rows = await this.#query<BlockRow>(`SELECT ${blockColumns} WHERE b.id = ANY($1::text[])`, [
      [...blockIds],
    ]);
    const byId = new Map((await this.#storedBlocks(rows)).map((b) => [b.block.id, b]));
    return blockIds.map((id) => byId.get(id) ?? null);
  }

  async getBlocksAfter(height: number, limit: number): Promise<StoredBlock[]> {
    checkLimit(limit, blockPageSizeMax);
    const rows = await this.#query<BlockRow>(
      `SELECT ${blockColumns} WHERE b.height > $1 ORDER BY b.height LIMIT $2`,
      [height, limit],
    );
    return this.#storedBlocks(rows);
  }

  async getBlocksContaining(txId: string): Promise<StoredBlock[]> {
    const rows = await this.#query<BlockRow>(
      `SELECT ${blockColumns} WHERE b.height IN (SELECT height FROM transactions WHERE tx_id = $1) ORDER BY b.height`,
      [txId],
    );
    return this.#storedBlocks(rows);
  }

  async getVotes(blockIds: readonly string[]): Promise<Vote[][]> {
    if (blockIds.length === 0) return [];
    const rows = await this.#query<{ block_id: string; vote: string }>(
      `SELECT block_id, vote FROM votes WHERE block_id = ANY($1::text[]) ORDER BY seq`,
      [[...blockIds]],
    );
    const byBlock = new Map<string, Vote[]>();
    for (const r of rows) {
      const list = byBlock.get(r.block_id) ?? [];
      list.push(JSON.parse(r.vote) as Vote);
      byBlock.set(r.block_id, list);
    }
    return blockIds.map((id) => [...(byBlock.get(id) ?? [])]);
  }

  async getUnvotedBlocks(
    nodePubkey: string,
    options: { afterHeight?: number; limit: number },
  ): Promise<StoredBlock[]> {
    checkLimit(options.limit, blockPageSizeMax);
    const rows = await this.#query<BlockRow>(
      `SELECT ${blockColumns}
       WHERE b.height > $1 AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.block_id = b.id AND v.node_pubkey = $2)
       ORDER BY b.height LIMIT $3`,
      [options.afterHeight ?? -1, nodePubkey, options.limit],
    );
    return this.#storedBlocks(rows);
  }

  async getVoteHeights(nodePubkeys: readonly string[]): Promise<(number | null)[]> {
    if (nodePubkeys.length === 0) return [];
    // One index probe per key (votes_by_node ends in height), not a scan of the node's votes.
    const rows = await this.#query<{ key: string; h: Int | null }>(
      `SELECT k.key, (SELECT MAX(v.height) FROM votes v WHERE v.node_pubkey = k.key) AS h
       FROM unnest($1::text[]) AS k(key)`,
      [[...nodePubkeys]],
    );
    const byKey = new Map(rows.map((r) => [r.key, r.h === null ? null : int(r.h)]));
    return nodePubkeys.map((k) => byKey.get(k) ?? null);
  }

  async getLastVotedBlock(nodePubkey: string): Promise<StoredBlock | null> {
    const rows = await this.#query<BlockRow>(
      `SELECT ${blockColumns} WHERE b.height = (SELECT MAX(height) FROM votes WHERE node_pubkey = $1)`,
      [nodePubkey],
    );
    return (await this.#storedBlocks(rows))[0] ?? null;
  }

  async latestHeight(): Promise<number | null> {
    const [row] = await this.#query<{ h: Int | null }>(`SELECT MAX(height) AS h FROM blocks`);
    return row?.h === null || row?.h === undefined ? null : int(row.h);
  }

  async firstUndecidedHeight(): Promise<number | null> {
    const [row] = await this.#query<{ h: Int | null }>(
      `SELECT MIN(b.height) AS h FROM blocks b
       WHERE NOT EXISTS (SELECT 1 FROM block_status s WHERE s.height = b.height)`,
    );
    return row?.h === null || row?.h === undefined ? null : int(row.h);
  }

  async getBlockDigests(afterHeight: number, limit: number): Promise<BlockDigest[]> {
    checkLimit(limit, digestPageSizeMax);
    // Hashed in the database, so a page costs one round trip and no block leaves the server.
    const rows = await this.#query<{
      height: Int;
      id: string;
      status: 'valid' | 'invalid' | null;
      digest: string;
      votes: Int;
    }>(
      `SELECT b.height, b.id, bs.status, v.n AS votes,
         encode(sha256(convert_to(concat_ws(E'\n', b.id, b.node_pubkey, b.timestamp, b.tx_count::text, b.shell,
           COALESCE(bs.status, 'undecided'),
           (SELECT string_agg(t.tx, E'\n' ORDER BY t.pos) FROM transactions t
             WHERE t.pos >= b.height * ${blockPositionsMax} AND t.pos < (b.height + 1) * ${blockPositionsMax}),
           v.text), 'UTF8')), 'hex') AS digest
       FROM blocks b LEFT JOIN block_status bs ON bs.height = b.height
         CROSS JOIN LATERAL (SELECT COUNT(*) AS n, string_agg(x.node_pubkey || ' ' || x.vote, E'\n'
                               ORDER BY x.node_pubkey COLLATE "C", x.seq) AS text
                             FROM votes x WHERE x.block_id = b.id) v
       WHERE b.height > $1 ORDER BY b.height LIMIT $2`,
      [afterHeight, limit],
    );
    return rows.map((r) => ({
      height: int(r.height),
      blockId: r.id,
      status: r.status ?? 'undecided',
      digest: r.digest,
      voteCount: int(r.votes),
    }));
  }

  // Change notifications.

  async listen(onChange: (change: StoreChange) => void): Promise<StoreSubscription> {
    if (this.#listenClient === undefined) return { live: false, close: () => Promise.resolve() };
    const listener = new ChangeListener(this.#listenClient, onChange);
    this.#listeners.add(listener);
    await listener.start();
    return {
      get live() {
        return listener.live;
      },
      close: async () => {
        this.#listeners.delete(listener);
        await listener.close();
      },
    };
  }

  // Queries.

  /**
   * Runs a list query's statements with bitmap scans off. Without statistics for a key (a young
   * table, or a key outside the most common values) the planner takes a heavy key for a few rows
   * and reads all of its index entries, then sorts them, for every page: 10,000 outputs cost 18 ms
   * a page instead of 2. Walking the index in ledger order stops at the page's end whatever the
   * estimate.
   */
  #orderedRead<T>(fn: (q: Query) => Promise<T>): Promise<T> {
    return this.#transaction(async (q) => {
      await q(`SET LOCAL enable_bitmapscan = off`);
      return fn(q);
    });
  }

  async getOutputs(publicKey: string, query: OutputQuery): Promise<Page<OwnedOutput>> {
    const limit = checkLimit(query.limit, pageSizeMax);
    const after = decodeOutputCursor(query.cursor);
    const filter =
      query.spent === undefined ? '' : query.spent ? 'AND l.spender IS NOT NULL' : 'AND l.spender IS NULL';
    return this.#orderedRead(async (q) => {
      const spenders = query.spent !== undefined || query.withSpenders !== false;
      const rows = await q<OutputRow>(
        spenders
          ? `SELECT k.pos, k.output_index, k.tx_id, k.amount, k.asset_id, l.spender
             FROM output_keys k LEFT JOIN live_spends l ON l.tx_id = k.tx_id AND l.output_index = k.output_index
             WHERE k.public_key = $1 AND (k.pos, k.output_index) > ($2::bigint, $3::int) ${filter}
             ORDER BY k.pos, k.output_index LIMIT $4`
          : `SELECT k.pos, k.output_index, k.tx_id, k.amount, k.asset_id
             FROM output_keys k
             WHERE k.public_key = $1 AND (k.pos, k.output_index) > ($2::bigint, $3::int)
             ORDER BY k.pos, k.output_index LIMIT $4`,
        [publicKey, after.pos, after.outputIndex, limit + 1],
      );
      const page = pageOf(
        rows,
        limit,
        (r): OwnedOutput => ({
          link: { transaction_id: r.tx_id, output_index: r.output_index },
          amount: r.amount,
          assetId: r.asset_id,
          height: heightOfPos(int(r.pos)),
          ...(spenders ? { spentBy: r.spender } : {}),
        }),
        (r) => encodeOutputCursor({ pos: int(r.pos), outputIndex: r.output_index }),
      );
      if (query.withBlocks === true && page.items.length > 0) {
        const heights = [...new Set(page.items.map((o) => o.height))];
        const found = await q<{ height: Int; block_id: string }>(
          `SELECT b.height, b.id AS block_id FROM blocks b
           WHERE b.height = ANY($1::bigint[])
             AND (SELECT s.status FROM block_status s WHERE s.height = b.height) = 'valid'`,
          [heights],
        );
        const byHeight = new Map(
          found.map((r) => [int(r.height), { id: r.block_id, height: int(r.height) }] as const),
        );
        const items = page.items.map((o): OwnedOutput => {
          const block = byHeight.get(o.height);
          return block === undefined ? o : { ...o, block };
        });
        return { items, next: page.next };
      }
      return page;
    });
  }

  async getTransactionsByAsset(
    assetId: string,
    query: AssetTransactionsQuery,
  ): Promise<Page<LedgerTransaction>> {
    const limit = checkLimit(query.limit, pageSizeMax);
    const descending = query.descending === true;
    // Newest first pages below the cursor; without one, from the end of the ledger.
    const bound =
      descending && query.cursor === undefined ? Number.MAX_SAFE_INTEGER : decodePosCursor(query.cursor);
    // The block's status and id are looked up per row (subqueries are never turned into joins),
    // so no estimate can make the planner hash a whole table of blocks for one page.
    const rows = await this.#orderedRead((q) =>
      q<TxRow & { pos: Int }>(
        `SELECT t.tx_id, 'valid' AS status, t.pos, t.height, t.tx,
           (SELECT b.id FROM blocks b WHERE b.height = t.height) AS block_id
         FROM transactions t
         WHERE t.asset_id = $1 AND t.pos ${descending ? '<' : '>'} $2 AND ($3::text IS NULL OR t.operation = $3)
           AND (SELECT s.status FROM block_status s WHERE s.height = t.height) = 'valid'
         ORDER BY t.pos ${descending ? 'DESC' : 'ASC'} LIMIT $4`,
        [assetId, bound, query.operation ?? null, limit + 1],
      ),
    );
    return pageOf(rows, limit, listedTransaction, (r) => encodePosCursor(int(r.pos)));
  }

  async getTransactionsByKey(
    publicKey: string,
    query: KeyTransactionsQuery,
  ): Promise<Page<LedgerTransaction>> {
    const limit = checkLimit(query.limit, pageSizeMax);
    const after = decodePosCursor(query.cursor);
    // tx_keys only holds transactions of valid blocks (written by decideBlock).
    const rows = await this.#orderedRead((q) =>
      q<TxRow & { pos: Int }>(
        `SELECT t.tx_id, 'valid' AS status, k.pos, t.height, t.tx,
           (SELECT b.id FROM blocks b WHERE b.height = t.height) AS block_id
         FROM tx_keys k JOIN transactions t ON t.pos = k.pos
         WHERE k.public_key = $1 AND k.pos > $2
         ORDER BY k.pos LIMIT $3`,
        [publicKey, after, limit + 1],
      ),
    );
    return pageOf(rows, limit, listedTransaction, (r) => encodePosCursor(int(r.pos)));
  }

  async findAssets(query: FieldQuery): Promise<Page<AssetMatch>> {
    return this.#find('asset_fields', query, (tx): AssetMatch => {
      assert.ok(tx.operation === 'CREATE' && tx.asset.data !== null);
      return { id: tx.id, data: tx.asset.data };
    });
  }

  async findMetadata(query: FieldQuery): Promise<Page<MetadataMatch>> {
    return this.#find('metadata_fields', query, (tx): MetadataMatch => {
      assert.ok(tx.metadata !== null);
      return { id: tx.id, metadata: tx.metadata };
    });
  }

  async searchAssets(text: string, options: { limit: number }): Promise<AssetMatch[]> {
    return (await this.#search('asset_search', text, options.limit)).map((tx) => {
      assert.ok(tx.operation === 'CREATE' && tx.asset.data !== null);
      return { id: tx.id, data: tx.asset.data };
    });
  }

  async searchMetadata(text: string, options: { limit: number }): Promise<MetadataMatch[]> {
    return (await this.#search('metadata_search', text, options.limit)).map((tx) => {
      assert.ok(tx.metadata !== null);
      return { id: tx.id, metadata: tx.metadata };
    });
  }

  // Operations.

  async setShards(n: number): Promise<string> {
    if (!Number.isSafeInteger(n) || n < 1 || n > 256)
      throw new StoreError('invalid_argument', `the number of shards is an integer in 1..256, got ${n}`);
    const names = partitionedTables.map((t) => `${t.table} (by ${t.key})`).join(', ');
    return this.#transaction(async (q) => {
      await q(`SELECT pg_advisory_xact_lock($1)`, [schemaLockKey]);
      const [meta] = await q<{ value: string }>(`SELECT value FROM store_meta WHERE key = 'shards'`);
      const current = Number(meta?.value ?? 1);
      if (current === n)
        return `Nothing to do: ${names} already ${n === 1 ? 'are single, unpartitioned tables' : `have ${n} hash partitions each`}.`;
      const [counts] = await q<{ blocks: Int; backlog: Int; statuses: Int }>(
        `SELECT (SELECT COUNT(*) FROM blocks) AS blocks, (SELECT COUNT(*) FROM backlog) AS backlog,
                (SELECT COUNT(*) FROM tx_status) AS statuses`,
      );
      assert.ok(counts !== undefined);
      if (int(counts.blocks) + int(counts.backlog) + int(counts.statuses) > 0)
        return (
          `Nothing changed: the database already holds ${int(counts.blocks)} block(s), ${int(counts.backlog)} ` +
          `backlog transaction(s) and ${int(counts.statuses)} transaction status(es), and this store only ` +
          `partitions an empty database (moving live rows between partition layouts is not implemented). ` +
          `The tables stay ${current === 1 ? 'unpartitioned' : `in ${current} hash partitions`}.`
        );
      for (const t of partitionedTables) {
        await q(`DROP TABLE IF EXISTS ${t.table} CASCADE`);
        for (const statement of partitionedTableDdl(t, n)) await q(statement);
      }
      await q(
        `INSERT INTO store_meta (key, value) VALUES ('shards', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [String(n)],
      );
      return n === 1
        ? `Recreated ${names} as single, unpartitioned tables (the database was empty).`
        : `Recreated ${names} with ${n} hash partitions each, on this one PostgreSQL server (the database ` +
            `was empty). Blocks, votes, the backlog and the transaction and search tables stay unpartitioned: ` +
            `their unique keys or ledger-order scans do not include a hash key to partition by.`;
    });
  }

  async setReplicas(n: number): Promise<string> {
    if (!Number.isSafeInteger(n) || n < 1)
      throw new StoreError('invalid_argument', `the number of replicas is a positive integer, got ${n}`);
    return replicationReport(n, (sql) => this.#query(sql));
  }

  // Internals.

  async #find<T>(
    table: 'asset_fields' | 'metadata_fields',
    query: FieldQuery,
    item: (tx: SignedTransaction) => T,
  ): Promise<Page<T>> {
    const limit = checkLimit(query.limit, pageSizeMax);
    const groups = filterTerms(query.filter);
    const { sql, params } = fieldFilterSql(
      table,
      groups,
      decodePosCursor(query.cursor),
      limit + 1,
      (n) => `$${n}`,
    );
    const rows = await this.#query<{ pos: Int; tx: string }>(sql, params);
    return pageOf(
      rows,
      limit,
      (r) => item(JSON.parse(r.tx) as SignedTransaction),
      (r) => encodePosCursor(int(r.pos)),
    );
  }

  /** Fills the query indexes from every transaction of a valid block (inside `init`'s transaction). */
  async #backfillQueryIndexes(q: Query): Promise<void> {
    for (let after = -1; ;) {
      const rows = await q<{ pos: Int; tx: string }>(
        `SELECT t.pos, t.tx FROM transactions t
         JOIN block_status s ON s.height = t.height AND s.status = 'valid'
         WHERE t.pos > $1 ORDER BY t.pos LIMIT ${pageSizeMax}`,
        [after],
      );
      const txs = rows.map((r) => ({ pos: int(r.pos), tx: JSON.parse(r.tx) as SignedTransaction }));
      await insertQueryIndexRows(q, queryIndexRows(txs));
      if (rows.length < pageSizeMax) return;
      after = txs.at(-1)!.pos;
    }
  }

  async #search(
    table: 'asset_search' | 'metadata_search',
    text: string,
    limit: number,
  ): Promise<SignedTransaction[]> {
    checkLimit(limit, pageSizeMax);
    // The parse only decides whether anything positive is asked; PostgreSQL reads the text itself.
    if (parseSearch(text) === null) return [];
    const rows = await this.#query<{ tx: string }>(
      `SELECT t.tx
       FROM (SELECT f.pos, ts_rank(f.tsv, q) AS rank
             FROM ${table} f, websearch_to_tsquery('simple', $1) AS q
             WHERE f.tsv @@ q ORDER BY rank DESC, f.pos LIMIT $2) AS m
         JOIN transactions t ON t.pos = m.pos
       ORDER BY m.rank DESC, m.pos`,
      [text, limit],
    );
    return rows.map((r) => JSON.parse(r.tx) as SignedTransaction);
  }

  async #tablesExist(q: Query): Promise<boolean> {
    const [row] = await q<{ present: boolean }>(`SELECT to_regclass('blocks') IS NOT NULL AS present`);
    return row?.present === true;
  }

  /** Loads the transactions of block rows with one range-join query, and assembles the blocks in row order. */
  async #storedBlocks(rows: readonly BlockRow[]): Promise<StoredBlock[]> {
    if (rows.length === 0) return [];
    const heights = rows.map((r) => int(r.height));
    const txRows = await this.#query<{ pos: Int; tx: string }>(
      `SELECT t.pos, t.tx FROM unnest($1::bigint[]) AS h(height)
         JOIN transactions t ON t.pos >= h.height * ${blockPositionsMax} AND t.pos < (h.height + 1) * ${blockPositionsMax}
       ORDER BY t.pos`,
      [heights],
    );
    const byHeight = new Map<number, string[]>();
    for (const r of txRows) {
      const h = heightOfPos(int(r.pos));
      const list = byHeight.get(h) ?? [];
      list.push(r.tx);
      byHeight.set(h, list);
    }
    return rows.map((r, i) => {
      const height = heights[i] ?? -1;
      return {
        height,
        status: r.status ?? 'undecided',
        block: assembleBlock(r.shell, r.tx_count, byHeight.get(height) ?? []),
      };
    });
  }

  async #query<R extends Record<string, unknown>>(sql: string, parameters?: unknown[]): Promise<R[]> {
    try {
      return (await this.#pool.query<R>(sql, parameters)).rows;
    } catch (err) {
      throw translatePgError(err);
    }
  }

  /**
   * Runs `fn` in one BEGIN … COMMIT on one pooled connection; reruns it after a deadlock or a
   * serialization failure, and rolls back on any error (including a `ConflictError` it throws).
   */
  async #transaction<T>(fn: (q: Query) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: PostgresClient;
      try {
        client = await this.#pool.connect();
      } catch (err) {
        throw translatePgError(err);
      }
      const q: Query = async <R extends Record<string, unknown>>(sql: string, parameters?: unknown[]) =>
        (await client.query<R>(sql, parameters)).rows;
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(q);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          // The connection itself failed; it is destroyed below rather than reused.
          broken = true;
        }
        if (isRetryable(err) && attempt < pgTransactionAttemptsMax) continue;
        throw translatePgError(err);
      } finally {
        client.release(broken);
      }
    }
  }
}

function ledgerTransaction(r: TxRow): LedgerTransaction {
  return {
    tx: JSON.parse(r.tx) as SignedTransaction,
    height: int(r.height),
    blockId: r.block_id,
    status: r.status,
  };
}

/** A list query's row (valid blocks only), with its text kept. */
function listedTransaction(r: TxRow): LedgerTransaction {
  return storedTransaction(r.tx, int(r.height), r.block_id);
}

/** Inserts the rows of the query indexes, one statement per table. */
async function insertQueryIndexRows(q: Query, rows: QueryIndexRows): Promise<void> {
  for (const [table, column, list] of [
    ['tx_keys', 'public_key', rows.txKeys],
    ['asset_fields', 'term', rows.assetFields],
    ['metadata_fields', 'term', rows.metadataFields],
  ] as const)
    if (list.length > 0)
      await q(
        `INSERT INTO ${table} (${column}, pos) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING`,
        [list.map((r) => r.key), list.map((r) => r.pos)],
      );
}

/** A bigint column as a number; heights and positions stay far below 2^53. */
function int(value: Int): number {
  const n = typeof value === 'number' ? value : Number(value);
  assert.ok(Number.isSafeInteger(n), `not a safe integer: ${value}`);
  return n;
}

/** The first occurrence of each key, and where it was, so answers can be given for every input. */
function dedupe<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
): { unique: T[]; firstIndex: Map<string, number> } {
  const firstIndex = new Map<string, number>();
  const unique: T[] = [];
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (firstIndex.has(key)) return;
    firstIndex.set(key, i);
    unique.push(item);
  });
  return { unique, firstIndex };
}

/** A valid decision's effects on a block's transactions (the caller records the block's status): statuses and query indexes. */
async function settleValid(
  q: Query,
  txs: readonly { pos: number; json: string; tx: SignedTransaction }[],
  now: number,
  blockId: string,
  claimedValid = false,
): Promise<void> {
  if (!claimedValid) {
    const settled = await q(
      `UPDATE tx_status s SET status = 'valid', updated_at_ms = $3
       FROM unnest($1::text[], $2::bigint[]) AS u(id, pos) WHERE s.tx_id = u.id AND s.pos = u.pos
       RETURNING s.tx_id`,
      [txs.map((t) => t.tx.id), txs.map((t) => t.pos), now],
    );
    assert.equal(settled.length, txs.length, `block ${blockId}: a transaction lost its claim`);
  }
  const derived = derivedRows(txs);
  const keys = derived.outputKeys;
  await q(
    `INSERT INTO output_keys (public_key, pos, output_index, tx_id, amount, asset_id)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[])
     ON CONFLICT DO NOTHING`,
    [
      keys.map((k) => k.publicKey),
      keys.map((k) => k.pos),
      keys.map((k) => k.outputIndex),
      keys.map((k) => k.txId),
      keys.map((k) => k.amount),
      keys.map((k) => k.assetId),
    ],
  );
  for (const [table, rows] of [
    ['asset_search', derived.assets],
    ['metadata_search', derived.metadata],
  ] as const)
    if (rows.length > 0)
      await q(
        `INSERT INTO ${table} (pos, tsv)
         SELECT u.pos, to_tsvector('simple', u.text) FROM unnest($1::bigint[], $2::text[]) AS u(pos, text)`,
        [rows.map((r) => r.pos), rows.map((r) => r.text)],
      );
  await insertQueryIndexRows(q, derived);
}
