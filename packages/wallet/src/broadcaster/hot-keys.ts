import { toUnits } from '../amount.js';
import { idParam, type BookSession } from '../model/index.js';

/**
 * The wallet's change key: where a broadcast's change goes back to, and where coins the wallet
 * holds but has not accounted can be sent (then booked with a balance import). It is not an
 * address of any account, so what it receives is never a deposit. Made on first use.
 */
export async function changeKey(b: BookSession, walletId: string): Promise<string> {
  const found = await b.s.get(
    `SELECT public_key FROM wallet_keys WHERE wallet_id = ? AND purpose = 'change' ORDER BY created_at, public_key LIMIT 1`,
    [idParam(walletId)],
  );
  if (found !== undefined) return String(found.public_key);
  const keystore = b.env.keystore;
  if (keystore === undefined)
    throw new Error('making a change key needs the keystore (open the book with a passphrase)');
  await b.wallet(walletId);
  const key = keystore.newKey();
  await b.s.run(
    `INSERT INTO wallet_keys (public_key, wallet_id, purpose, sealed, created_at) VALUES (?, ?, 'change', ?, ?)`,
    [key.publicKey, idParam(walletId), key.sealed, b.now],
  );
  return key.publicKey;
}

/** What the wallet's keys hold on the ledger, by the outputs the follower and the rescan booked (reserved ones included). */
export async function ledgerBalance(b: BookSession, walletId: string): Promise<bigint> {
  const row = await b.s.get<{ total: unknown }>(
    `SELECT COALESCE(SUM(amount), 0) AS total FROM ledger_outputs WHERE wallet_id = ? AND spent_txid IS NULL`,
    [idParam(walletId)],
  );
  return toUnits(row?.total);
}
