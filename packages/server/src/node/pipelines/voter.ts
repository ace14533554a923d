import { createVote, unixTimestamp } from '../../model/index.js';
import type { StoredBlock } from '../../store/index.js';
import { votePageBlocks } from '../constants.js';
import type { NodeContext } from '../context.js';
import { LayeredLedgerView } from '../ledger/index.js';
import type { TxRejection } from '../verify/index.js';
import type { UndecidedBlocks, VoteLog } from './pipeline-state.js';

export interface Voter {
  /**
   * Votes on every block above `afterHeight` this node has not voted on, in height order.
   * Returns whether it voted on any.
   */
  voteAfter(afterHeight: number): Promise<boolean>;
}

/**
 * The vote pipeline: every member checks every block (its signature, voters and maker, then each
 * transaction in the context of all earlier blocks) and signs a vote linked to its previous one.
 * Blocks this process made itself were judged when it made them.
 */
export function createVoter(
  ctx: NodeContext,
  state: { readonly voteLog: VoteLog; readonly undecided: UndecidedBlocks },
): Voter {
  const { voteLog, undecided } = state;

  async function voteAfter(afterHeight: number): Promise<boolean> {
    let voted = false;
    for (let after = afterHeight; ;) {
      if (ctx.stopped()) return voted;
      const blocks = await ctx.store.getUnvotedBlocks(ctx.publicKey, {
        afterHeight: after,
        limit: votePageBlocks,
      });
      if (blocks.length === 0) return voted;
      for (const b of blocks) await voteOn(b);
      after = blocks[blocks.length - 1]!.height;
      voted = true;
    }
  }

  async function voteOn(stored: StoredBlock): Promise<void> {
    const block = stored.block;
    const verdict = ctx.madeHere.has(block.id) ? null : await judgeBlock(stored);
    const vote = createVote(ctx.keypair, {
      voting_for_block: block.id,
      previous_block: voteLog.lastBlockId ?? block.id,
      is_block_valid: verdict === null,
      invalid_reason: verdict,
      timestamp: unixTimestamp(ctx.clock),
    });
    await ctx.store.writeVotes([vote]);
    voteLog.record(block.id, stored.height);
    ctx.events.emit('voteCast', {
      blockId: block.id,
      height: stored.height,
      valid: verdict === null,
      reason: verdict,
    });
    // Its transactions are in the ledger now (another member's block may hold some accepted here).
    for (const tx of block.block.transactions) ctx.pending.untrack(tx.id);
    if (verdict !== null) {
      ctx.logger.warn({ block: block.id, height: stored.height, reason: verdict }, 'voted a block invalid');
      reportBlockVerdict(stored, verdict);
    }
    if (stored.status === 'undecided') undecided.set(block.id, stored);
  }

  /** Block-level refusals are the federation's business: who made a block it must ignore, and why. */
  function reportBlockVerdict(stored: StoredBlock, verdict: string): void {
    const block = stored.block;
    const maker = typeof block.block?.node_pubkey === 'string' ? block.block.node_pubkey : '?';
    const base = { source: 'pipeline' as const, blockId: block.id, height: stored.height, key: maker };
    if (verdict === 'NotInFederation')
      ctx.monitor.report(
        {
          ...base,
          code: 'BlockFromOutsider',
          detail: `block ${block.id} was made by ${maker}, not a member: voted invalid`,
        },
        block.id,
      );
    else if (
      verdict === 'InvalidBlockSignature' ||
      verdict === 'InvalidBlockHash' ||
      verdict === 'MalformedBlock' ||
      verdict === 'InvalidVoters'
    )
      ctx.monitor.report(
        {
          ...base,
          code: verdict,
          detail: `block ${block.id} by ${maker} fails its checks (${verdict}): voted invalid`,
        },
        block.id,
      );
  }

  /** Null when the block is valid, else the reason: a block-level code or a transaction's code. */
  async function judgeBlock(stored: StoredBlock): Promise<string | null> {
    const block = stored.block;
    const blockVerdict = ctx.rules.validateBlock(ctx.rulesCtx, block);
    if (blockVerdict !== null) return blockVerdict;
    const rejections: TxRejection[] = [];
    const checkedList = await ctx.phaseOne.checkAll(block.block.transactions, rejections);
    if (rejections.length > 0) return rejections[0]!.code;
    const byId = new Map(checkedList.map((c) => [c.tx.id, c]));
    const refs = await ctx.rules.references(block.block.transactions, ctx.store);
    const ledger = await ctx.snapshot.prefetch(block.block.transactions, true, true, refs);
    // Earlier blocks' valid transactions count, never this block's own rows (it claimed its
    // spends when it was written).
    const own = new Set(block.block.transactions.map((tx) => tx.id));
    const view = new LayeredLedgerView({
      ledger,
      countsTx: (t) => t.status === 'valid' && t.blockId !== block.id,
      countsSpender: (s) => s.blockId !== block.id,
      // The block's own claims were taken when it was written; earlier transactions of it are
      // seen through `accept`.
      countsClaimHolder: (txId) => !own.has(txId),
      claimRules: ctx.rules.claims,
    });
    for (const tx of block.block.transactions) {
      const checked = byId.get(tx.id);
      if (!checked) return 'InvalidSignature';
      const result = ctx.rules.validateTransaction(ctx.rulesCtx, checked, view);
      if (!result.ok) return result.error.code;
      view.accept(tx);
    }
    return null;
  }

  return { voteAfter };
}
