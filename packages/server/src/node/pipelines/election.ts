import { tallyVotes, type Vote } from '../../model/index.js';
import type { NodeContext } from '../context.js';
import { voteSubject } from '../integrity/index.js';
import { announceDecision } from './outcomes.js';
import type { BlockPacing, UndecidedBlocks } from './pipeline-state.js';

export interface Election {
  /** Tallies the votes on every undecided block this node knows of and records decisions. Returns how many transactions went back to the backlog. */
  run(): Promise<number>;
}

/**
 * The election: more than half (or two thirds) of a block's member voters decide it. Only
 * members listed as voters count, each once (the first of its votes), and only votes whose
 * signature verifies. An invalid block's transactions return to the backlog, assigned to this
 * node, which is alive (it is counting votes).
 */
export function createElection(
  ctx: NodeContext,
  state: { readonly undecided: UndecidedBlocks; readonly pacing: BlockPacing },
): Election {
  const { undecided, pacing } = state;

  async function run(): Promise<number> {
    if (undecided.size === 0) return 0;
    const blocks = [...undecided.values()].sort((a, b) => a.height - b.height);
    const votes = await ctx.store.getVotes(blocks.map((b) => b.block.id));
    let requeued = 0;
    for (const [i, stored] of blocks.entries()) {
      const block = stored.block;
      const signed = (votes[i] ?? []).filter((v: Vote) => ctx.votes.countable(stored, v));
      const tally = tallyVotes(block.block.voters, signed, ctx.options.voteQuorum, ctx.federation);
      // A member's vote on a block that does not list it is no outsider's: the block is the problem.
      for (const v of tally.ignored.filter((x) => !ctx.federation.includes(x.node_pubkey)))
        ctx.monitor.report(
          {
            code: 'VoteFromOutsider',
            source: 'pipeline',
            blockId: block.id,
            height: stored.height,
            key: v.node_pubkey,
            detail: `${v.node_pubkey} voted on block ${block.id} but is not one of its member voters: ignored`,
          },
          voteSubject(block.id, v),
        );
      for (const key of tally.equivocations)
        ctx.monitor.report(
          {
            code: 'Equivocation',
            source: 'pipeline',
            blockId: block.id,
            height: stored.height,
            key,
            detail: `${key} cast different votes on block ${block.id}: its first one counts`,
          },
          `${block.id} ${key}`,
        );
      if (tally.decision === 'undecided') continue;
      // An invalid block's transactions come back to this node; by default they would go back to
      // the block's maker, likely the faulty member, and wait there for the stale monitor.
      const decision = await ctx.store.decideBlock(block.id, tally.decision === 'valid', {
        requeueTo: ctx.publicKey,
      });
      undecided.delete(block.id);
      pacing.noteDecided(block.id);
      if (decision.status === 'valid' && tally.decision === 'valid') ctx.talliedValid.set(block.id, true);
      requeued += decision.requeued;
      // Announced even when another member recorded the decision first (`changed` false): this
      // node still learns the outcome here, once, and `mode=commit` waiters on it depend on that.
      announceDecision(ctx, stored, decision.status);
    }
    return requeued;
  }

  return { run };
}
