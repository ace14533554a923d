import assert from 'node:assert/strict';
import { blockPositionsMax, reassignBatchMax } from '../constants.js';
import { checkLimit } from '../cursor.js';
import type { BacklogStore } from '../facets/backlog-store.js';
import { backlogItemOf, type BacklogRow } from '../sql/rows.js';
import type { BacklogAddOutcome, BacklogEntry, BacklogItem, Reassignment, TxStatusName } from '../types.js';
import { dedupe, int, postgresDecoder, type PostgresContext } from './postgres-context.js';

/** The backlog on PostgreSQL: one statement per batch, ids through `unnest` and `= ANY($1)`. */
export class PostgresBacklog implements BacklogStore {
  readonly #c: PostgresContext;

  constructor(context: PostgresContext) {
    this.#c = context;
  }

  async addToBacklog(entries: readonly BacklogEntry[]): Promise<BacklogAddOutcome[]> {
    const { unique, firstIndex } = dedupe(entries, (e) => e.tx.id);
    if (unique.length === 0) return [];
    const ids = unique.map((e) => e.tx.id);
    const outcome = await this.#c.transaction(async (q) => {
      const now = this.#c.clock.nowMs();
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
    const rows = await this.#c.query<BacklogRow & Record<string, unknown>>(
      `SELECT tx, assignee, assigned_at_ms, received_at_ms FROM backlog WHERE assignee = $1 ORDER BY seq LIMIT $2`,
      [assignee, limit],
    );
    return rows.map((r) => backlogItemOf(r, postgresDecoder));
  }

  async reassignStale(
    cutoffMs: number,
    choose: (entry: { txId: string; assignee: string }) => string,
    limit = reassignBatchMax,
  ): Promise<Reassignment[]> {
    checkLimit(limit, reassignBatchMax);
    const stale = await this.#c.query<{ tx_id: string; assignee: string }>(
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
    const moved = await this.#c.query<{ tx_id: string }>(
      `UPDATE backlog b SET assignee = u.assignee, assigned_at_ms = $3
       FROM unnest($1::text[], $2::text[]) AS u(id, assignee)
       WHERE b.tx_id = u.id AND b.assigned_at_ms < $4
       RETURNING b.tx_id`,
      [moves.map((m) => m.txId), moves.map((m) => m.to), this.#c.clock.nowMs(), cutoffMs],
    );
    const done = new Set(moved.map((r) => r.tx_id));
    return moves.filter((m) => done.has(m.txId));
  }

  async countBacklog(assignee?: string): Promise<number> {
    const rows =
      assignee === undefined
        ? await this.#c.query<{ n: string }>(`SELECT COUNT(*) AS n FROM backlog`)
        : await this.#c.query<{ n: string }>(`SELECT COUNT(*) AS n FROM backlog WHERE assignee = $1`, [
            assignee,
          ]);
    return int(rows[0]?.n ?? 0);
  }

  async getBacklogTransactions(txIds: readonly string[]): Promise<(BacklogItem | null)[]> {
    if (txIds.length === 0) return [];
    const rows = await this.#c.query<BacklogRow & { tx_id: string }>(
      `SELECT tx_id, tx, assignee, assigned_at_ms, received_at_ms FROM backlog WHERE tx_id = ANY($1::text[])`,
      [[...txIds]],
    );
    const byId = new Map(rows.map((r) => [r.tx_id, r]));
    return txIds.map((id) => {
      const r = byId.get(id);
      return r === undefined ? null : backlogItemOf(r, postgresDecoder);
    });
  }
}
