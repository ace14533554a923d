import { prunePageIds } from '../constants.js';
import type { NodeContext } from '../context.js';
import type { Kicks } from './pipeline-state.js';

export interface StaleMonitor {
  /** One round: returns how many backlog transactions moved to another member. */
  run(): Promise<number>;
}

/**
 * The stale-backlog monitor: gives transactions that waited longer than `backlogReassignDelayMs`
 * for their assignee to another member, preferring members that keep up with voting. It also
 * forgets pending transactions that left the backlog without this node seeing it.
 */
export function createStaleMonitor(ctx: NodeContext, state: { readonly kicks: Kicks }): StaleMonitor {
  async function run(): Promise<number> {
    if (ctx.federation.length < 2) return 0;
    await ctx.liveness.refresh(ctx.store);
    await prunePending();
    const cutoff = ctx.clock.nowMs() - ctx.options.backlogReassignDelayMs;
    const live = ctx.liveness.live();
    const moved = await ctx.store.reassignStale(cutoff, ({ assignee }) => {
      // Prefer members that keep up with voting: a dead one would only hold them again.
      const others = live.filter((k) => k !== assignee);
      const pool = others.length > 0 ? others : ctx.federation.filter((k) => k !== assignee);
      return pool[Math.floor(Math.random() * pool.length)] as string;
    });
    if (moved.length > 0) {
      ctx.logger.info({ count: moved.length }, 'reassigned stale backlog transactions');
      state.kicks.blocks();
    }
    return moved.length;
  }

  /**
   * Forgets accepted transactions that left the backlog without this node seeing it (another
   * member rejected them), so they neither leak nor make ingest refuse a later spend of their
   * inputs as a double spend.
   */
  async function prunePending(): Promise<void> {
    const ids = ctx.pending.ids();
    for (let i = 0; i < ids.length; i += prunePageIds) {
      const chunk = ids.slice(i, i + prunePageIds);
      const statuses = await ctx.store.getStatuses(chunk);
      statuses.forEach((s, j) => s?.status !== 'backlog' && ctx.pending.untrack(chunk[j]!));
    }
  }

  return { run };
}
