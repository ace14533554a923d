/**
 * The tables of a store, the same on SQLite and PostgreSQL (docs/node-design.md), in creation order:
 * `drop()` removes them in reverse.
 */
export const storeTables = [
  'store_meta',
  'blocks',
  'block_status',
  'votes',
  'tx_status',
  'live_spends',
  'backlog',
  'transactions',
  'output_keys',
  'asset_search',
  'metadata_search',
  'tx_keys',
  'asset_fields',
  'metadata_fields',
] as const;

/** The tables `init()` fills from the valid transactions when a store made before them gets them. */
export const queryIndexTables = ['tx_keys', 'asset_fields', 'metadata_fields'] as const;
