/**
 * The SQLite tables (docs/node-design.md has the meaning of each).
 *
 * Layout choices, from the benchmark of random 64-hex keys (perf-anchors B.4):
 * - Bulky rows (blocks, transactions, backlog) live in rowid tables whose rowid grows with
 *   insertion: `height`, the ledger position `pos`, the arrival `seq`. Inserts append.
 * - Hash ids are indexed as 32-byte blobs (`id-key.ts`); columns holding them are typed BLOB,
 *   whose affinity never converts a value.
 * - Small rows keyed by a hash (`tx_status`, `live_spends`, `live_claims`) are WITHOUT ROWID, so
 *   each is one B-tree instead of a table plus an index. `live_claims` holds the unique keys of
 *   the ledger indexes that claim some (`LedgerIndex.claims`); its height index is what an invalid
 *   decision releases them by.
 * - `transactions_by_asset` ends in the rowid `pos`, so an asset's history is one index range in
 *   ledger order.
 * - The tables derived from valid blocks belong to the ledger indexes (`indexes/core-indexes-sqlite.ts`
 *   for the built-in ones), which `init()` creates after these.
 */

export const sqliteSchema = `
CREATE TABLE IF NOT EXISTS store_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS blocks (
  height INTEGER PRIMARY KEY,
  id BLOB NOT NULL UNIQUE,
  node_pubkey TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  tx_count INTEGER NOT NULL,
  shell TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS block_status (
  height INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('valid', 'invalid')),
  decided_at_ms INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS votes (
  block_id BLOB NOT NULL,
  node_pubkey TEXT NOT NULL,
  height INTEGER,
  vote TEXT NOT NULL,
  UNIQUE (block_id, node_pubkey)
);
CREATE INDEX IF NOT EXISTS votes_by_node ON votes (node_pubkey, height);

CREATE TABLE IF NOT EXISTS tx_status (
  tx_id BLOB PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('backlog', 'undecided', 'valid', 'invalid')),
  pos INTEGER,
  reason_code TEXT,
  reason TEXT,
  updated_at_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS live_spends (
  tx_id BLOB NOT NULL,
  output_index INTEGER NOT NULL,
  spender BLOB NOT NULL,
  height INTEGER NOT NULL,
  PRIMARY KEY (tx_id, output_index)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS live_claims (
  index_name TEXT NOT NULL,
  claim_key TEXT NOT NULL,
  tx_id BLOB NOT NULL,
  height INTEGER NOT NULL,
  PRIMARY KEY (index_name, claim_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS live_claims_by_height ON live_claims (height);

CREATE TABLE IF NOT EXISTS backlog (
  seq INTEGER PRIMARY KEY,
  tx_id BLOB NOT NULL UNIQUE,
  assignee TEXT NOT NULL,
  assigned_at_ms INTEGER NOT NULL,
  received_at_ms INTEGER NOT NULL,
  tx TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS backlog_by_assignee ON backlog (assignee, seq);
CREATE INDEX IF NOT EXISTS backlog_by_age ON backlog (assigned_at_ms);

CREATE TABLE IF NOT EXISTS transactions (
  pos INTEGER PRIMARY KEY,
  height INTEGER NOT NULL,
  tx_id BLOB NOT NULL,
  operation TEXT NOT NULL,
  asset_id BLOB NOT NULL,
  tx TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transactions_by_id ON transactions (tx_id);
CREATE INDEX IF NOT EXISTS transactions_by_asset ON transactions (asset_id);
`;
