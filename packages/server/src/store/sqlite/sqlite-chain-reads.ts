import { createHash } from 'node:crypto';
import { blockPageSizeMax, digestPageSizeMax } from '../constants.js';
import { checkLimit } from '../cursor.js';
import type { ChainReads } from '../facets/chain-store.js';
import { blockPosRange } from '../ledger-position.js';
import { blockColumns, firstUndecidedHeightSql, latestHeightSql } from '../sql/ledger-sql.js';
import { exportedBlockOf, storedBlockOf, type BlockRow } from '../sql/rows.js';
import type { ExportedBlock } from '../facets/backup-store.js';
import type { BlockDigest, BlockStatus, StoredBlock, Vote } from '../types.js';
import { idKey, idOf } from '../id-key.js';
import { sqliteDecoder, type SqliteContext } from './sqlite-context.js';

/** Blocks, votes and their fingerprints on SQLite: a point lookup per id inside one read transaction. */
export class SqliteChainReads implements ChainReads {
  readonly #c: SqliteContext;

  constructor(context: SqliteContext) {
    this.#c = context;
  }

  getBlocksByHeight(heights: readonly number[]): Promise<(StoredBlock | null)[]> {
    const c = this.#c;
    return c.run(() =>
      c.read(() => {
        const get = c.sql(`SELECT ${blockColumns} WHERE b.height = ?`);
        return heights.map((h) => this.#storedBlock(get.get(h) as BlockRow | undefined));
      }),
    );
  }

  getBlocksById(blockIds: readonly string[]): Promise<(StoredBlock | null)[]> {
    const c = this.#c;
    return c.run(() =>
      c.read(() => {
        const get = c.sql(`SELECT ${blockColumns} WHERE b.id = ?`);
        return blockIds.map((id) => this.#storedBlock(get.get(idKey(id)) as BlockRow | undefined));
      }),
    );
  }

  getBlocksAfter(height: number, limit: number): Promise<StoredBlock[]> {
    const c = this.#c;
    return c.run(() =>
      c.read(() => {
        checkLimit(limit, blockPageSizeMax);
        const rows = c
          .sql(`SELECT ${blockColumns} WHERE b.height > ? ORDER BY b.height LIMIT ?`)
          .all(height, limit) as BlockRow[];
        return rows.map((r) => this.#storedBlockOf(r));
      }),
    );
  }

  /** `getBlocksAfter` as text, for `exportChain`: the stored JSON is joined, not parsed. */
  exportBlocksAfter(height: number, limit: number): Promise<ExportedBlock[]> {
    const c = this.#c;
    return c.run(() =>
      c.read(() => {
        checkLimit(limit, blockPageSizeMax);
        const rows = c
          .sql(`SELECT ${blockColumns} WHERE b.height > ? ORDER BY b.height LIMIT ?`)
          .all(height, limit) as BlockRow[];
        return rows.map((r) => {
          const txs = c.blockTxJson(r.height as number, r.tx_count).map((t) => t.tx);
          return exportedBlockOf(r, txs, sqliteDecoder);
        });
      }),
    );
  }

  getBlocksContaining(txId: string): Promise<StoredBlock[]> {
    const c = this.#c;
    return c.run(() =>
      c.read(() => {
        const rows = c
          .sql(
            `SELECT ${blockColumns} WHERE b.height IN (SELECT height FROM transactions WHERE tx_id = ?)
             ORDER BY b.height`,
          )
          .all(idKey(txId)) as BlockRow[];
        return rows.map((r) => this.#storedBlockOf(r));
      }),
    );
  }

  getVotes(blockIds: readonly string[]): Promise<Vote[][]> {
    const c = this.#c;
    return c.run(() =>
      c.read(() => {
        const all = c.sql(`SELECT vote FROM votes WHERE block_id = ? ORDER BY rowid`);
        return blockIds.map((id) =>
          (all.all(idKey(id)) as { vote: string }[]).map((r) => JSON.parse(r.vote) as Vote),
        );
      }),
    );
  }

  getUnvotedBlocks(
    nodePubkey: string,
    options: { afterHeight?: number; limit: number },
  ): Promise<StoredBlock[]> {
    const c = this.#c;
    return c.run(() =>
      c.read(() => {
        checkLimit(options.limit, blockPageSizeMax);
        const rows = c
          .sql(
            `SELECT ${blockColumns}
             WHERE b.height > ? AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.block_id = b.id AND v.node_pubkey = ?)
             ORDER BY b.height LIMIT ?`,
          )
          .all(options.afterHeight ?? -1, nodePubkey, options.limit) as BlockRow[];
        return rows.map((r) => this.#storedBlockOf(r));
      }),
    );
  }

  getVoteHeights(nodePubkeys: readonly string[]): Promise<(number | null)[]> {
    const c = this.#c;
    return c.run(() =>
      c.read(() => {
        const get = c.sql(`SELECT MAX(height) AS h FROM votes WHERE node_pubkey = ?`);
        return nodePubkeys.map((k) => (get.get(k) as { h: number | null }).h);
      }),
    );
  }

  getLastVotedBlock(nodePubkey: string): Promise<StoredBlock | null> {
    const c = this.#c;
    return c.run(() =>
      c.read(() => {
        const { h } = c.sql(`SELECT MAX(height) AS h FROM votes WHERE node_pubkey = ?`).get(nodePubkey) as {
          h: number | null;
        };
        if (h === null) return null;
        return this.#storedBlock(c.sql(`SELECT ${blockColumns} WHERE b.height = ?`).get(h) as BlockRow);
      }),
    );
  }

  latestHeight(): Promise<number | null> {
    return this.#c.run(() => (this.#c.sql(latestHeightSql).get() as { h: number | null }).h);
  }

  firstUndecidedHeight(): Promise<number | null> {
    return this.#c.run(() => (this.#c.sql(firstUndecidedHeightSql).get() as { h: number | null }).h);
  }

  getBlockDigests(afterHeight: number, limit: number): Promise<BlockDigest[]> {
    const c = this.#c;
    return c.run(() =>
      c.read(() => {
        checkLimit(limit, digestPageSizeMax);
        const rows = c
          .sql(
            `SELECT b.height, b.id, b.node_pubkey, b.timestamp, b.tx_count, b.shell, bs.status
             FROM blocks b LEFT JOIN block_status bs ON bs.height = b.height
             WHERE b.height > ? ORDER BY b.height LIMIT ?`,
          )
          .all(afterHeight, limit) as (BlockRow & {
          height: number;
          id: unknown;
          node_pubkey: string;
          timestamp: string;
        })[];
        const txs = c.sql(`SELECT tx FROM transactions WHERE pos >= ? AND pos < ? ORDER BY pos`);
        const votes = c.sql(`SELECT node_pubkey, vote FROM votes WHERE block_id = ? ORDER BY rowid`);
        return rows.map((r): BlockDigest => {
          const { from, to } = blockPosRange(r.height);
          const texts = (txs.all(from, to) as { tx: string }[]).map((t) => t.tx);
          const voteRows = (votes.all(r.id) as { node_pubkey: string; vote: string }[]).sort((a, b) =>
            a.node_pubkey < b.node_pubkey ? -1 : a.node_pubkey > b.node_pubkey ? 1 : 0,
          );
          const status: BlockStatus = r.status ?? 'undecided';
          // The same text the PostgreSQL store hashes; absent parts are skipped, as concat_ws does.
          const parts = [
            idOf(r.id),
            r.node_pubkey,
            r.timestamp,
            String(r.tx_count),
            r.shell,
            status,
            texts.length > 0 ? texts.join('\n') : null,
            voteRows.length > 0 ? voteRows.map((v) => `${v.node_pubkey} ${v.vote}`).join('\n') : null,
          ].filter((p): p is string => p !== null);
          return {
            height: r.height,
            blockId: idOf(r.id),
            status,
            digest: createHash('sha256').update(parts.join('\n'), 'utf8').digest('hex'),
            voteCount: voteRows.length,
          };
        });
      }),
    );
  }

  #storedBlock(row: BlockRow | undefined): StoredBlock | null {
    return row === undefined ? null : this.#storedBlockOf(row);
  }

  #storedBlockOf(row: BlockRow): StoredBlock {
    const height = row.height as number;
    const txs = this.#c.blockTxJson(height, row.tx_count).map((r) => r.tx);
    return storedBlockOf(row, txs, sqliteDecoder);
  }
}
