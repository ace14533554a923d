import assert from 'node:assert/strict';
import type { SignedTransaction } from '@bigchaindb-ts/core';
import { planBlock, spendsOf } from '../block-plan.js';
import { blockPositionsMax } from '../constants.js';
import {
  ConflictError,
  StoreError,
  type ClaimConflict,
  type SpendConflict,
  type TxConflict,
} from '../errors.js';
import type { ChainWrites } from '../facets/chain-store.js';
import { planClaims } from '../indexes/claims.js';
import type { IndexedBlock } from '../indexes/ledger-index.js';
import { blockPosRange, ledgerPos } from '../ledger-position.js';
import type {
  Block,
  Decision,
  Rejection,
  RejectOutcome,
  TxStatusName,
  Vote,
  VoteWriteOutcome,
  WriteBlockOptions,
  WriteBlockResult,
} from '../types.js';
import { dedupe, int, type Int, type PostgresContext, type Query } from './postgres-context.js';
import type { PostgresLedgerIndexes } from './postgres-ledger-indexes.js';

/**
 * The chain's atomic writes on PostgreSQL: each is one BEGIN … COMMIT on one pooled connection,
 * about ten round trips per block whatever the number of transactions. `writeBlock` holds
 * `LOCK TABLE blocks IN EXCLUSIVE MODE` for its transaction: block writers (from every node of a
 * federation sharing the database) queue, so heights have no gaps and a block committed later
 * never has a lower height than one already read; readers are not blocked.
 */
export class PostgresChainWrites implements ChainWrites {
  readonly #c: PostgresContext;
  readonly #indexes: PostgresLedgerIndexes;

  constructor(context: PostgresContext, indexes: PostgresLedgerIndexes) {
    this.#c = context;
    this.#indexes = indexes;
  }

