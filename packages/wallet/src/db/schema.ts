import type { Backend, Database } from './sql-session.js';

/**
 * The wallet's own tables (it never shares the node's store). Amounts are BIGINT base units, times
 * BIGINT Unix milliseconds, so one text of DDL serves both backends but for the id column.
 *
 * - `transactions` are the entries of the books: an account's balance is the sum of what it
 *   received (credited) less what it sent, which `audit` checks; no separate postings table.
 * - `network_transactions.valid_index` is the ordinal of the transaction's block among the valid
 *   blocks the follower counted (`follow_state.valid_count`), so its confirmations are
 *   `1 + valid_count - valid_index`, without a query per block.
 * - `ledger_outputs` are the unspent outputs of the wallets' keys, kept from the blocks the
 *   follower reads, so a broadcast picks its inputs without asking the node about every key.
 * - `event_outbox` keeps each event for each handler on disk until delivered or given up.
 */
export const schemaVersion = 1;

function ddl(backend: Backend): string {
  const id = backend === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY';
  return `
CREATE TABLE IF NOT EXISTS wallet_meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS wallets (
  id ${id},
  coin TEXT NOT NULL,
  name TEXT NOT NULL,
  balance BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (coin, name)
);
CREATE TABLE IF NOT EXISTS accounts (
  id ${id},
  wallet_id BIGINT NOT NULL REFERENCES wallets (id),
  name TEXT NOT NULL,
  balance BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS accounts_wallet_name ON accounts (wallet_id, name);
CREATE TABLE IF NOT EXISTS addresses (
  id ${id},
  wallet_id BIGINT NOT NULL REFERENCES wallets (id),
  account_id BIGINT REFERENCES accounts (id),
  address TEXT NOT NULL,
  label TEXT,
  balance BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  archived_at BIGINT,
  UNIQUE (wallet_id, address)
);
CREATE INDEX IF NOT EXISTS addresses_account ON addresses (account_id);
CREATE INDEX IF NOT EXISTS addresses_address ON addresses (address);
CREATE TABLE IF NOT EXISTS network_transactions (
  id ${id},
  coin TEXT NOT NULL,
  transaction_type TEXT NOT NULL CHECK (transaction_type IN ('deposit', 'broadcast')),
  txid TEXT,
  state TEXT NOT NULL CHECK (state IN ('incoming', 'credited', 'pending', 'broadcasted')),
  confirmations INTEGER NOT NULL DEFAULT -1,
  wallet_id BIGINT REFERENCES wallets (id),
  body TEXT,
  block_height BIGINT,
  valid_index BIGINT,
  created_at BIGINT NOT NULL,
  opened_at BIGINT,
  closed_at BIGINT,
  UNIQUE (coin, transaction_type, txid)
);
CREATE INDEX IF NOT EXISTS network_transactions_open ON network_transactions (coin, confirmations);
CREATE INDEX IF NOT EXISTS network_transactions_txid ON network_transactions (txid);
CREATE TABLE IF NOT EXISTS transactions (
  id ${id},
  wallet_id BIGINT NOT NULL REFERENCES wallets (id),
  state TEXT NOT NULL CHECK (state IN ('pending', 'broadcasted', 'incoming', 'processed', 'internal', 'network_fee', 'balance_import')),
  amount BIGINT NOT NULL,
  label TEXT,
  address_id BIGINT REFERENCES addresses (id),
  sending_account_id BIGINT REFERENCES accounts (id),
  receiving_account_id BIGINT REFERENCES accounts (id),
  network_transaction_id BIGINT REFERENCES network_transactions (id),
  idempotency_key TEXT,
  created_at BIGINT NOT NULL,
  credited_at BIGINT,
  processed_at BIGINT,
  UNIQUE (wallet_id, idempotency_key)
);
CREATE INDEX IF NOT EXISTS transactions_wallet_state ON transactions (wallet_id, state);
CREATE INDEX IF NOT EXISTS transactions_sending ON transactions (sending_account_id);
CREATE INDEX IF NOT EXISTS transactions_receiving ON transactions (receiving_account_id);
CREATE INDEX IF NOT EXISTS transactions_network ON transactions (network_transaction_id);
CREATE UNIQUE INDEX IF NOT EXISTS transactions_one_deposit_per_address
  ON transactions (network_transaction_id, address_id) WHERE state IN ('incoming', 'processed');
CREATE TABLE IF NOT EXISTS wallet_keys (
  public_key TEXT PRIMARY KEY,
  wallet_id BIGINT NOT NULL REFERENCES wallets (id),
  purpose TEXT NOT NULL CHECK (purpose IN ('receive', 'change')),
  sealed TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS wallet_keys_wallet ON wallet_keys (wallet_id, purpose);
CREATE TABLE IF NOT EXISTS ledger_outputs (
  coin TEXT NOT NULL,
  txid TEXT NOT NULL,
  output_index INTEGER NOT NULL,
  owner TEXT NOT NULL,
  wallet_id BIGINT NOT NULL REFERENCES wallets (id),
  amount BIGINT NOT NULL,
  reserved_by BIGINT,
  spent_txid TEXT,
  PRIMARY KEY (coin, txid, output_index)
);
CREATE INDEX IF NOT EXISTS ledger_outputs_wallet ON ledger_outputs (wallet_id, spent_txid);
CREATE TABLE IF NOT EXISTS follow_state (
  coin TEXT PRIMARY KEY,
  height BIGINT NOT NULL,
  valid_count BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS event_outbox (
  id ${id},
  handler TEXT NOT NULL,
  event_name TEXT NOT NULL,
  data TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT,
  gave_up_at BIGINT,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS event_outbox_due ON event_outbox (handler, delivered_at, gave_up_at, id);
`;
}

const tables = [
  'event_outbox',
  'follow_state',
  'ledger_outputs',
  'wallet_keys',
  'transactions',
  'network_transactions',
  'addresses',
  'accounts',
  'wallets',
  'wallet_meta',
];

/** The seed's `initialize-database`: creates the tables unless they exist (safe to run again). */
export async function initializeDatabase(db: Database): Promise<void> {
  await db.exec(ddl(db.backend));
  await db.exec(
    `INSERT INTO wallet_meta (name, value) VALUES ('schema_version', '${schemaVersion}') ON CONFLICT DO NOTHING`,
  );
}

/** Drops every wallet table (tests, and a person starting over). */
export async function dropTables(db: Database): Promise<void> {
  for (const table of tables) await db.exec(`DROP TABLE IF EXISTS ${table}`);
}
