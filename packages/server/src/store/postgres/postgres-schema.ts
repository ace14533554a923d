/**
 * The PostgreSQL tables: the same names, columns and meaning as on SQLite (docs/node-design.md).
 *
 * Hash ids are `text`: PostgreSQL indexes them well enough, and people reading the database with
 * psql see the ids they know. JSON is stored as `text`, never `jsonb`: the store returns exactly
 * the text it was given, `jsonb` costs about 40% on insert (perf-anchors B.5), and `jsonb`
 * refuses the `\u0000` escape that valid JSON may contain.
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

/**
 * The store's own tables, in order; each statement is idempotent. The tables derived from valid
 * blocks belong to the ledger indexes, which `init()` creates after these.
 */
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
    // `output_keys` is partitioned too, but it belongs to the outputs index (`indexes/core-indexes-postgres.ts`).
    ...partitionedTables
      .filter((t) => t.table !== 'output_keys')
      .flatMap((t) => partitionedTableDdl(t, shards)),
    // The unique keys of the ledger indexes that claim some; an invalid decision releases them by height.
    `CREATE TABLE IF NOT EXISTS live_claims (
      index_name text NOT NULL,
      claim_key text NOT NULL,
      tx_id text NOT NULL,
      height bigint NOT NULL,
      PRIMARY KEY (index_name, claim_key)
    )`,
    `CREATE INDEX IF NOT EXISTS live_claims_by_height ON live_claims (height)`,
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
  ];
}
