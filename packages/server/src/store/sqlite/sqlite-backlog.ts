import { blockPositionsMax, reassignBatchMax } from '../constants.js';
import { checkLimit } from '../cursor.js';
import type { BacklogStore } from '../facets/backlog-store.js';
import { backlogItemOf, type BacklogRow } from '../sql/rows.js';
import type { BacklogAddOutcome, BacklogEntry, BacklogItem, Reassignment } from '../types.js';
import { idKey, idOf } from '../id-key.js';
import { sqliteDecoder, type SqliteContext } from './sqlite-context.js';

/** The backlog on SQLite: one write transaction per batch around cached prepared statements. */
export class SqliteBacklog implements BacklogStore {
  readonly #c: SqliteContext;

  constructor(context: SqliteContext) {
    this.#c = context;
  }

  addToBacklog(entries: readonly BacklogEntry[]): Promise<BacklogAddOutcome[]> {
    const c = this.#c;
    return c.run(() =>
      c.write(() => {
        const now = c.clock.nowMs();
        // Only an unknown id, or one rejected before, enters the backlog: an id already waiting or
        // in a live block must not be queued twice.
        const claim = c.sql(
          `INSERT INTO tx_status (tx_id, status, pos, reason_code, reason, updated_at_ms)
           VALUES (?, 'backlog', NULL, NULL, NULL, ?)
           ON CONFLICT (tx_id) DO UPDATE SET status = 'backlog', pos = NULL, reason_code = NULL,
             reason = NULL, updated_at_ms = excluded.updated_at_ms
           WHERE tx_status.status = 'invalid'`,
        );
        const insert = c.sql(
          `INSERT INTO backlog (tx_id, assignee, assigned_at_ms, received_at_ms, tx) VALUES (?, ?, ?, ?, ?)`,
        );
        return entries.map(({ tx, assignee }): BacklogAddOutcome => {
          const key = idKey(tx.id);
          if (claim.run(key, now).changes === 0)
            return { txId: tx.id, added: false, status: c.statusOf(key) };
          insert.run(key, assignee, now, now, JSON.stringify(tx));
          return { txId: tx.id, added: true, status: 'backlog' };
        });
      }),
    );
  }

  takeBacklog(assignee: string, limit: number): Promise<BacklogItem[]> {
    const c = this.#c;
    return c.run(() => {
      checkLimit(limit, blockPositionsMax);
      const rows = c
        .sql(
          `SELECT tx, assignee, assigned_at_ms, received_at_ms FROM backlog
           WHERE assignee = ? ORDER BY seq LIMIT ?`,
        )
        .all(assignee, limit) as BacklogRow[];
      return rows.map((r) => backlogItemOf(r, sqliteDecoder));
    });
  }

  reassignStale(
    cutoffMs: number,
    choose: (entry: { txId: string; assignee: string }) => string,
    limit = reassignBatchMax,
  ): Promise<Reassignment[]> {
    const c = this.#c;
    return c.run(() => {
      checkLimit(limit, reassignBatchMax);
      const stale = c
        .sql(
          `SELECT tx_id, assignee FROM backlog WHERE assigned_at_ms < ? ORDER BY assigned_at_ms, seq LIMIT ?`,
        )
        .all(cutoffMs, limit) as { tx_id: unknown; assignee: string }[];
      const moves = stale.map((r) => {
        const txId = idOf(r.tx_id);
        return { key: r.tx_id, txId, from: r.assignee, to: choose({ txId, assignee: r.assignee }) };
      });
      return c.write(() => {
        const now = c.clock.nowMs();
        // The age condition is checked again, so a row another process reassigned meanwhile stays put.
        const update = c.sql(
          `UPDATE backlog SET assignee = ?, assigned_at_ms = ? WHERE tx_id = ? AND assigned_at_ms < ?`,
        );
        return moves
          .filter((m) => update.run(m.to, now, m.key, cutoffMs).changes === 1)
          .map(({ txId, from, to }) => ({ txId, from, to }));
      });
    });
  }

  countBacklog(assignee?: string): Promise<number> {
    const c = this.#c;
    return c.run(() => {
      const row = (
        assignee === undefined
          ? c.sql(`SELECT COUNT(*) AS n FROM backlog`).get()
          : c.sql(`SELECT COUNT(*) AS n FROM backlog WHERE assignee = ?`).get(assignee)
      ) as { n: number };
      return row.n;
    });
  }

  getBacklogTransactions(txIds: readonly string[]): Promise<(BacklogItem | null)[]> {
    const c = this.#c;
    return c.run(() =>
      c.read(() => {
        const get = c.sql(`SELECT tx, assignee, assigned_at_ms, received_at_ms FROM backlog WHERE tx_id = ?`);
        return txIds.map((id) => {
          const r = get.get(idKey(id)) as BacklogRow | undefined;
          return r === undefined ? null : backlogItemOf(r, sqliteDecoder);
        });
      }),
    );
  }
}
