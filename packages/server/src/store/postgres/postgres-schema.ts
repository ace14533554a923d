/**
 * The PostgreSQL tables: the same names, columns and meaning as on SQLite (docs/node-design.md).
 *
 * Hash ids are `text`: PostgreSQL indexes them well enough, and people reading the database with
 * psql see the ids they know. JSON is stored as `text`, never `jsonb`: the store returns exactly
 * the text it was given, `jsonb` costs about 40% on insert (perf-anchors B.5), and `jsonb`
 * refuses the `\u0000` escape that valid JSON may contain. Full-text search uses `tsvector`
 * columns under GIN indexes, built with the `simple` configuration (case folded, no stemming),
 * which answers like the SQLite FTS5 tables.
 */

/** Tables that `setShards` can hash-partition, with their partition key. Lookups always name that key. */
export const partitionedTables = [
  { table: 'tx_status', key: 'tx_id' },
  { table: 'live_spends', key: 'tx_id' },
  { table: 'output_keys', key: 'public_key' },
] as const;

const partitionedDefinitions: Record<(typeof partitionedTables)[number]['table'], string> = {
  tx_status: `(
    tx_id text PRIMARY KEY,
    status text NOT NULL CHECK (status IN ('backlog', 'undecided', 'valid', 'invalid')),
    pos bigint,
    reason_code text,
    reason text,
    updated_at_ms bigint NOT NULL
  )`,
  live_spends: `(
    tx_id text NOT NULL,
    output_index integer NOT NULL,
    spender text NOT NULL,
    height bigint NOT NULL,
    PRIMARY KEY (tx_id, output_index)
  )`,
  output_keys: `(
    public_key text NOT NULL,
    pos bigint NOT NULL,
    output_index integer NOT NULL,
    tx_id text NOT NULL,
    amount text NOT NULL,
    asset_id text NOT NULL,
    PRIMARY KEY (public_key, pos, output_index)
  )`,
};

/** DDL for one partitionable table: plain when `shards` is 1, otherwise `shards` hash partitions. */
export function partitionedTableDdl(table: (typeof partitionedTables)[number], shards: number): string[] {
  const definition = partitionedDefinitions[table.table];
  if (shards <= 1) return [`CREATE TABLE IF NOT EXISTS ${table.table} ${definition}`];
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${table.table} ${definition} PARTITION BY HASH (${table.key})`,
  ];
  for (let i = 0; i < shards; i++)
    statements.push(
      `CREATE TABLE IF NOT EXISTS ${table.table}_p${i} PARTITION OF ${table.table}
       FOR VALUES WITH (MODULUS ${shards}, REMAINDER ${i})`,
    );
  return statements;
}

/** Every statement `init()` runs, in order; each is idempotent. */
export function postgresSchema(shards: number): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS store_meta (key text PRIMARY KEY, value text NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS blocks (
      height bigint PRIMARY KEY,
      id text NOT NULL UNIQUE,
      node_pubkey text NOT NULL,
      timestamp text NOT NULL,
      tx_count integer NOT NULL,
      shell text NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS block_status (
      height bigint PRIMARY KEY,
      status text NOT NULL CHECK (status IN ('valid', 'invalid')),
      decided_at_ms bigint NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS votes (
      seq bigint GENERATED ALWAYS AS IDENTITY,
      block_id text NOT NULL,
      node_pubkey text NOT NULL,
      height bigint,
      vote text NOT NULL,
      PRIMARY KEY (block_id, node_pubkey)
    )`,
    `CREATE INDEX IF NOT EXISTS votes_by_node ON votes (node_pubkey, height)`,
    ...partitionedTables.flatMap((t) => partitionedTableDdl(t, shards)),
    `CREATE TABLE IF NOT EXISTS backlog (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tx_id text NOT NULL UNIQUE,
      assignee text NOT NULL,
      assigned_at_ms bigint NOT NULL,
      received_at_ms bigint NOT NULL,
      tx text NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS backlog_by_assignee ON backlog (assignee, seq)`,
    `CREATE INDEX IF NOT EXISTS backlog_by_age ON backlog (assigned_at_ms)`,
    `CREATE TABLE IF NOT EXISTS transactions (
      pos bigint PRIMARY KEY,
      height bigint NOT NULL,
      tx_id text NOT NULL,
      operation text NOT NULL,
      asset_id text NOT NULL,
      tx text NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS transactions_by_id ON transactions (tx_id)`,
    `CREATE INDEX IF NOT EXISTS transactions_by_asset ON transactions (asset_id, pos)`,
    `CREATE TABLE IF NOT EXISTS asset_search (pos bigint PRIMARY KEY, tsv tsvector NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS asset_search_tsv ON asset_search USING gin (tsv)`,
    `CREATE TABLE IF NOT EXISTS metadata_search (pos bigint PRIMARY KEY, tsv tsvector NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS metadata_search_tsv ON metadata_search USING gin (tsv)`,
    // Transactions by key and field filters: (key, pos) pairs, one index range per key in ledger order.
    `CREATE TABLE IF NOT EXISTS tx_keys (public_key text NOT NULL, pos bigint NOT NULL, PRIMARY KEY (public_key, pos))`,
    `CREATE TABLE IF NOT EXISTS asset_fields (term text NOT NULL, pos bigint NOT NULL, PRIMARY KEY (term, pos))`,
    `CREATE TABLE IF NOT EXISTS metadata_fields (term text NOT NULL, pos bigint NOT NULL, PRIMARY KEY (term, pos))`,
  ];
}
