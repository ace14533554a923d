import assert from 'node:assert/strict';
import { blockPageSizeMax } from '../constants.js';
import { checkLimit } from '../cursor.js';
import type { BackupStore, ChainExportPage, ChainExportResult } from '../facets/backup-store.js';
import { StoreError } from '../errors.js';
import type { PostgresClient, PostgresPool } from './postgres-client.js';
import { PostgresChainReads } from './postgres-chain-reads.js';
import { int, PostgresContext, type Int } from './postgres-context.js';
import { translatePgError } from './postgres-errors.js';

/**
 * Backups on PostgreSQL: one pooled connection holds a REPEATABLE READ READ ONLY transaction for
 * the whole export, so every page comes from the snapshot its first statement took, and the chain
 * reads run unchanged over that one connection.
 */
export class PostgresBackup implements BackupStore {
  readonly #c: PostgresContext;

  constructor(context: PostgresContext) {
    this.#c = context;
  }

  async exportChain(
    afterHeight: number,
    onPage: (page: ChainExportPage) => Promise<void>,
    options: { readonly pageSize?: number } = {},
  ): Promise<ChainExportResult> {
    const pageSize = options.pageSize ?? blockPageSizeMax;
    checkLimit(pageSize, blockPageSizeMax);
    let client: PostgresClient;
    try {
      client = await this.#c.pool.connect();
    } catch (err) {
      throw translatePgError(err);
    }
    let broken = false;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const reads = new PostgresChainReads(
        new PostgresContext(onOneClient(client), this.#c.clock, this.#c.indexes),
      );
      const undecided = await reads.firstUndecidedHeight();
      const latest = await reads.latestHeight();
      const toHeight = undecided === null ? latest : undecided - 1;
      let last = afterHeight;
      while (toHeight !== null && last < toHeight) {
        // As text: a dump copies each block's stored JSON rather than parsing and re-serialising it.
        const blocks = (await reads.exportBlocksAfter(last, pageSize)).filter((b) => b.height <= toHeight);
        assert.ok(blocks.length > 0, `no block above height ${last} in a snapshot ending at ${toHeight}`);
        const votes = await reads.getVotes(blocks.map((b) => b.id));
        const rows = (
          await client.query<{ height: Int; t: Int }>(
            `SELECT height, decided_at_ms AS t FROM block_status WHERE height = ANY($1::bigint[])`,
            [blocks.map((b) => b.height)],
          )
        ).rows;
        const byHeight = new Map(rows.map((r) => [int(r.height), int(r.t)]));
        const decidedAtMs = blocks.map((b) => {
          const t = byHeight.get(b.height);
          assert.ok(t !== undefined, `block ${b.height} of the decided prefix has no decision`);
          return t;
        });
        await onPage({ blocks, votes, decidedAtMs });
        last = blocks[blocks.length - 1]!.height;
      }
      await client.query('COMMIT');
      return { toHeight: toHeight !== null && toHeight > afterHeight ? toHeight : null };
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw err instanceof StoreError ? err : translatePgError(err);
    } finally {
      client.release(broken);
    }
  }
}

/** A pool of the one connection holding the snapshot: every query of the reads runs in it. */
function onOneClient(client: PostgresClient): PostgresPool {
  return {
    connect: () => Promise.reject(new Error('the export runs on one connection')),
    query: (sql, parameters) => client.query(sql, parameters),
    end: () => Promise.resolve(),
  };
}
