import assert from 'node:assert/strict';
import { blockPageSizeMax } from '../constants.js';
import { checkLimit } from '../cursor.js';
import type { BackupStore, ChainExportPage, ChainExportResult } from '../facets/backup-store.js';
import { firstUndecidedHeightSql, latestHeightSql } from '../sql/ledger-sql.js';
import type { SqliteDatabase } from './sqlite-client.js';
import { SqliteChainReads } from './sqlite-chain-reads.js';
import { SqliteContext } from './sqlite-context.js';

/** What better-sqlite3 tells of the file a connection is on. */
interface NamedDatabase {
  readonly name?: unknown;
  readonly memory?: unknown;
}

/**
 * Backups on SQLite. A file is read through a second, read-only connection holding one read
 * transaction: in WAL mode it sees the file as of its first read while the writer goes on, and the
 * store's own connection stays free for the node. An in-memory database has no second connection,
 * so its export runs on the store's connection (nothing else can write to it from outside).
 */
export class SqliteBackup implements BackupStore {
  readonly #c: SqliteContext;

  constructor(context: SqliteContext) {
    this.#c = context;
  }

  async exportChain(
    afterHeight: number,
    onPage: (page: ChainExportPage) => Promise<void>,
    options: { readonly pageSize?: number } = {},
  ): Promise<ChainExportResult> {
    const pageSize = options.pageSize ?? blockPageSizeMax;
    checkLimit(pageSize, blockPageSizeMax);
    const own = this.#c.db as SqliteDatabase & NamedDatabase;
    const path = typeof own.name === 'string' && own.memory !== true ? own.name : null;
    let db: SqliteDatabase = own;
    if (path !== null) {
      const { default: Database } = await import('better-sqlite3');
      db = new Database(path, { readonly: true, fileMustExist: true });
    }
    const context = new SqliteContext(db, this.#c.clock, this.#c.indexes);
    const reads = new SqliteChainReads(context);
    try {
      db.exec('BEGIN DEFERRED');
      // The snapshot starts at the first read: both bounds and every page come from it.
      const { toHeight } = context.guard(() => {
        const undecided = (db.prepare(firstUndecidedHeightSql).get() as { h: number | null }).h;
        const latest = (db.prepare(latestHeightSql).get() as { h: number | null }).h;
        return { toHeight: undecided === null ? latest : undecided - 1 };
      });
      let last = afterHeight;
      while (toHeight !== null && last < toHeight) {
        // As text: a dump copies each block's stored JSON rather than parsing and re-serialising it.
        const blocks = (await reads.exportBlocksAfter(last, pageSize)).filter((b) => b.height <= toHeight);
        assert.ok(blocks.length > 0, `no block above height ${last} in a snapshot ending at ${toHeight}`);
        const votes = await reads.getVotes(blocks.map((b) => b.id));
        const decided = context.sql(`SELECT decided_at_ms AS t FROM block_status WHERE height = ?`);
        const decidedAtMs = blocks.map((b) => {
          const row = decided.get(b.height) as { t: number } | undefined;
          assert.ok(row !== undefined, `block ${b.height} of the decided prefix has no decision`);
          return row.t;
        });
        await onPage({ blocks, votes, decidedAtMs });
        last = blocks[blocks.length - 1]!.height;
      }
      return { toHeight: toHeight !== null && toHeight > afterHeight ? toHeight : null };
    } finally {
      try {
        db.exec('COMMIT');
      } finally {
        context.forgetStatements();
        if (db !== own) db.close();
      }
    }
  }
}