  async writeBlock(block: Block, options: WriteBlockOptions = {}): Promise<WriteBlockResult> {
    const plan = planBlock(block);
    return this.#c.transaction(async (q): Promise<WriteBlockResult> => {
      await q(`LOCK TABLE blocks IN EXCLUSIVE MODE`);
      const [head] = await q<{ existing: Int | null; next: Int }>(
        `SELECT (SELECT height FROM blocks WHERE id = $1) AS existing,
                (SELECT COALESCE(MAX(height), -1) + 1 FROM blocks) AS next`,
        [plan.blockId],
      );
      assert.ok(head !== undefined);
      if (head.existing !== null) return { height: int(head.existing), created: false };
      const height = int(head.next);
      if (options.onlyFirst === true && height > 0) return { height: 0, created: false };
      const now = this.#c.clock.nowMs();

      // Claims: a transaction is live in one block at most (its tx_status row), an output is spent
      // once among live blocks (the live_spends key), and so is each unique key of a ledger index
      // (live_claims). Rows are claimed in key order so concurrent writers lock them in the same
      // order. Every collision is collected before failing, so the block maker learns all its
      // losers in one round.
      const txIds = plan.txs.map((t) => t.id);
      // A block decided as it is written claims its transactions as `valid` at once.
      const claimed = await q<{ tx_id: string }>(
        `INSERT INTO tx_status (tx_id, status, pos, reason_code, reason, updated_at_ms)
         SELECT u.id, $4, u.pos, NULL, NULL, $3 FROM unnest($1::text[], $2::bigint[]) AS u(id, pos)
         ORDER BY u.id
         ON CONFLICT (tx_id) DO UPDATE SET status = excluded.status, pos = excluded.pos, reason_code = NULL,
           reason = NULL, updated_at_ms = excluded.updated_at_ms
         WHERE tx_status.status NOT IN ('undecided', 'valid')
         RETURNING tx_id`,
        [
          txIds,
          plan.txs.map((t) => ledgerPos(height, t.position)),
          now,
          options.decideWith === undefined ? 'undecided' : 'valid',
        ],
      );
      const txConflicts: TxConflict[] = [...plan.txConflicts];
      if (claimed.length < txIds.length) {
        const won = new Set(claimed.map((r) => r.tx_id));
        const holders = await q<{ tx_id: string; block_id: string }>(
          `SELECT s.tx_id, b.id AS block_id FROM tx_status s JOIN blocks b ON b.height = s.pos / ${blockPositionsMax}
           WHERE s.tx_id = ANY($1::text[])`,
          [txIds.filter((id) => !won.has(id))],
        );
        for (const h of holders) txConflicts.push({ txId: h.tx_id, blockId: h.block_id });
      }
      const spendConflicts: SpendConflict[] = [...plan.spendConflicts];
      if (plan.spends.length > 0) {
        const claimedSpends = await q<{ tx_id: string; output_index: number }>(
          `INSERT INTO live_spends (tx_id, output_index, spender, height)
           SELECT u.t, u.i, u.s, $4 FROM unnest($1::text[], $2::int[], $3::text[]) AS u(t, i, s) ORDER BY u.t, u.i
           ON CONFLICT DO NOTHING
           RETURNING tx_id, output_index`,
          [
            plan.spends.map((s) => s.txId),
            plan.spends.map((s) => s.outputIndex),
            plan.spends.map((s) => s.spender),
            height,
          ],
        );
        if (claimedSpends.length < plan.spends.length) {
          const won = new Set(claimedSpends.map((r) => `${r.tx_id}:${r.output_index}`));
          const lost = plan.spends.filter((s) => !won.has(`${s.txId}:${s.outputIndex}`));
          const holders = await q<{ tx_id: string; output_index: number; spender: string; block_id: string }>(
            `SELECT l.tx_id, l.output_index, l.spender, b.id AS block_id
             FROM unnest($1::text[], $2::int[]) AS u(t, i)
               JOIN live_spends l ON l.tx_id = u.t AND l.output_index = u.i
               JOIN blocks b ON b.height = l.height`,
            [lost.map((s) => s.txId), lost.map((s) => s.outputIndex)],
          );
          const byOutput = new Map(holders.map((h) => [`${h.tx_id}:${h.output_index}`, h]));
          for (const s of lost) {
            const h = byOutput.get(`${s.txId}:${s.outputIndex}`);
            assert.ok(h !== undefined, 'a refused spend has a holder');
            spendConflicts.push({
              output: { transaction_id: s.txId, output_index: s.outputIndex },
              txId: s.spender,
              spentBy: h.spender,
              blockId: h.block_id,
            });
          }
        }
      }
      // Only a store with an index that claims keys does this work.
      const claimConflicts: ClaimConflict[] = [];
      if (this.#c.indexes.claiming.length > 0) {
        const planned = planClaims(this.#c.indexes.claiming, plan.txs, plan.blockId);
        claimConflicts.push(...planned.conflicts, ...(await this.#indexes.claim(q, planned.claims, height)));
      }
      // Throwing makes the transaction helper roll everything above back.
      if (txConflicts.length > 0 || spendConflicts.length > 0 || claimConflicts.length > 0)
        throw new ConflictError(txConflicts, spendConflicts, claimConflicts);

      await q(
        `INSERT INTO blocks (height, id, node_pubkey, timestamp, tx_count, shell) VALUES ($1, $2, $3, $4, $5, $6)`,
        [height, plan.blockId, plan.nodePubkey, plan.timestamp, plan.txs.length, plan.shell],
      );
      if (plan.txs.length > 0) {
        await q(
          `INSERT INTO transactions (pos, height, tx_id, operation, asset_id, tx)
           SELECT u.pos, $1, u.id, u.op, u.asset, u.tx
           FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(pos, id, op, asset, tx)`,
          [
            height,
            plan.txs.map((t) => ledgerPos(height, t.position)),
            txIds,
            plan.txs.map((t) => t.operation),
            plan.txs.map((t) => t.assetId),
            plan.txs.map((t) => t.json),
          ],
        );
        await q(`DELETE FROM backlog WHERE tx_id = ANY($1::text[])`, [txIds]);
      }
      // Votes can arrive before their block in a federation; they learn its height now.
      await q(`UPDATE votes SET height = $1 WHERE block_id = $2 AND height IS NULL`, [height, plan.blockId]);
      const vote = options.decideWith;
      if (vote !== undefined) {
        // A federation of one: its own vote is the quorum, so the block is decided in the same
        // transaction (no second and third commit, no re-read of the block).
        await q(`INSERT INTO votes (block_id, node_pubkey, height, vote) VALUES ($1, $2, $3, $4)`, [
          vote.vote.voting_for_block,
          vote.node_pubkey,
          height,
          JSON.stringify(vote),
        ]);
        await q(`INSERT INTO block_status (height, status, decided_at_ms) VALUES ($1, 'valid', $2)`, [
          height,
          now,
        ]);
        await this.#settleValid(
          q,
          plan.txs.map((t) => ({ pos: ledgerPos(height, t.position), tx: t.tx })),
          { id: plan.blockId, height },
          now,
          true,
        );
      }
      return { height, created: true };
    });
  }

