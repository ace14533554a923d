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
import { postgresDecoder, type PostgresContext } from './postgres-context.js';

/**
 * Point reads of the ledger on PostgreSQL: the shared joins and row mapping (`sql/`), batched as
 * one statement over `= ANY($1)` or `unnest`, answers aligned by id afterwards.
 */
export class PostgresLedgerReads implements LedgerReads {
  readonly #c: PostgresContext;

  constructor(context: PostgresContext) {
    this.#c = context;
  }

  async getStatuses(txIds: readonly string[]): Promise<(TxStatus | null)[]> {
    if (txIds.length === 0) return [];
    const rows = await this.#c.query<StatusRow & { tx_id: string }>(
      `SELECT s.tx_id, ${statusColumns} ${statusFrom} WHERE s.tx_id = ANY($1::text[])`,
      [[...txIds]],
    );
    const byId = new Map(rows.map((r) => [r.tx_id, r]));
    return txIds.map((txId) => {
      const r = byId.get(txId);
      return r === undefined ? null : txStatusOf(txId, r, postgresDecoder);
    });
  }

  async getTransactions(
    txIds: readonly string[],
    options: { includeUndecided?: boolean } = {},
  ): Promise<(LedgerTransaction | null)[]> {
    if (txIds.length === 0) return [];
    const statuses = options.includeUndecided === true ? ['valid', 'undecided'] : ['valid'];
    const rows = await this.#c.query<LedgerTxRow & { tx_id: string }>(
      `SELECT s.tx_id, ${ledgerTxColumns} ${ledgerTxFrom} WHERE s.tx_id = ANY($1::text[]) AND s.status = ANY($2::text[])`,
      [[...txIds], statuses],
    );
    const byId = new Map(rows.map((r) => [r.tx_id, r]));
    return txIds.map((id) => {
      const r = byId.get(id);
      return r === undefined ? null : ledgerTransactionOf(r, postgresDecoder);
    });
  }

  async getSpenders(links: readonly OutputLink[]): Promise<(Spender | null)[]> {
    if (links.length === 0) return [];
    const rows = await this.#c.query<SpenderRow & { tx_id: string; output_index: number }>(
      `SELECT l.tx_id, l.output_index, ${spenderColumns}
       FROM unnest($1::text[], $2::int[]) AS u(t, i)
         JOIN live_spends l ON l.tx_id = u.t AND l.output_index = u.i
         ${spenderJoins}`,
      [links.map((l) => l.transaction_id), links.map((l) => l.output_index)],
    );
    const byOutput = new Map(rows.map((r) => [`${r.tx_id}:${r.output_index}`, r]));
    return links.map((link): Spender | null => {
      const r = byOutput.get(`${link.transaction_id}:${link.output_index}`);
      return r === undefined ? null : spenderOf(r, postgresDecoder);
    });
  }
}
