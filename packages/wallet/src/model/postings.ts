// The writes every movement of money shares (sends, balance imports, fees, deposits): balances
// moved on accounts and wallets, and the transaction row that records the movement. Only the two
// deposit writes are BookSession methods (for network-updates.ts), documented there.
import assert from 'node:assert/strict';
import { labelLengthMax } from '../constants.js';
import { idText } from '../db/index.js';
import type { BookSession } from './book-session.js';
import { transaction } from './transactions.js';
import type { Transaction, TransactionState } from './types.js';
import { boundedText, idParam } from './validation.js';

export async function addToAccount(
  b: BookSession,
  accountId: string,
  delta: bigint,
  now: number,
): Promise<void> {
  const { changes } = await b.s.run(
    `UPDATE accounts SET balance = balance + ?, updated_at = ? WHERE id = ?`,
    [delta, now, idParam(accountId)],
  );
  assert.equal(changes, 1, `account ${accountId} vanished during a write`);
}

export async function addToWallet(
  b: BookSession,
  walletId: string,
  delta: bigint,
  now: number,
): Promise<void> {
  const { changes } = await b.s.run(`UPDATE wallets SET balance = balance + ?, updated_at = ? WHERE id = ?`, [
    delta,
    now,
    idParam(walletId),
  ]);
  assert.equal(changes, 1, `wallet ${walletId} vanished during a write`);
}

export async function insertTransaction(
  b: BookSession,
  t: {
    walletId: string;
    state: TransactionState;
    amount: bigint;
    label: string | null;
    addressId: string | null;
    sendingAccountId: string | null;
    receivingAccountId: string | null;
    creditedAt: number | null;
    idempotencyKey: string | null;
    networkTransactionId?: string | null;
  },
): Promise<Transaction> {
  const row = await b.s.get(
    `INSERT INTO transactions (wallet_id, state, amount, label, address_id, sending_account_id, receiving_account_id,
       network_transaction_id, idempotency_key, created_at, credited_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [
      idParam(t.walletId),
      t.state,
      t.amount,
      boundedText(t.label, 'label', labelLengthMax),
      t.addressId === null ? null : idParam(t.addressId),
      t.sendingAccountId === null ? null : idParam(t.sendingAccountId),
      t.receivingAccountId === null ? null : idParam(t.receivingAccountId),
      t.networkTransactionId === undefined || t.networkTransactionId === null
        ? null
        : idParam(t.networkTransactionId),
      t.idempotencyKey,
      b.now,
      t.creditedAt,
    ],
  );
  assert.ok(row !== undefined);
  return transaction(b, idText(row.id));
}

export async function creditDeposit(b: BookSession, tx: Transaction): Promise<void> {
  assert.ok(tx.creditedAt === null && tx.receivingAccountId !== null && tx.addressId !== null);
  const now = b.now;
  await addToAccount(b, tx.receivingAccountId, tx.amount, now);
  await addToWallet(b, tx.walletId, tx.amount, now);
  await b.s.run(`UPDATE addresses SET balance = balance + ?, updated_at = ? WHERE id = ?`, [
    tx.amount,
    now,
    idParam(tx.addressId),
  ]);
  const { changes } = await b.s.run(
    `UPDATE transactions SET credited_at = ? WHERE id = ? AND credited_at IS NULL`,
    [now, idParam(tx.id)],
  );
  assert.equal(changes, 1, `deposit ${tx.id} credited twice`);
}

export function insertDeposit(
  b: BookSession,
  d: {
    walletId: string;
    accountId: string;
    addressId: string;
    networkTransactionId: string;
    amount: bigint;
    label: string | null;
  },
): Promise<Transaction> {
  return insertTransaction(b, {
    walletId: d.walletId,
    state: 'incoming',
    amount: d.amount,
    label: d.label,
    addressId: d.addressId,
    sendingAccountId: null,
    receivingAccountId: d.accountId,
    creditedAt: null,
    idempotencyKey: null,
    networkTransactionId: d.networkTransactionId,
  });
}