  async decideBlock(
    blockId: string,
    valid: boolean,
    options: { requeueTo?: string } = {},
  ): Promise<Decision> {
    return this.#c.transaction(async (q): Promise<Decision> => {
      const [block] = await q<{ height: Int; node_pubkey: string; tx_count: number }>(
        `SELECT height, node_pubkey, tx_count FROM blocks WHERE id = $1`,
        [blockId],
      );
      if (block === undefined) throw new StoreError('not_found', `no block ${blockId} to decide`);
      const height = int(block.height);
      const now = this.#c.clock.nowMs();
      const status = valid ? 'valid' : 'invalid';
      // A concurrent decision of the same block (another node's election) waits here, then finds the row.
      const recorded = await q(
        `INSERT INTO block_status (height, status, decided_at_ms) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING height`,
        [height, status, now],
      );
      if (recorded.length === 0) {
        const [prior] = await q<{ status: 'valid' | 'invalid' }>(
          `SELECT status FROM block_status WHERE height = $1`,
          [height],
        );
        assert.ok(prior !== undefined);
        return { status: prior.status, changed: false, requeued: 0 };
      }
      const { from, to } = blockPosRange(height);
      const rows = await q<{ pos: Int; tx: string }>(
        `SELECT pos, tx FROM transactions WHERE pos >= $1 AND pos < $2 ORDER BY pos`,
        [from, to],
      );
      assert.equal(rows.length, block.tx_count, `block ${height} lost transaction rows`);
      const txs = rows.map((r) => ({
        pos: int(r.pos),
        json: r.tx,
        tx: JSON.parse(r.tx) as SignedTransaction,
      }));
      const ids = txs.map((t) => t.tx.id);
      const positions = txs.map((t) => t.pos);
      if (valid) {
        await this.#settleValid(q, txs, { id: blockId, height }, now);
        return { status, changed: true, requeued: 0 };
      }
      const released = await q(
        `UPDATE tx_status s SET status = 'backlog', pos = NULL, updated_at_ms = $3
         FROM unnest($1::text[], $2::bigint[]) AS u(id, pos)
         WHERE s.tx_id = u.id AND s.pos = u.pos AND s.status = 'undecided'
         RETURNING s.tx_id`,
        [ids, positions, now],
      );
      assert.equal(released.length, txs.length, `block ${blockId}: a transaction lost its claim`);
      const spends = txs.flatMap((t) => spendsOf(t.tx));
      await q(
        `DELETE FROM live_spends l USING unnest($1::text[], $2::int[], $3::text[]) AS u(t, i, s)
         WHERE l.tx_id = u.t AND l.output_index = u.i AND l.spender = u.s`,
        [spends.map((s) => s.txId), spends.map((s) => s.outputIndex), spends.map((s) => s.spender)],
      );
      await this.#indexes.release(q, height);
      await q(
        `INSERT INTO backlog (tx_id, assignee, assigned_at_ms, received_at_ms, tx)
         SELECT u.id, $3, $4, $4, u.tx FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(id, tx, n)
         ORDER BY u.n
         ON CONFLICT DO NOTHING`,
        [ids, txs.map((t) => t.json), options.requeueTo ?? block.node_pubkey, now],
      );
      return { status, changed: true, requeued: txs.length };
    });
  }

  /** A valid decision's effects on a block's transactions (the caller records the block's status): statuses and ledger indexes. */
  async #settleValid(
    q: Query,
    txs: readonly { pos: number; tx: SignedTransaction }[],
    block: IndexedBlock,
    now: number,
    claimedValid = false,
  ): Promise<void> {
    if (!claimedValid) {
      const settled = await q(
        `UPDATE tx_status s SET status = 'valid', updated_at_ms = $3
         FROM unnest($1::text[], $2::bigint[]) AS u(id, pos) WHERE s.tx_id = u.id AND s.pos = u.pos
         RETURNING s.tx_id`,
        [txs.map((t) => t.tx.id), txs.map((t) => t.pos), now],
      );
      assert.equal(settled.length, txs.length, `block ${block.id}: a transaction lost its claim`);
    }
    await this.#indexes.feed(q, txs, block);
  }

  async rejectTransactions(rejections: readonly Rejection[]): Promise<RejectOutcome[]> {
    // One statement cannot upsert a row twice, so a repeated id keeps its last reason, as
    // applying the rejections one by one would.
    const last = new Map(rejections.map((r) => [r.txId, r]));
    if (last.size === 0) return [];
    const unique = [...last.values()];
    const outcome = await this.#c.transaction(async (q) => {
      const marked = await q<{ tx_id: string }>(
        `INSERT INTO tx_status (tx_id, status, pos, reason_code, reason, updated_at_ms)
         SELECT u.id, 'invalid', NULL, u.code, u.reason, $4
         FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, code, reason) ORDER BY u.id
         ON CONFLICT (tx_id) DO UPDATE SET status = 'invalid', pos = NULL, reason_code = excluded.reason_code,
           reason = excluded.reason, updated_at_ms = excluded.updated_at_ms
         WHERE tx_status.status IN ('backlog', 'invalid')
         RETURNING tx_id`,
        [
          unique.map((r) => r.txId),
          unique.map((r) => r.code),
          unique.map((r) => r.reason),
          this.#c.clock.nowMs(),
        ],
      );
      const rejected = new Set(marked.map((r) => r.tx_id));
      await q(`DELETE FROM backlog WHERE tx_id = ANY($1::text[])`, [[...rejected]]);
      const statuses = new Map(
        (
          await q<{ tx_id: string; status: TxStatusName }>(
            `SELECT tx_id, status FROM tx_status WHERE tx_id = ANY($1::text[])`,
            [unique.map((r) => r.txId).filter((id) => !rejected.has(id))],
          )
        ).map((r) => [r.tx_id, r.status]),
      );
      return { rejected, statuses };
    });
    return rejections.map(({ txId }): RejectOutcome => {
      if (outcome.rejected.has(txId)) return { txId, rejected: true, status: 'invalid' };
      const status = outcome.statuses.get(txId);
      assert.ok(status !== undefined, `transaction ${txId} was neither rejected nor found`);
      return { txId, rejected: false, status };
    });
  }

  async writeVotes(votes: readonly Vote[]): Promise<VoteWriteOutcome[]> {
    const keyOf = (v: Vote): string => `${v.vote.voting_for_block} ${v.node_pubkey}`;
    const { unique, firstIndex } = dedupe(votes, keyOf);
    if (unique.length === 0) return [];
    const written = await this.#c.query<{ block_id: string; node_pubkey: string }>(
      `INSERT INTO votes (block_id, node_pubkey, height, vote)
       SELECT u.b, u.n, bl.height, u.v
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(b, n, v, o)
         LEFT JOIN blocks bl ON bl.id = u.b
       ORDER BY u.o
       ON CONFLICT DO NOTHING
       RETURNING block_id, node_pubkey`,
      [
        unique.map((v) => v.vote.voting_for_block),
        unique.map((v) => v.node_pubkey),
        unique.map((v) => JSON.stringify(v)),
      ],
    );
    const done = new Set(written.map((r) => `${r.block_id} ${r.node_pubkey}`));
    return votes.map((v, i) => ({
      blockId: v.vote.voting_for_block,
      nodePubkey: v.node_pubkey,
      written: firstIndex.get(keyOf(v)) === i && done.has(keyOf(v)),
    }));
  }
}
