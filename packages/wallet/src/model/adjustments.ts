// Entries that are neither sends nor deposits: coins found on the ledger and imported into the
// books, and the network fees the fee account pays for broadcasts. Each exported function is a
// BookSession method, documented there.
import { WalletError } from '../errors.js';
import type { BookSession } from './book-session.js';
import { addToAccount, addToWallet, insertTransaction } from './postings.js';
import { transaction } from './transactions.js';
import type { Transaction } from './types.js';
import { idParam, positive } from './validation.js';
import { account, accountOfWallet, getOrCreateNetworkFeeAccount, wallet } from './wallets.js';

export async function createImportTransaction(
  b: BookSession,
  accountId: string,
  amount: bigint,
): Promise<Transaction> {
  positive(amount);
  const to = await account(b, accountId);
  const k =
    Number(
      (
        await b.s.get<{ n: unknown }>(
          `SELECT COUNT(*) AS n FROM transactions WHERE wallet_id = ? AND state = 'balance_import'`,
          [idParam(to.walletId)],
        )
      )?.n ?? 0,
    ) + 1;
  const now = b.now;
  await addToAccount(b, to.id, amount, now);
  await addToWallet(b, to.walletId, amount, now);
  return insertTransaction(b, {
    walletId: to.walletId,
    state: 'balance_import',
    amount,
    label: `Backend balance import #${k}`,
    addressId: null,
    sendingAccountId: null,
    receivingAccountId: to.id,
    creditedAt: now,
    idempotencyKey: null,
  });
}

export async function importUnaccountedBalance(
  b: BookSession,
  walletId: string,
  accountId: string,
  ledgerBalance: bigint,
): Promise<Transaction | undefined> {
  const books = await wallet(b, walletId);
  await accountOfWallet(b, walletId, accountId);
  const busy = await b.s.get(
    `SELECT t.id FROM transactions t LEFT JOIN network_transactions n ON n.id = t.network_transaction_id
     WHERE t.wallet_id = ? AND (t.state = 'pending' OR (t.state = 'broadcasted' AND n.confirmations < 1)
       OR (t.state IN ('incoming', 'processed') AND t.credited_at IS NULL)) LIMIT 1`,
    [idParam(walletId)],
  );
  if (busy !== undefined)
    throw new WalletError(
      'BalanceImportRefused',
      `wallet ${walletId} has sends or deposits in flight; import when they are settled`,
    );
  if (ledgerBalance < books.balance)
    throw new WalletError(
      'BalanceImportRefused',
      `the ledger holds ${ledgerBalance} for wallet ${walletId}, less than its books (${books.balance})`,
    );
  if (ledgerBalance === books.balance) return undefined;
  return createImportTransaction(b, accountId, ledgerBalance - books.balance);
}

export async function chargeNetworkFees(
  b: BookSession,
  walletId: string,
  networkTransactionId: string,
  fee: bigint,
): Promise<Transaction | undefined> {
  if (fee <= 0n) return undefined;
  const feeAccount = await getOrCreateNetworkFeeAccount(b, walletId);
  const now = b.now;
  await addToAccount(b, feeAccount.id, -fee, now);
  await addToWallet(b, walletId, -fee, now);
  const tx = await insertTransaction(b, {
    walletId,
    state: 'network_fee',
    amount: fee,
    label: `Network fee of broadcast #${networkTransactionId}`,
    addressId: null,
    sendingAccountId: feeAccount.id,
    receivingAccountId: null,
    creditedAt: now,
    idempotencyKey: null,
  });
  await b.s.run(`UPDATE transactions SET network_transaction_id = ? WHERE id = ?`, [
    idParam(networkTransactionId),
    idParam(tx.id),
  ]);
  return transaction(b, tx.id);
}
