import type { OutputLink } from '@bigchaindb-ts/driver';
import type { Logger } from '../log/index.js';
import type { WalletBook } from '../model/index.js';
import { bookCoinTransaction, followState } from './ledger-books.js';
import type { LedgerBackend } from './ledger-backend.js';
import { readCoinTransaction } from './read-transaction.js';

export interface ScanReport {
  /** Ledger transactions paying a watched key that were looked at. */
  readonly scanned: number;
  /** Of those, the ones the wallet had not booked yet (missed deposits, outputs, spends). */
  readonly missed: number;
}

const linkKey = (l: OutputLink) => `${l.transaction_id}:${l.output_index}`;

/**
 * The seed's `scan-received`: every output the node knows for every watched key (receiving
 * addresses that are not archived, and the wallets' change keys), so deposits and outputs from
 * before the follower started, or missed while nothing ran, are booked. Transactions in valid
 * blocks up to the follower's position are booked with their confirmations counted from the
 * blocks after them; later ones are left to the follower. Outputs the node says are spent are
 * marked so. Safe to run at any time and more than once.
 */
export async function scanReceived(
  book: WalletBook,
  backend: LedgerBackend,
  log: Logger,
): Promise<ScanReport> {
  const coin = backend.coin;
  const state = await book.read((b) => followState(b, coin.name));
  if (state === undefined) throw new Error(`the follower of ${coin.name} has not started`);
  const keys = await book.read(async (b) => {
    const rows = await b.s.all(
      `SELECT k.public_key AS key FROM wallet_keys k JOIN wallets w ON w.id = k.wallet_id
         LEFT JOIN addresses a ON a.wallet_id = k.wallet_id AND a.address = k.public_key
       WHERE w.coin = ? AND a.archived_at IS NULL
       UNION SELECT a.address AS key FROM addresses a JOIN wallets w ON w.id = a.wallet_id
       WHERE w.coin = ? AND a.account_id IS NOT NULL AND a.archived_at IS NULL`,
      [coin.name, coin.name],
    );
    return rows.map((r) => String(r.key));
  });
  const txids = new Set<string>();
  const spentLinks: OutputLink[] = [];
  for (const key of keys) {
    const all = await backend.outputs(key);
    const unspent = new Set((await backend.outputs(key, false)).map(linkKey));
    for (const link of all) {
      txids.add(link.transaction_id);
      if (!unspent.has(linkKey(link))) spentLinks.push(link);
    }
  }
  let scanned = 0;
  let missed = 0;
  for (const txid of txids) {
    const status = await backend.status(txid);
    if (status.kind !== 'valid' || status.height > state.height) continue;
    const read = readCoinTransaction(await backend.transaction(txid), coin.assetId);
    if (read === undefined) continue;
    scanned += 1;
    const later = await backend.validBlocksBetween(status.height, state.height, coin.maxConfirmationCount);
    const validIndex = state.validCount - later;
    const fresh = await book.transaction(async (b) => {
      const known = await b.s.get(
        `SELECT 1 AS x FROM network_transactions WHERE coin = ? AND txid = ? AND valid_index IS NOT NULL
         UNION SELECT 1 AS x FROM ledger_outputs WHERE coin = ? AND txid = ?`,
        [coin.name, txid, coin.name, txid],
      );
      const now = await followState(b, coin.name);
      const confirmations = 1 + (now?.validCount ?? state.validCount) - validIndex;
      await bookCoinTransaction(b, coin.name, read, {
        confirmations,
        blockHeight: status.height,
        validIndex,
      });
      return known === undefined;
    });
    if (fresh) {
      missed += 1;
      log.info('rescan booked a missed ledger transaction', { coin: coin.name, txid, height: status.height });
    }
  }
  // Outputs the node reports spent by a transaction the wallet never read (before it followed).
  await book.transaction(async (b) => {
    for (const link of spentLinks)
      await b.s.run(
        `UPDATE ledger_outputs SET spent_txid = COALESCE(spent_txid, 'spent before the wallet followed') WHERE coin = ? AND txid = ? AND output_index = ?`,
        [coin.name, link.transaction_id, link.output_index],
      );
  });
  return { scanned, missed };
}
