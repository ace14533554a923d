import { idText } from '../db/index.js';
import type { Logger } from '../log/index.js';
import { applyConfirmations, idParam, type WalletBook } from '../model/index.js';
import { followState } from './ledger-books.js';
import type { LedgerBackend } from './ledger-backend.js';

/**
 * The seed's open-transaction poll, for network transactions not yet in a block the follower
 * booked: each is looked up by id, and gets 0 confirmations while its block is undecided. One the
 * node already has in a valid block below the follower's position (a deposit found by the rescan)
 * gets its count from the blocks after it. Returns the events written.
 */
export async function pollOpenTransactions(
  book: WalletBook,
  backend: LedgerBackend,
  log: Logger,
): Promise<number> {
  const coin = backend.coin;
  const open = await book.read((b) =>
    b.s.all(
      `SELECT id, txid FROM network_transactions WHERE coin = ? AND txid IS NOT NULL AND valid_index IS NULL
         AND confirmations < 1 AND (transaction_type = 'deposit' OR closed_at IS NOT NULL) ORDER BY id`,
      [coin.name],
    ),
  );
  let events = 0;
  for (const row of open) {
    const id = idText(row.id);
    const status = await backend.status(String(row.txid));
    if (status.kind === 'undecided') {
      events += await book.transaction((b) => applyConfirmations(b, id, { confirmations: 0 }));
    } else if (status.kind === 'valid') {
      const state = await book.read((b) => followState(b, coin.name));
      if (state === undefined || status.height > state.height) continue; // the follower books it
      const later = await backend.validBlocksBetween(status.height, state.height, coin.maxConfirmationCount);
      const validIndex = state.validCount - later;
      events += await book.transaction(async (b) => {
        const now = await followState(b, coin.name);
        const confirmations = 1 + (now?.validCount ?? state.validCount) - validIndex;
        const current = await b.s.get(`SELECT valid_index FROM network_transactions WHERE id = ?`, [
          idParam(id),
        ]);
        if (current?.valid_index !== null) return 0; // booked meanwhile
        return applyConfirmations(b, id, { confirmations, blockHeight: status.height, validIndex });
      });
    } else if (status.kind === 'invalid') {
      log.warn('a tracked ledger transaction was decided invalid', {
        coin: coin.name,
        txid: row.txid,
        reason: status.reasonCode,
      });
    }
  }
  return events;
}
