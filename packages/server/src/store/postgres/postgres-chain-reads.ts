import { blockPageSizeMax, blockPositionsMax, digestPageSizeMax } from '../constants.js';
import { checkLimit } from '../cursor.js';
import type { ChainReads } from '../facets/chain-store.js';
import { heightOfPos } from '../ledger-position.js';
import { blockColumns, firstUndecidedHeightSql, latestHeightSql } from '../sql/ledger-sql.js';
import type { ExportedBlock } from '../facets/backup-store.js';
import { exportedBlockOf, storedBlockOf, type BlockRow } from '../sql/rows.js';
import type { BlockDigest, StoredBlock, Vote } from '../types.js';
import { int, postgresDecoder, type Int, type PostgresContext } from './postgres-context.js';

/** Blocks, votes and their fingerprints on PostgreSQL: one statement per batch, plus one for the blocks' transactions. */
export class PostgresChainReads implements ChainReads {
  readonly #c: PostgresContext;

  constructor(context: PostgresContext) {
    this.#c = context;
  }

  async getBlocksByHeight(heights: readonly number[]): Promise<(StoredBlock | null)[]> {
    if (heights.length === 0) return [];
    const rows = await this.#c.query<BlockRow>(`SELECT ${blockColumns} WHERE b.height = ANY($1::bigint[])`, [
      [...heights],
    ]);
    const byHeight = new Map((await this.#storedBlocks(rows)).map((b) => [b.height, b]));
    return heights.map((h) => byHeight.get(h) ?? null);
  }

  async getBlocksById(blockIds: readonly string[]): Promise<(StoredBlock | null)[]> {
    if (blockIds.length === 0) return [];
    const rows = await this.#c.query<BlockRow>(`SELECT ${blockColumns} WHERE b.id = ANY($1::text[])`, [
      [...blockIds],
    ]);
    const byId = new Map((await this.#storedBlocks(rows)).map((b) => [b.block.id, b]));
    return blockIds.map((id) => byId.get(id) ?? null);
  }

  async getBlocksAfter(height: number, limit: number): Promise<StoredBlock[]> {
    checkLimit(limit, blockPageSizeMax);
    const rows = await this.#c.query<BlockRow>(
      `SELECT ${blockColumns} WHERE b.height > $1 ORDER BY b.height LIMIT $2`,
      [height, limit],
    );
    return this.#storedBlocks(rows);
  }

  /** `getBlocksAfter` as text, for `exportChain`: the stored JSON is joined, not parsed. */
  async exportBlocksAfter(height: number, limit: number): Promise<ExportedBlock[]> {
    checkLimit(limit, blockPageSizeMax);
    const rows = await this.#c.query<BlockRow>(
      `SELECT ${blockColumns} WHERE b.height > $1 ORDER BY b.height LIMIT $2`,
      [height, limit],
    );
    const heights = rows.map((r) => int(r.height));
    const txs = await this.#txJsonsOf(heights);
    return rows.map((r, i) => exportedBlockOf(r, txs.get(heights[i] ?? -1) ?? [], postgresDecoder));
  }

  async getBlocksContaining(txId: string): Promise<StoredBlock[]> {
    const rows = await this.#c.query<BlockRow>(
      `SELECT ${blockColumns} WHERE b.height IN (SELECT height FROM transactions WHERE tx_id = $1) ORDER BY b.height`,
      [txId],
    );
    return this.#storedBlocks(rows);
  }

  async getVotes(blockIds: readonly string[]): Promise<Vote[][]> {
    if (blockIds.length === 0) return [];
    const rows = await this.#c.query<{ block_id: string; vote: string }>(
      `SELECT block_id, vote FROM votes WHERE block_id = ANY($1::text[]) ORDER BY seq`,
      [[...blockIds]],
    );
    const byBlock = new Map<string, Vote[]>();
    for (const r of rows) {
      const list = byBlock.get(r.block_id) ?? [];
      list.push(JSON.parse(r.vote) as Vote);
      byBlock.set(r.block_id, list);
    }
    return blockIds.map((id) => [...(byBlock.get(id) ?? [])]);
  }

  async getUnvotedBlocks(
    nodePubkey: string,
    options: { afterHeight?: number; limit: number },
  ): Promise<StoredBlock[]> {
    checkLimit(options.limit, blockPageSizeMax);
    const rows = await this.#c.query<BlockRow>(
      `SELECT ${blockColumns}
       WHERE b.height > $1 AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.block_id = b.id AND v.node_pubkey = $2)
       ORDER BY b.height LIMIT $3`,
      [options.afterHeight ?? -1, nodePubkey, options.limit],
    );
    return this.#storedBlocks(rows);
  }

  async getVoteHeights(nodePubkeys: readonly string[]): Promise<(number | null)[]> {
    if (nodePubkeys.length === 0) return [];
    // One index probe per key (votes_by_node ends in height), not a scan of the node's votes.
    const rows = await this.#c.query<{ key: string; h: Int | null }>(
      `SELECT k.key, (SELECT MAX(v.height) FROM votes v WHERE v.node_pubkey = k.key) AS h
       FROM unnest($1::text[]) AS k(key)`,
      [[...nodePubkeys]],
    );
    const byKey = new Map(rows.map((r) => [r.key, r.h === null ? null : int(r.h)]));
    return nodePubkeys.map((k) => byKey.get(k) ?? null);
  }

  async getLastVotedBlock(nodePubkey: string): Promise<StoredBlock | null> {
    const rows = await this.#c.query<BlockRow>(
      `SELECT ${blockColumns} WHERE b.height = (SELECT MAX(height) FROM votes WHERE node_pubkey = $1)`,
      [nodePubkey],
    );
    return (await this.#storedBlocks(rows))[0] ?? null;
  }

  async latestHeight(): Promise<number | null> {
    const [row] = await this.#c.query<{ h: Int | null }>(latestHeightSql);
    return row?.h === null || row?.h === undefined ? null : int(row.h);
  }

  async firstUndecidedHeight(): Promise<number | null> {
    const [row] = await this.#c.query<{ h: Int | null }>(firstUndecidedHeightSql);
    return row?.h === null || row?.h === undefined ? null : int(row.h);
  }

  async getBlockDigests(afterHeight: number, limit: number): Promise<BlockDigest[]> {
    checkLimit(limit, digestPageSizeMax);
    // Hashed in the database, so a page costs one round trip and no block leaves the server.
    const rows = await this.#c.query<{
      height: Int;
      id: string;
      status: 'valid' | 'invalid' | null;
      digest: string;
      votes: Int;
    }>(
      `SELECT b.height, b.id, bs.status, v.n AS votes,
         encode(sha256(convert_to(concat_ws(E'\n', b.id, b.node_pubkey, b.timestamp, b.tx_count::text, b.shell,
           COALESCE(bs.status, 'undecided'),
           (SELECT string_agg(t.tx, E'\n' ORDER BY t.pos) FROM transactions t
             WHERE t.pos >= b.height * ${blockPositionsMax} AND t.pos < (b.height + 1) * ${blockPositionsMax}),
           v.text), 'UTF8')), 'hex') AS digest
       FROM blocks b LEFT JOIN block_status bs ON bs.height = b.height
         CROSS JOIN LATERAL (SELECT COUNT(*) AS n, string_agg(x.node_pubkey || ' ' || x.vote, E'\n'
                               ORDER BY x.node_pubkey COLLATE "C", x.seq) AS text
                             FROM votes x WHERE x.block_id = b.id) v
       WHERE b.height > $1 ORDER BY b.height LIMIT $2`,
      [afterHeight, limit],
    );
    return rows.map((r) => ({
      height: int(r.height),
      blockId: r.id,
      status: r.status ?? 'undecided',
      digest: r.digest,
      voteCount: int(r.votes),
    }));
  }

  /** Loads the transactions of block rows with one range-join query, and assembles the blocks in row order. */
  async #storedBlocks(rows: readonly BlockRow[]): Promise<StoredBlock[]> {
    if (rows.length === 0) return [];
    const heights = rows.map((r) => int(r.height));
    const byHeight = await this.#txJsonsOf(heights);
    return rows.map((r, i) => storedBlockOf(r, byHeight.get(heights[i] ?? -1) ?? [], postgresDecoder));
  }

  /** The transactions' JSON of the blocks at `heights`, each block's in position order. */
  async #txJsonsOf(heights: readonly number[]): Promise<Map<number, string[]>> {
    const byHeight = new Map<number, string[]>();
    if (heights.length === 0) return byHeight;
    // One index range scan per height, fenced by OFFSET 0: as a plain join on the position range,
    // a list of heights the planner can count made it scan the whole table's index with a join
    // filter, so a page of 100 blocks cost a pass over the ledger (a dump of 1,000,000
    // transactions ran at half the rate of one of 500,000). No outer sort (it spilled to disk).
    const txRows = await this.#c.query<{ pos: Int; tx: string }>(
      `SELECT t.pos, t.tx FROM unnest($1::bigint[]) AS h(height)
         CROSS JOIN LATERAL (
           SELECT pos, tx FROM transactions
           WHERE pos >= h.height * ${blockPositionsMax} AND pos < (h.height + 1) * ${blockPositionsMax}
           ORDER BY pos OFFSET 0
         ) t`,
      [heights],
    );
    const rowsOf = new Map<number, { pos: number; tx: string }[]>();
    for (const r of txRows) {
      const pos = int(r.pos);
      const h = heightOfPos(pos);
      const list = rowsOf.get(h);
      if (list === undefined) rowsOf.set(h, [{ pos, tx: r.tx }]);
      else list.push({ pos, tx: r.tx });
    }
    // Already in order as PostgreSQL runs it (so the sort is one linear pass), but not promised.
    for (const [h, list] of rowsOf)
      byHeight.set(
        h,
        list.sort((x, y) => x.pos - y.pos).map((r) => r.tx),
      );
    return byHeight;
  }
}
