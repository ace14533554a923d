import { schemaVersion, sqliteWalCheckpointPages } from '../constants.js';
import { StoreError } from '../errors.js';
import type { StoreOperations } from '../facets/store-operations.js';
import { storeTables } from '../store-tables.js';
import type { SqliteContext } from './sqlite-context.js';
import type { SqliteLedgerIndexes } from './sqlite-ledger-indexes.js';
import { sqliteSchema } from './sqlite-schema.js';

/** Creating, checking, dropping and closing a SQLite store; shards and replicas do not apply. */
export class SqliteOperations implements Omit<StoreOperations, 'backend'> {
  readonly #c: SqliteContext;
  readonly #indexes: SqliteLedgerIndexes;

  constructor(
    context: SqliteContext,
    indexes: SqliteLedgerIndexes,
    options: { cacheKiB?: number; walCheckpointPages?: number } = {},
  ) {
    this.#c = context;
    this.#indexes = indexes;
    // WAL with `synchronous=NORMAL` keeps commits durable against process crashes and cheap (no
    // fsync per commit).
    const db = context.db;
    context.guard(() => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma(`wal_autocheckpoint = ${options.walCheckpointPages ?? sqliteWalCheckpointPages}`);
      // Another process writing the same file makes a writer wait this long before SQLITE_BUSY.
      db.pragma('busy_timeout = 5000');
      if (options.cacheKiB !== undefined)
        db.pragma(`cache_size = -${Math.max(1, Math.floor(options.cacheKiB))}`);
    });
  }

  init(): Promise<{ created: boolean }> {
    const c = this.#c;
    return c.run(() =>
      c.write(() => {
        const created = !this.#exists();
        if (!created) this.#checkVersion();
        c.db.exec(sqliteSchema);
        // An index new to an existing store is filled from its valid blocks, once.
        this.#indexes.createAll(!created);
        c.sql(`INSERT INTO store_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT DO NOTHING`).run(
          String(schemaVersion),
        );
        return { created };
      }),
    );
  }

  exists(): Promise<boolean> {
    return this.#c.run(() => this.#exists());
  }

  drop(): Promise<void> {
    const c = this.#c;
    return c.run(() => {
      c.forgetStatements();
      c.write(() => {
        this.#indexes.dropAll();
        for (const table of [...storeTables].reverse()) c.db.exec(`DROP TABLE IF EXISTS ${table}`);
      });
    });
  }

  close(): Promise<void> {
    return this.#c.run(() => {
      this.#c.forgetStatements();
      this.#c.db.close();
    });
  }

  setShards(n: number): Promise<string> {
    return Promise.resolve(
      `Nothing done: SQLite keeps the whole store in one file on one machine, so there is nothing to ` +
        `spread over ${n} shard(s). Use the PostgreSQL backend for hash-partitioned tables.`,
    );
  }

  setReplicas(n: number): Promise<string> {
    return Promise.resolve(
      `Nothing done: the SQLite store is a single local file with no replication, so it cannot keep ` +
        `${n} copies. Copy it with a file-level backup, or use PostgreSQL with streaming replication.`,
    );
  }

  #exists(): boolean {
    return this.#c.tableExists('blocks');
  }

  #checkVersion(): void {
    const row = this.#c.db.prepare(`SELECT value FROM store_meta WHERE key = 'schema_version'`).get() as
      { value: string } | undefined;
    if (row !== undefined && row.value !== String(schemaVersion))
      throw new StoreError(
        'incompatible',
        `the SQLite file holds schema version ${row.value}; this node speaks version ${schemaVersion}`,
      );
  }
}
