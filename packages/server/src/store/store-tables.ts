/**
 * The store's own tables, the same on SQLite and PostgreSQL (docs/node-design.md), in creation
 * order. The tables of the ledger indexes (`indexes/`) come after them; `drop()` removes the
 * indexes' tables first, then these in reverse.
 */
export const storeTables = [
  'store_meta',
  'blocks',
  'block_status',
  'votes',
  'tx_status',
  'live_spends',
  'live_claims',
  'backlog',
  'transactions',
] as const;
