import assert from 'node:assert/strict';
import { spentTransactionIds, type SignedTransaction } from '@bigchaindb-ts/core';
import { claimId } from '../../consensus/index.js';
import { createBlock, createVote, unixTimestamp } from '../../model/index.js';
import { blockPositionsMax, ConflictError } from '../../store/index.js';
import {
  blockHoldFactor,
  blockWriteRetriesMax,
  defaultPollIntervalMs,
  flushIntervalMsMin,
} from '../constants.js';
import type { NodeContext } from '../context.js';
import { LayeredLedgerView } from '../ledger/index.js';
import type { TxRejection } from '../verify/index.js';
import { announceDecision, rejectTransactions } from './outcomes.js';
import type { BlockPacing, Kicks, VoteLog } from './pipeline-state.js';

export interface BlockMaker {
  /** Makes blocks of this node's backlog while there is enough of it (one run of the pipeline). */
  run(): Promise<void>;
}

/**
 * The block pipeline: takes this node's assigned backlog, re-checks it against the ledger and
 * within the batch, takes the losers out with their reason, signs and writes the block with its
 * claims. Alone in its federation, the node writes the block decided with its own vote.
 */
export function createBlockMaker(
  ctx: NodeContext,
  state: { readonly pacing: BlockPacing; readonly voteLog: VoteLog; readonly kicks: Kicks },
): BlockMaker {
  const { store, options } = ctx;
  const { pacing, voteLog, kicks } = state;
  const blockTxCountMax = options.blockTxCountMax;

  async function run(): Promise<void> {
    let window = blockTxCountMax;
    // While this node's previous block is still being voted on, the next one waits (at most a
    // poll interval) unless a full block is ready: what arrives meanwhile joins one block instead
    // of many. In a federation every block costs a vote and an election on every member, and
    // blocks of a transaction or two made at 150 tx/s more work than three nodes on two cores
    // could do (latency went from 0.1 s to 7 s). One node decides its block as it votes on it,
    // so there the wait never happens.
    const holdMs = options.pollIntervalMs ?? defaultPollIntervalMs;
    if (
      pacing.ownUndecided !== null &&
      performance.now() - pacing.ownUndecidedSinceMs < holdMs &&
      pacing.acceptedSinceBlock < blockTxCountMax
    )
      return;
    // While transactions keep arriving, the block waits for more, up to `blockHoldFactor` flush
    // intervals: each block costs a hash of its body, two signatures and a commit, so under load
    // few large blocks are much cheaper than many small ones (one node: ~480 µs of CPU per
    // transaction with 10 ms blocks, ~310 µs with 300 ms blocks). A lone transaction is cut
    // as soon as a flush interval passes without another.
    const now = performance.now();
    const flushMs = Math.max(options.flushIntervalMs, flushIntervalMsMin);
    if (
      pacing.acceptedSinceBlock > 0 &&
      pacing.acceptedSinceBlock < blockTxCountMax &&
      now - pacing.lastAcceptedAtMs < flushMs &&
      now - pacing.firstAcceptedAtMs < flushMs * blockHoldFactor
    )
      return;
    pacing.acceptedSinceBlock = 0;
    pacing.backlogDirty = false;
    for (;;) {
      if (ctx.stopped()) return;
      const items = await store.takeBacklog(ctx.publicKey, window);
      if (items.length === 0) return;
      const made = await makeBlock(items.map((i) => i.tx));
      const more = items.length === window;
      if (made) {
        // Keep going while the backlog had more than this round took.
        if (!more) return;
        window = blockTxCountMax;
      } else {
        // Everything taken waits for inputs further back in the backlog: a transaction requeued
        // from an invalid block comes back behind the transfers that spend it. Taking the same
        // head again would wait forever, so look further.
        if (!more || window >= blockPositionsMax) return;
        window = Math.min(window * 4, blockPositionsMax);
      }
    }
  }

  /** Validates backlog transactions against the ledger and each other, rejects the invalid, writes a block. */
  async function makeBlock(candidates: SignedTransaction[]): Promise<boolean> {
    const rejections: TxRejection[] = [];
    const checkedList = await ctx.phaseOne.checkAll(candidates, rejections);
    const refs = await ctx.rules.references(
      checkedList.map((c) => c.tx),
      store,
    );
    const ledger = await ctx.snapshot.prefetch(
      checkedList.map((c) => c.tx),
      true,
      true,
      refs,
    );
    // What a transaction waits for: its inputs and what the plugins' rules read (a referenced
    // claim's holder included).
    const dependsOn = (tx: SignedTransaction): string[] =>
      refs.empty
        ? spentTransactionIds(tx)
        : [
            ...spentTransactionIds(tx),
            ...refs.transactionsOf(tx.id),
            ...refs
              .claimsOf(tx.id)
              .flatMap((c) => ledger.claimHolders.get(claimId(c.index, c.key)) ?? [])
              .filter((id) => id !== tx.id),
            ...refs
              .outputsOf(tx.id)
              .flatMap((l) => ledger.spenders.get(`${l.transaction_id}:${l.output_index}`)?.txId ?? [])
              .filter((id) => id !== tx.id),
          ];
    // Inputs in no block may still be waiting in the backlog (of any member): ask the store, not
    // this process's memory, which knows neither other members' backlogs nor their rejections.
    // Read after the ledger, an input may since have been placed in a block (another member's):
    // that too means "wait", and the next round sees it in the ledger.
    const unplaced = [
      ...new Set(checkedList.flatMap((c) => dependsOn(c.tx)).filter((id) => !ledger.txs.has(id))),
    ];
    const notYet = new Set<string>();
    if (unplaced.length > 0)
      (await store.getStatuses(unplaced)).forEach((s) => s && s.status !== 'invalid' && notYet.add(s.txId));
    // Only valid blocks (and earlier transactions of this block) count as existing inputs.
    const view = new LayeredLedgerView({
      ledger,
      countsTx: (t) => t.status === 'valid',
      countsSpender: () => true,
      claimRules: ctx.rules.claims,
    });
    let deferred = 0;
    for (const checked of checkedList) {
      // The window taken from the backlog may be wider than a block (see `run`).
      if (view.acceptedCount >= blockTxCountMax) break;
      const tx = checked.tx;
      // An input still in the backlog or in an undecided block is not yet spendable; wait for it.
      const waiting = dependsOn(tx).some(
        (id) => !view.has(id) && (ledger.txs.get(id)?.status === 'undecided' || notYet.has(id)),
      );
      if (waiting) {
        deferred++;
        continue;
      }
      const result = ctx.rules.validateTransaction(ctx.rulesCtx, checked, view);
      if (result.ok) view.accept(result.tx);
      else rejections.push({ txId: tx.id, code: result.error.code, reason: result.error.message });
    }
    await rejectTransactions(ctx, rejections);

    let txs = view.accepted();
    assert.ok(txs.length <= blockTxCountMax, `a block of ${txs.length} exceeds block.tx_count_max`);
    let timestamp = Number(unixTimestamp(ctx.clock));
    for (let attempt = 0; txs.length > 0; attempt++) {
      const block = createBlock(txs, ctx.keypair, ctx.federation, String(timestamp));
      // Alone in its federation, this node's vote is the quorum: the block is written decided.
      const vote = ctx.sole
        ? createVote(ctx.keypair, {
            voting_for_block: block.id,
            previous_block: voteLog.lastBlockId ?? block.id,
            is_block_valid: true,
            invalid_reason: null,
            timestamp: unixTimestamp(ctx.clock),
          })
        : undefined;
      try {
        const { height, created } = await store.writeBlock(block, vote ? { decideWith: vote } : {});
        if (!created) {
          // A block with this very body is stored already: this node made it in the same second
          // with the same transactions, and it was voted invalid and requeued them. Its id names
          // that old block, so writing "again" wrote nothing; stamp this one a second later.
          timestamp += 1;
          attempt -= 1;
          continue;
        }
        ctx.madeHere.add(block.id);
        for (const tx of txs) ctx.pending.untrack(tx.id);
        ctx.logger.debug(
          { block: block.id, height, txs: txs.length, decided: vote !== undefined },
          'wrote block',
        );
        ctx.events.emit('blockWritten', {
          id: block.id,
          height,
          transactionCount: txs.length,
          decided: vote !== undefined,
        });
        if (vote) {
          voteLog.record(block.id, height);
          ctx.talliedValid.set(block.id, true);
          ctx.events.emit('voteCast', { blockId: block.id, height, valid: true, reason: null });
          announceDecision(ctx, { block, height, status: 'valid' }, 'valid');
          return true;
        }
        pacing.noteOwnBlock(block.id);
        kicks.voting({ vote: true });
        return true;
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt >= blockWriteRetriesMax) throw err;
        txs = await dropLosers(err, txs);
      }
    }
    return rejections.length > 0 || deferred < candidates.length;
  }

  /**
   * Lost a race with another live block: the losers leave the block (double spends are final)
   * and are rejected; what is left is retried.
   */
  async function dropLosers(err: ConflictError, txs: SignedTransaction[]): Promise<SignedTransaction[]> {
    const losers = new Set(err.losers);
    // A double spend and a taken unique claim are final: refused with their code, once each.
    const refusals = new Map<string, TxRejection>();
    for (const c of err.spends)
      if (!refusals.has(c.txId))
        refusals.set(c.txId, {
          txId: c.txId,
          code: 'DoubleSpend',
          reason: `input \`${c.output.transaction_id}\` was already spent by ${c.spentBy}`,
        });
    for (const c of err.claims)
      if (!refusals.has(c.txId))
        refusals.set(c.txId, {
          txId: c.txId,
          code: c.code,
          reason: `${c.index} key ${c.key} is already claimed by ${c.claimedBy}`,
        });
    await rejectTransactions(ctx, [...refusals.values()]);
    for (const id of losers) ctx.pending.untrack(id);
    // Transactions of this block that spend a loser's outputs lose their input with it: they
    // leave the block too and stay in the backlog, where the next round judges them against
    // the ledger (InputDoesNotExist). Kept, they made a block the other members vote invalid,
    // and with one member down a 1-1 split that never decides. Block order lists inputs first.
    const dropped = new Set(losers);
    for (const tx of txs) if (spentTransactionIds(tx).some((id) => dropped.has(id))) dropped.add(tx.id);
    return txs.filter((tx) => !dropped.has(tx.id));
  }

  return { run };
}
