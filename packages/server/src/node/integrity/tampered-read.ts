import type { LedgerTransaction } from '../../store/index.js';
import type { Watchdog } from './watchdog.js';

/** A transaction read from a block no longer hashes to its id: its block is not to be trusted. */
export function reportTamperedRead(watchdog: Watchdog, t: LedgerTransaction, id: string): void {
  watchdog.flag(t.blockId, t.height, {
    code: 'TamperedInput',
    txId: id,
    subject: `${t.blockId} ${id}`,
    detail: `transaction ${id} as stored in block ${t.blockId} no longer hashes to its id`,
  });
}
