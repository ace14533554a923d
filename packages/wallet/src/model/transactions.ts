// Reading the wallet's transactions (one, a filtered page, the deposits not credited yet) and the
// one change an application makes to them: marking a deposit processed. Each function is a
// BookSession method, documented there.
import { toUnits } from '../amount.js';
import { pageSizeMax } from '../constants.js';
import { WalletError } from '../errors.js';
import type { BookSession } from './book-session.js';
import { transactionOf, transactionSelect } from './rows.js';
import { transactionStates, type Transaction, type TransactionState } from './types.js';
import { idParam } from './validation.js';

export interface TransactionQuery {
  readonly state?: TransactionState | undefined;
  readonly accountId?: string | undefined;
  readonly limit?: number | undefined;
  /** Transactions with a smaller id than this (newest first, page by page). */
  readonly beforeId?: string | undefined;
}

export async function transaction(b: BookSession, id: string): Promise<Transaction> {
  const row = await b.s.get(`${transactionSelect} WHERE t.id = ?`, [idParam(id)]);
  if (row === undefined) throw new WalletError('NotFound', `no transaction ${id}`);
  return transactionOf(row);
}

export async function listTransactions(
  b: BookSession,
  walletId: string,
  query: TransactionQuery = {},
): Promise<Transaction[]> {
  const where = ['t.wallet_id = ?'];
  const params: (string | number)[] = [idParam(walletId)];
  if (query.state !== undefined) {
    if (!(transactionStates as readonly string[]).includes(query.state))
      throw new WalletError('BadRequest', `state must be one of ${transactionStates.join(', ')}`);
    where.push('t.state = ?');
    params.push(query.state);
  }
  if (query.accountId !== undefined) {
    where.push('(t.sending_account_id = ? OR t.receiving_account_id = ?)');
    params.push(idParam(query.accountId), idParam(query.accountId));
  }
  if (query.beforeId !== undefined) {
    where.push('t.id < ?');
    params.push(idParam(query.beforeId));
  }
  const limit = Math.min(Math.max(1, query.limit ?? 100), pageSizeMax);
  const rows = await b.s.all(
    `${transactionSelect} WHERE ${where.join(' AND ')} ORDER BY t.id DESC LIMIT ${limit}`,
    params,
  );
  return rows.map(transactionOf);
}

export async function unconfirmedBalance(b: BookSession, accountId: string): Promise<bigint> {
  const row = await b.s.get<{ total: unknown }>(
    `SELECT COALESCE(SUM(amount), 0) AS total FROM transactions
     WHERE receiving_account_id = ? AND state IN ('incoming', 'processed') AND credited_at IS NULL`,
    [idParam(accountId)],
  );
  return toUnits(row?.total);
}

export async function markTransactionProcessed(b: BookSession, transactionId: string): Promise<Transaction> {
  const tx = await transaction(b, transactionId);
  if (tx.state === 'processed') return tx;
  if (tx.state !== 'incoming')
    throw new WalletError(
      'NotIncoming',
      `transaction ${transactionId} is ${tx.state}, not an incoming deposit`,
    );
  await b.s.run(
    `UPDATE transactions SET state = 'processed', processed_at = ? WHERE id = ? AND state = 'incoming'`,
    [b.now, idParam(transactionId)],
  );
  return transaction(b, transactionId);
}
