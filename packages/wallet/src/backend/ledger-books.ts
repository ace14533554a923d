import { idText } from '../db/index.js';
import {
  advanceConfirmations,
  applyConfirmations,
  recordDeposit,
  type BookSession,
  type LedgerPosition,
} from '../model/index.js';
import type { CoinTransaction } from './read-transaction.js';

/** How far the follower has read a coin's chain: every block up to `height`, `validCount` of them valid since it started. */
export interface FollowState {
  readonly height: number;
  readonly validCount: number;
}

export async function followState(b: BookSession, coin: string): Promise<FollowState | undefined> {
  const row = await b.s.get(`SELECT height, valid_count FROM follow_state WHERE coin = ?`, [coin]);
  return row === undefined ? undefined : { height: Number(row.height), validCount: Number(row.valid_count) };
}

/** Starts following at `height` (the blocks up to it are the rescan's business), unless already following. */
export async function startFollowing(b: BookSession, coin: string, height: number): Promise<FollowState> {
  await b.s.run(
    `INSERT INTO follow_state (coin, height, valid_count, updated_at) VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING`,
    [coin, height, b.now],
  );
  const state = await followState(b, coin);
  if (state === undefined) throw new Error(`follow_state of ${coin} vanished`);
  return state;
}

/**
 * Books what one ledger transaction of the coin does to the wallets: outputs to their keys become
 * spendable outputs, the outputs it spends are marked spent, payments to receiving addresses are
 * deposits (change keys are not addresses, so change is never a deposit), and a broadcast of ours
 * gets its block. Returns the events written.
 */
export async function bookCoinTransaction(
  b: BookSession,
  coin: string,
  tx: CoinTransaction,
  position: LedgerPosition,
): Promise<number> {
  for (const link of tx.spends)
    await b.s.run(
      `UPDATE ledger_outputs SET spent_txid = ? WHERE coin = ? AND txid = ? AND output_index = ?`,
      [tx.txid, coin, link.transaction_id, link.output_index],
    );
  for (const output of tx.outputs) {
    const key = await b.s.get(
      `SELECT k.wallet_id FROM wallet_keys k JOIN wallets w ON w.id = k.wallet_id WHERE k.public_key = ? AND w.coin = ?`,
      [output.owner, coin],
    );
    if (key === undefined) continue;
    await b.s.run(
      `INSERT INTO ledger_outputs (coin, txid, output_index, owner, wallet_id, amount) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [coin, tx.txid, output.index, output.owner, Number(idText(key.wallet_id)), output.amount],
    );
  }
  let events = 0;
  const deposit = await recordDeposit(b, coin, tx.txid, tx.receives, position);
  if (deposit !== undefined) events += 1;
  const broadcast = await b.s.get(
    `SELECT id FROM network_transactions WHERE coin = ? AND transaction_type = 'broadcast' AND txid = ?`,
    [coin, tx.txid],
  );
  if (broadcast !== undefined) events += await applyConfirmations(b, idText(broadcast.id), position);
  return events;
}

/**
 * One decided block, in one database transaction: a valid block is counted, its coin transactions
 * booked at one confirmation, and every tracked network transaction moves up a confirmation; an
 * invalid block only moves the follower on. The work grows with the block and the tracked
 * transactions, never with the number of watched addresses (each output is one indexed lookup).
 */
export async function applyBlock(
  b: BookSession,
  coin: string,
  block: {
    readonly height: number;
    readonly valid: boolean;
    readonly transactions: readonly CoinTransaction[];
  },
): Promise<number> {
  const state = await followState(b, coin);
  if (state === undefined) throw new Error(`the follower of ${coin} has not started`);
  // Another process (a second helper service) got here first: nothing to do twice.
  if (block.height !== state.height + 1) return 0;
  let events = 0;
  let validCount = state.validCount;
  if (block.valid) {
    validCount += 1;
    for (const tx of block.transactions)
      events += await bookCoinTransaction(b, coin, tx, {
        confirmations: 1,
        blockHeight: block.height,
        validIndex: validCount,
      });
    events += await advanceConfirmations(b, coin, validCount);
  }
  await b.s.run(`UPDATE follow_state SET height = ?, valid_count = ?, updated_at = ? WHERE coin = ?`, [
    block.height,
    validCount,
    b.now,
    coin,
  ]);
  return events;
}
