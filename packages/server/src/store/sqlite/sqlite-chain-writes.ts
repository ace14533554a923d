import assert from 'node:assert/strict';
import type { SignedTransaction } from '@bigchaindb-ts/core';
import { planBlock, spendsOf, type BlockPlan } from '../block-plan.js';
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
import { heightOfPos, ledgerPos } from '../ledger-position.js';
import type {
  Block,
  Decision,
  Rejection,
  RejectOutcome,
  Vote,
  VoteWriteOutcome,
  WriteBlockOptions,
  WriteBlockResult,
} from '../types.js';
import { idKey, idOf } from '../id-key.js';
import type { SqliteContext } from './sqlite-context.js';
import type { SqliteLedgerIndexes } from './sqlite-ledger-indexes.js';

/**
 * The chain's atomic writes on SQLite: each is one IMMEDIATE transaction. On a database file the
 * writer thread (`writer-worker.ts`) runs these and `addToBacklog`.
 */
export class SqliteChainWrites implements ChainWrites {
  readonly #c: SqliteContext;
  readonly #indexes: SqliteLedgerIndexes;

  constructor(context: SqliteContext, indexes: SqliteLedgerIndexes) {
    this.#c = context;
    this.#indexes = indexes;
  }

  writeBlock(block: Block, options: WriteBlockOptions = {}): Promise<WriteBlockResult> {
    const c = this.#c;
    return c.run(() => {
      const plan = planBlock(block);
      return c.write((): WriteBlockResult => {
        const written = this.#writeBlockRows(plan, options);
        if (!written.created || options.decideWith === undefined) return written;
        // A federation of one: its own vote is the quorum, so the block is decided as it is
        // written, in the same transaction (no second and third commit, no re-read of the block).
        const now = c.clock.nowMs();
        this.#insertVotes([options.decideWith]);
        c.sql(`INSERT INTO block_status (height, status, decided_at_ms) VALUES (?, 'valid', ?)`).run(
          written.height,
          now,
        );
        this.#settle(
          plan.txs.map((t) => ({ pos: ledgerPos(written.height, t.position), tx: t.tx })),
          { id: plan.blockId, height: written.height },
          now,
          { claimedValid: true },
        );
        return written;
      });
    });
  }

  #writeBlockRows(plan: BlockPlan, options: WriteBlockOptions): WriteBlockResult {
    const c = this.#c;
    const existing = c.sql(`SELECT height FROM blocks WHERE id = ?`).get(idKey(plan.blockId)) as
      { height: number } | undefined;
    if (existing !== undefined) return { height: existing.height, created: false };
    const { h: height } = c.sql(`SELECT COALESCE(MAX(height), -1) + 1 AS h FROM blocks`).get() as {
      h: number;
    };
    if (options.onlyFirst === true && height > 0) return { height: 0, created: false };
    const now = c.clock.nowMs();

    // Claims: a transaction is live in one block at most (its tx_status row), an output is
    // spent once among live blocks (the live_spends key), and so is each unique key of a ledger
    // index (live_claims). Every collision is collected before failing, so the block maker learns
    // all its losers in one round.
    const txConflicts: TxConflict[] = [...plan.txConflicts];
    const spendConflicts: SpendConflict[] = [...plan.spendConflicts];
    // A block decided as it is written claims its transactions as `valid` at once.
    const claimStatus = options.decideWith === undefined ? 'undecided' : 'valid';
    const claimTx = c.sql(
      `INSERT INTO tx_status (tx_id, status, pos, reason_code, reason, updated_at_ms)
       VALUES (?, ?, ?, NULL, NULL, ?)
       ON CONFLICT (tx_id) DO UPDATE SET status = excluded.status, pos = excluded.pos, reason_code = NULL,
         reason = NULL, updated_at_ms = excluded.updated_at_ms
       WHERE tx_status.status NOT IN ('undecided', 'valid')`,
    );
    for (const tx of plan.txs) {
      const key = idKey(tx.id);
      if (claimTx.run(key, claimStatus, ledgerPos(height, tx.position), now).changes === 1) continue;
      const holder = c.sql(`SELECT pos FROM tx_status WHERE tx_id = ?`).get(key) as { pos: number };
      txConflicts.push({ txId: tx.id, blockId: c.blockIdAt(heightOfPos(holder.pos)) });
    }
    const claimSpend = c.sql(
      `INSERT INTO live_spends (tx_id, output_index, spender, height) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    for (const s of plan.spends) {
      const key = idKey(s.txId);
      if (claimSpend.run(key, s.outputIndex, idKey(s.spender), height).changes === 1) continue;
      const holder = c
        .sql(`SELECT spender, height FROM live_spends WHERE tx_id = ? AND output_index = ?`)
        .get(key, s.outputIndex) as { spender: unknown; height: number };
      spendConflicts.push({
        output: { transaction_id: s.txId, output_index: s.outputIndex },
        txId: s.spender,
        spentBy: idOf(holder.spender),
        blockId: c.blockIdAt(holder.height),
      });
    }
    // Only a store with an index that claims keys does this work.
    const claimConflicts: ClaimConflict[] = [];
    if (c.indexes.claiming.length > 0) {
      const planned = planClaims(c.indexes.claiming, plan.txs, plan.blockId);
      claimConflicts.push(...planned.conflicts, ...this.#indexes.claim(planned.claims, height));
    }
    // Throwing inside the transaction function rolls everything above back.
    if (txConflicts.length > 0 || spendConflicts.length > 0 || claimConflicts.length > 0)
      throw new ConflictError(txConflicts, spendConflicts, claimConflicts);

    c.sql(
      `INSERT INTO blocks (height, id, node_pubkey, timestamp, tx_count, shell) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(height, idKey(plan.blockId), plan.nodePubkey, plan.timestamp, plan.txs.length, plan.shell);
    const insertTx = c.sql(
      `INSERT INTO transactions (pos, height, tx_id, operation, asset_id, tx) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const unqueue = c.sql(`DELETE FROM backlog WHERE tx_id = ?`);
    for (const tx of plan.txs) {
      const key = idKey(tx.id);
      insertTx.run(ledgerPos(height, tx.position), height, key, tx.operation, idKey(tx.assetId), tx.json);
      unqueue.run(key);
    }
    // Votes can arrive before their block in a federation; they learn its height now.
    c.sql(`UPDATE votes SET height = ? WHERE block_id = ? AND height IS NULL`).run(
      height,
      idKey(plan.blockId),
    );
    return { height, created: true };
  }

  decideBlock(blockId: string, valid: boolean, options: { requeueTo?: string } = {}): Promise<Decision> {
    const c = this.#c;
    return c.run(() =>
      c.write((): Decision => {
        const block = c
          .sql(`SELECT height, node_pubkey, tx_count FROM blocks WHERE id = ?`)
          .get(idKey(blockId)) as { height: number; node_pubkey: string; tx_count: number } | undefined;
        if (block === undefined) throw new StoreError('not_found', `no block ${blockId} to decide`);
        const now = c.clock.nowMs();
        const status = valid ? 'valid' : 'invalid';
        const recorded = c
          .sql(
            `INSERT INTO block_status (height, status, decided_at_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
          )
          .run(block.height, status, now);
        if (recorded.changes === 0) {
          const prior = c.sql(`SELECT status FROM block_status WHERE height = ?`).get(block.height) as {
            status: 'valid' | 'invalid';
          };
          return { status: prior.status, changed: false, requeued: 0 };
        }
        const txs = c.blockTxJson(block.height, block.tx_count).map(({ pos, tx: json }) => ({
          pos,
          json,
          tx: JSON.parse(json) as SignedTransaction,
        }));
        if (valid) {
          this.#settle(txs, { id: blockId, height: block.height }, now);
          return { status, changed: true, requeued: 0 };
        }
        const release = c.sql(
          `UPDATE tx_status SET status = 'backlog', pos = NULL, updated_at_ms = ?
           WHERE tx_id = ? AND pos = ? AND status = 'undecided'`,
        );
        const unspend = c.sql(`DELETE FROM live_spends WHERE tx_id = ? AND output_index = ? AND spender = ?`);
        const requeue = c.sql(
          `INSERT INTO backlog (tx_id, assignee, assigned_at_ms, received_at_ms, tx) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
        );
        const assignee = options.requeueTo ?? block.node_pubkey;
        for (const { pos, tx, json } of txs) {
          const key = idKey(tx.id);
          assert.equal(release.run(now, key, pos).changes, 1, `transaction ${tx.id} lost its claim`);
          for (const s of spendsOf(tx)) unspend.run(idKey(s.txId), s.outputIndex, key);
          requeue.run(key, assignee, now, now, json);
        }
        this.#indexes.release(block.height);
        return { status, changed: true, requeued: txs.length };
      }),
    );
  }

  /**
   * A valid decision's effects on the block's transactions (the caller records the block's
   * status): their statuses, and the ledger indexes.
   */
  #settle(
    txs: readonly { pos: number; tx: SignedTransaction }[],
    block: IndexedBlock,
    now: number,
    options: { claimedValid?: boolean } = {},
  ): void {
    if (options.claimedValid !== true) {
      const settle = this.#c.sql(
        `UPDATE tx_status SET status = 'valid', updated_at_ms = ? WHERE tx_id = ? AND pos = ?`,
      );
      for (const { pos, tx } of txs)
        assert.equal(settle.run(now, idKey(tx.id), pos).changes, 1, `transaction ${tx.id} lost its claim`);
    }
    this.#indexes.feed(txs, block);
  }

  rejectTransactions(rejections: readonly Rejection[]): Promise<RejectOutcome[]> {
    const c = this.#c;
    return c.run(() =>
      c.write(() => {
        const now = c.clock.nowMs();
        const mark = c.sql(
          `INSERT INTO tx_status (tx_id, status, pos, reason_code, reason, updated_at_ms)
           VALUES (?, 'invalid', NULL, ?, ?, ?)
           ON CONFLICT (tx_id) DO UPDATE SET status = 'invalid', pos = NULL, reason_code = excluded.reason_code,
             reason = excluded.reason, updated_at_ms = excluded.updated_at_ms
           WHERE tx_status.status IN ('backlog', 'invalid')`,
        );
        const unqueue = c.sql(`DELETE FROM backlog WHERE tx_id = ?`);
        return rejections.map(({ txId, code, reason }): RejectOutcome => {
          const key = idKey(txId);
          if (mark.run(key, code, reason, now).changes === 0)
            return { txId, rejected: false, status: c.statusOf(key) };
          unqueue.run(key);
          return { txId, rejected: true, status: 'invalid' };
        });
      }),
    );
  }

  writeVotes(votes: readonly Vote[]): Promise<VoteWriteOutcome[]> {
    return this.#c.run(() => this.#c.write(() => this.#insertVotes(votes)));
  }

  #insertVotes(votes: readonly Vote[]): VoteWriteOutcome[] {
    const insert = this.#c.sql(
      `INSERT INTO votes (block_id, node_pubkey, height, vote)
       VALUES (@block, @node, (SELECT height FROM blocks WHERE id = @block), @vote) ON CONFLICT DO NOTHING`,
    );
    return votes.map((v) => ({
      blockId: v.vote.voting_for_block,
      nodePubkey: v.node_pubkey,
      written:
        insert.run({ block: idKey(v.vote.voting_for_block), node: v.node_pubkey, vote: JSON.stringify(v) })
          .changes === 1,
    }));
  }
}
