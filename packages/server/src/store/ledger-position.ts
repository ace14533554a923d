import { blockPositionsMax } from './constants.js';

/**
 * A transaction's place in the ledger as one integer: `height * blockPositionsMax + position`.
 *
 * One integer key makes the `transactions` table append-ordered (SQLite: its rowid; PostgreSQL:
 * its primary key), so writing a block touches contiguous pages, a block's transactions are one
 * range scan, and ledger order is index order for every query that pages by it. Heights up to
 * 2^37 keep it inside JavaScript's safe integers.
 */
export function ledgerPos(height: number, position: number): number {
  return height * blockPositionsMax + position;
}

export function heightOfPos(pos: number): number {
  return Math.floor(pos / blockPositionsMax);
}

/** The half-open range of positions of the block at `height`. */
export function blockPosRange(height: number): { from: number; to: number } {
  return { from: height * blockPositionsMax, to: (height + 1) * blockPositionsMax };
}
