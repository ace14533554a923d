import assert from 'node:assert/strict';
import { schemaVersion } from '../constants.js';
import { StoreError } from '../errors.js';
import type { StoreOperations } from '../facets/store-operations.js';
import { storeTables } from '../store-tables.js';
import { int, schemaLockKey, type Int, type PostgresContext, type Query } from './postgres-context.js';
import type { PostgresChangeNotifications } from './postgres-change-notifications.js';
import { translatePgError } from './postgres-errors.js';
import type { PostgresLedgerIndexes } from './postgres-ledger-indexes.js';
import {
  missingFunctionsDdl,
  missingTriggersDdl,
  notifyFunctions,
  notifyTriggerNames,
} from './postgres-notify.js';
import { partitionedTableDdl, partitionedTables, postgresSchema } from './postgres-schema.js';
import { replicationReport } from './replication-report.js';

/**
 * Creating, checking, dropping and closing a PostgreSQL store, its partitions and its replication
 * report. Schema changes take one advisory lock, so the nodes of a federation sharing the database
 * never run them at once.
 */
export class PostgresOperations implements Omit<StoreOperations, 'backend'> {
  readonly #c: PostgresContext;
  readonly #indexes: PostgresLedgerIndexes;
  readonly #notifications: PostgresChangeNotifications;

  constructor(
    context: PostgresContext,
    indexes: PostgresLedgerIndexes,
    notifications: PostgresChangeNotifications,
  ) {
    this.#c = context;
    this.#indexes = indexes;
    this.#notifications = notifications;
  }

  async init(): Promise<{ created: boolean }> {
    return this.#c.transaction(async (q) => {
      await q(`SELECT pg_advisory_xact_lock($1)`, [schemaLockKey]);
      const created = !(await tablesExist(q));
      let shards = 1;
      if (!created) {
        const meta = await q<{ key: string; value: string }>(`SELECT key, value FROM store_meta`);
        const version = meta.find((m) => m.key === 'schema_version')?.value;
        if (version !== undefined && version !== String(schemaVersion))
          throw new StoreError(
            'incompatible',
            `the database holds schema version ${version}; this node speaks version ${schemaVersion}`,
          );
        shards = Number(meta.find((m) => m.key === 'shards')?.value ?? 1);
      }
      for (const statement of postgresSchema(shards)) await q(statement);
      // An index new to an existing store is filled from its valid blocks, once.
      await this.#indexes.createAll(q, shards, !created);
      // Few round trips (no parameters: several statements may go in one query).
      const functions = await q<{ name: string }>(
        `SELECT proname AS name FROM pg_proc WHERE proname = ANY($1::text[])`,
        [[...notifyFunctions]],
      );
      const createFunctions = missingFunctionsDdl(new Set(functions.map((r) => r.name)));
      if (createFunctions !== null) await q(createFunctions);
      const installed = await q<{ name: string }>(
        `SELECT tgname AS name FROM pg_trigger WHERE tgname = ANY($1::text[])`,
        [notifyTriggerNames],
      );
      const triggers = missingTriggersDdl(new Set(installed.map((r) => r.name)));
      if (triggers !== null) await q(triggers);
      await q(`INSERT INTO store_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT DO NOTHING`, [
        String(schemaVersion),
      ]);
      return { created };
    });
  }

  async exists(): Promise<boolean> {
    return tablesExist((sql, parameters) => this.#c.query(sql, parameters));
  }

  async drop(): Promise<void> {
    await this.#c.transaction(async (q) => {
      await q(`SELECT pg_advisory_xact_lock($1)`, [schemaLockKey]);
      await q(`DROP TABLE IF EXISTS ${[...storeTables, ...this.#indexes.tables].join(', ')} CASCADE`);
      await q(`DROP FUNCTION IF EXISTS ${notifyFunctions.map((f) => `${f}()`).join(', ')}`);
    });
  }

  async close(): Promise<void> {
    await this.#notifications.closeAll();
    try {
      await this.#c.pool.end();
    } catch (err) {
      throw translatePgError(err);
    }
  }

  async setShards(n: number): Promise<string> {
    if (!Number.isSafeInteger(n) || n < 1 || n > 256)
      throw new StoreError('invalid_argument', `the number of shards is an integer in 1..256, got ${n}`);
    const names = partitionedTables.map((t) => `${t.table} (by ${t.key})`).join(', ');
    return this.#c.transaction(async (q) => {
      await q(`SELECT pg_advisory_xact_lock($1)`, [schemaLockKey]);
      const [meta] = await q<{ value: string }>(`SELECT value FROM store_meta WHERE key = 'shards'`);
      const current = Number(meta?.value ?? 1);
      if (current === n)
        return `Nothing to do: ${names} already ${n === 1 ? 'are single, unpartitioned tables' : `have ${n} hash partitions each`}.`;
      const [counts] = await q<{ blocks: Int; backlog: Int; statuses: Int }>(
        `SELECT (SELECT COUNT(*) FROM blocks) AS blocks, (SELECT COUNT(*) FROM backlog) AS backlog,
                (SELECT COUNT(*) FROM tx_status) AS statuses`,
      );
      assert.ok(counts !== undefined);
      if (int(counts.blocks) + int(counts.backlog) + int(counts.statuses) > 0)
        return (
          `Nothing changed: the database already holds ${int(counts.blocks)} block(s), ${int(counts.backlog)} ` +
          `backlog transaction(s) and ${int(counts.statuses)} transaction status(es), and this store only ` +
          `partitions an empty database (moving live rows between partition layouts is not implemented). ` +
          `The tables stay ${current === 1 ? 'unpartitioned' : `in ${current} hash partitions`}.`
        );
      for (const t of partitionedTables) {
        await q(`DROP TABLE IF EXISTS ${t.table} CASCADE`);
        for (const statement of partitionedTableDdl(t, n)) await q(statement);
      }
      await q(
        `INSERT INTO store_meta (key, value) VALUES ('shards', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [String(n)],
      );
      return n === 1
        ? `Recreated ${names} as single, unpartitioned tables (the database was empty).`
        : `Recreated ${names} with ${n} hash partitions each, on this one PostgreSQL server (the database ` +
            `was empty). Blocks, votes, the backlog and the transaction and search tables stay unpartitioned: ` +
            `their unique keys or ledger-order scans do not include a hash key to partition by.`;
    });
  }

  async setReplicas(n: number): Promise<string> {
    if (!Number.isSafeInteger(n) || n < 1)
      throw new StoreError('invalid_argument', `the number of replicas is a positive integer, got ${n}`);
    return replicationReport(n, (sql) => this.#c.query(sql));
  }
}

async function tablesExist(q: Query): Promise<boolean> {
  const [row] = await q<{ present: boolean }>(`SELECT to_regclass('blocks') IS NOT NULL AS present`);
  return row?.present === true;
}
