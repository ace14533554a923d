import { blockPositionsMax } from '../constants.js';

/**
 * Statement text both dialects run as is. The dialects differ in how they batch (SQLite: one
 * prepared statement per id inside one read transaction; PostgreSQL: one statement over
 * `= ANY($1)` or `unnest`) and in how ids are encoded (`id-key.ts`), so what is shared is the
 * column lists and the joins; each dialect adds its own key condition. Every fragment ends
 * without a WHERE, so a dialect appends it.
 */

/** A block row with its decision: `blocks` left-joined to `block_status`. */
export const blockColumns = `b.height, b.tx_count, b.shell, bs.status
  FROM blocks b LEFT JOIN block_status bs ON bs.height = b.height`;

/** A transaction's status, with the block of its live claim (the block at the height of `pos`). */
export const statusColumns = `s.status, s.pos, s.reason_code, s.reason, s.updated_at_ms, b.id AS block_id`;
export const statusFrom = `FROM tx_status s LEFT JOIN blocks b ON b.height = s.pos / ${blockPositionsMax}`;

/** A transaction through its live claim: the row at the claim's `pos`, and that block's id. */
export const ledgerTxColumns = `s.status, t.height, t.tx, b.id AS block_id`;
export const ledgerTxFrom = `FROM tx_status s JOIN transactions t ON t.pos = s.pos JOIN blocks b ON b.height = t.height`;

/** A live spend with its block and that block's decision (`l` is `live_spends`, joined by the dialect). */
export const spenderColumns = `l.spender, l.height, b.id AS block_id, bs.status`;
export const spenderJoins = `JOIN blocks b ON b.height = l.height LEFT JOIN block_status bs ON bs.height = l.height`;

export const latestHeightSql = `SELECT MAX(height) AS h FROM blocks`;
export const firstUndecidedHeightSql = `SELECT MIN(b.height) AS h FROM blocks b
  WHERE NOT EXISTS (SELECT 1 FROM block_status s WHERE s.height = b.height)`;

/**
 * The transactions of valid blocks after a ledger position, with their block's id: what a ledger
 * index is filled from (`rebuildIndex`, and `init` for an index whose tables are new). `after`
 * and the page size are the dialect's parameters 1 and 2.
 */
export function validTxPageSql(after: string, limit: string): string {
  return `SELECT t.pos, t.height, t.tx, b.id AS block_id FROM transactions t
    JOIN block_status s ON s.height = t.height AND s.status = 'valid'
    JOIN blocks b ON b.height = t.height
    WHERE t.pos > ${after} ORDER BY t.pos LIMIT ${limit}`;
}

/** The same over live blocks (undecided or valid): what the unique claims of an index are rebuilt from. */
export function liveTxPageSql(after: string, limit: string): string {
  return `SELECT t.pos, t.height, t.tx, b.id AS block_id FROM transactions t
    JOIN blocks b ON b.height = t.height
    LEFT JOIN block_status s ON s.height = t.height
    WHERE t.pos > ${after} AND (s.status IS NULL OR s.status = 'valid') ORDER BY t.pos LIMIT ${limit}`;
}
