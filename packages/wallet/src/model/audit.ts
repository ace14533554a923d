import { toUnits } from '../amount.js';
import { idText } from '../db/index.js';
import type { BookSession } from './book-session.js';
import { idParam } from './validation.js';

/** One disagreement between a stored balance and the entries it should equal. */
export interface AuditFinding {
  readonly what: 'account' | 'wallet' | 'address';
  readonly id: string;
  readonly stored: bigint;
  readonly expected: bigint;
}

/**
 * Recomputes a wallet's balances from its transactions, the books' entries: an account holds
 * what it received (credited) less what it sent; the wallet holds what its accounts hold; an
 * address has been credited its credited deposits. Empty when the books balance (debits equal
 * credits); the concurrency test and `bigchaindb wallet audit` use it.
 */
export async function auditWallet(b: BookSession, walletId: string): Promise<AuditFinding[]> {
  const findings: AuditFinding[] = [];
  const w = idParam(walletId);
  const accounts = await b.s.all(
    `SELECT a.id, a.balance,
       (SELECT COALESCE(SUM(t.amount), 0) FROM transactions t WHERE t.receiving_account_id = a.id AND t.credited_at IS NOT NULL) AS received,
       (SELECT COALESCE(SUM(t.amount), 0) FROM transactions t WHERE t.sending_account_id = a.id) AS sent
     FROM accounts a WHERE a.wallet_id = ?`,
    [w],
  );
  let total = 0n;
  for (const r of accounts) {
    const stored = toUnits(r.balance);
    const expected = toUnits(r.received) - toUnits(r.sent);
    total += stored;
    if (stored !== expected) findings.push({ what: 'account', id: idText(r.id), stored, expected });
  }
  const wallet = await b.wallet(walletId);
  if (wallet.balance !== total)
    findings.push({ what: 'wallet', id: wallet.id, stored: wallet.balance, expected: total });
  const addresses = await b.s.all(
    `SELECT ad.id, ad.balance,
       (SELECT COALESCE(SUM(t.amount), 0) FROM transactions t WHERE t.address_id = ad.id
          AND t.state IN ('incoming', 'processed') AND t.credited_at IS NOT NULL) AS credited
     FROM addresses ad WHERE ad.wallet_id = ?`,
    [w],
  );
  for (const r of addresses) {
    const stored = toUnits(r.balance);
    const expected = toUnits(r.credited);
    if (stored !== expected) findings.push({ what: 'address', id: idText(r.id), stored, expected });
  }
  return findings;
}
