import type { StoredBlock } from '../../store/index.js';
import { backlogReloadMax } from '../constants.js';
import type { NodeContext } from '../context.js';
import type { TxRejection } from '../verify/index.js';

/**
 * Takes refused transactions out of the backlog with their reason, forgets them as pending, and
 * tells the node's events about those this call actually rejected.
 */
export async function rejectTransactions(
  ctx: NodeContext,
  rejections: readonly TxRejection[],
): Promise<void> {
  if (rejections.length === 0) return;
  const outcomes = await ctx.store.rejectTransactions(rejections);
  outcomes.forEach((o, i) => {
    const r = rejections[i]!;
    ctx.pending.untrack(r.txId);
    if (!o.rejected) return;
    ctx.events.emit('rejected', { id: r.txId, code: r.code, reason: r.reason, stage: 'block' });
    ctx.events.emit('status', { id: r.txId, status: 'invalid', reasonCode: r.code, reason: r.reason });
  });
}

/** Tells the node's events that a block was decided, and what became of each of its transactions. */
export function announceDecision(ctx: NodeContext, stored: StoredBlock, status: 'valid' | 'invalid'): void {
  const block = stored.block;
  const ids = block.block.transactions.map((tx) => tx.id);
  ctx.events.emit('blockDecided', { id: block.id, height: stored.height, status, transactionIds: ids });
  for (const id of ids) {
    ctx.events.emit('status', {
      id,
      status: status === 'valid' ? 'valid' : 'backlog',
      blockId: block.id,
      height: stored.height,
    });
  }
}

/** Tracks this node's backlog as pending again (at start, and after an invalid block requeued some). */
export async function reloadBacklog(ctx: NodeContext): Promise<void> {
  for (const item of await ctx.store.takeBacklog(ctx.publicKey, backlogReloadMax)) ctx.pending.track(item.tx);
}
