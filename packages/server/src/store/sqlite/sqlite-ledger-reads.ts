import type { OutputLink } from '@bigchaindb-ts/core';
import type { LedgerReads } from '../facets/ledger-reads.js';
import {
  ledgerTxColumns,
  ledgerTxFrom,
  spenderColumns,
  spenderJoins,
  statusColumns,
  statusFrom,
} from '../sql/ledger-sql.js';
import {
  ledgerTransactionOf,
  spenderOf,
  txStatusOf,
  type LedgerTxRow,
  type SpenderRow,
  type StatusRow,
} from '../sql/rows.js';
import type { LedgerTransaction, Spender, TxStatus } from '../types.js';
import { idKey } from '../id-key.js';
import { sqliteDecoder, type SqliteContext } from './sqlite-context.js';

/**
 * Point reads of the ledger on SQLite: the shared joins and row mapping (`sql/`), batched as one
 * cached prepared statement per id inside one read transaction (a lookup costs microseconds).
 */
export class SqliteLedgerReads implements LedgerReads {
  readonly #c: SqliteContext;

  constructor(context: SqliteContext) {
    this.#c = context;
  }

  getStatuses(txIds: readonly string[]): Promise<(TxStatus | null)[]> {
    const c = this.#c;
    return c.run(() =>
      c.read(() => {
        const get = c.sql(`SELECT ${statusColumns} ${statusFrom} WHERE s.tx_id = ?`);
        return txIds.map((txId) => {
          const r = get.get(idKey(txId)) as StatusRow | undefined;
          return r === undefined ? null : txStatusOf(txId, r, sqliteDecoder);
        });
      }),
    );
  }

  getTransactions(
    txIds: readonly string[],
    options: { includeUndecided?: boolean } = {},
  ): Promise<(LedgerTransaction | null)[]> {
    const c = this.#c;
    return c.run(() =>
      c.read(() => {
        const statuses = options.includeUndecided === true ? `'valid', 'undecided'` : `'valid'`;
        const get = c.sql(
          `SELECT ${ledgerTxColumns} ${ledgerTxFrom} WHERE s.tx_id = ? AND s.status IN (${statuses})`,
        );
        return txIds.map((txId) => {
          const r = get.get(idKey(txId)) as LedgerTxRow | undefined;
          return r === undefined ? null : ledgerTransactionOf(r, sqliteDecoder);
        });
      }),
    );
  }

  getSpenders(links: readonly OutputLink[]): Promise<(Spender | null)[]> {
    const c = this.#c;
    return c.run(() =>
      c.read(() => {
        const get = c.sql(
          `SELECT ${spenderColumns} FROM live_spends l ${spenderJoins} WHERE l.tx_id = ? AND l.output_index = ?`,
        );
        return links.map((link): Spender | null => {
          const r = get.get(idKey(link.transaction_id), link.output_index) as SpenderRow | undefined;
          return r === undefined ? null : spenderOf(r, sqliteDecoder);
        });
      }),
    );
  }
}
