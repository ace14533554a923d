import { spentTransactionIds, type SignedTransaction } from '@bigchaindb-ts/core';
import type { NodeContext } from '../../context.js';
import { LayeredLedgerView } from '../../ledger/index.js';
import { rejectTransactions } from '../../pipelines/index.js';
import type { TxRejection } from '../../verify/index.js';

/** A block's transactions as judged in chain order: all pass, or the first that fails and why. */
export type TxsCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly txId: string; readonly code: string; readonly reason: string };

/**
 * Judges a block's transactions against the chain it would extend: every stored block that is
 * not abandoned (`undecided` or `valid`) is this node's current chain, so those transactions and
 * their spends count; earlier transactions of the block count too. A double spend across the
 * chain, a spent or missing input, a bad signature or condition: the block is refused.
 */
export async function checkBlockTransactions(
  ctx: NodeContext,
  txs: readonly SignedTransaction[],
): Promise<TxsCheck> {
  const rejections: TxRejection[] = [];
  const checked = await ctx.phaseOne.checkAll(txs, rejections);
  const first = rejections[0];
  if (first) return { ok: false, txId: first.txId, code: first.code, reason: first.reason };
  const ledger = await ctx.snapshot.prefetch(txs, true);
  const view = new LayeredLedgerView({
    ledger,
    countsTx: () => true,
    countsSpender: () => true,
    claimRules: ctx.rules.claims,
  });
  for (const c of checked) {
    const r = ctx.rules.validateTransaction(ctx.rulesCtx, c, view);
    if (!r.ok) return { ok: false, txId: c.tx.id, code: r.error.code, reason: r.error.message };
    view.accept(r.tx);
  }
  return { ok: true };
}

/**
 * What the miner puts in its next block: this node's backlog, oldest first, judged against the
 * current chain. The invalid leave the backlog with their reason; a transaction whose input still
 * waits in the backlog waits with it.
 */
export async function chooseTransactions(ctx: NodeContext, max: number): Promise<SignedTransaction[]> {
  const items = await ctx.store.takeBacklog(ctx.publicKey, max);
  if (items.length === 0) return [];
  const rejections: TxRejection[] = [];
  const checked = await ctx.phaseOne.checkAll(
    items.map((i) => i.tx),
    rejections,
  );
  const ledger = await ctx.snapshot.prefetch(
    checked.map((c) => c.tx),
    true,
  );
  const inBacklog = new Set(items.map((i) => i.tx.id));
  const view = new LayeredLedgerView({
    ledger,
    countsTx: () => true,
    countsSpender: () => true,
    claimRules: ctx.rules.claims,
  });
  for (const c of checked) {
    // Already on the chain (a peer's block took it): the store's write takes it out of the backlog.
    const stored = ledger.txs.get(c.tx.id);
    if (stored) continue;
    const waiting = spentTransactionIds(c.tx).some((id) => !view.has(id) && inBacklog.has(id));
    if (waiting) continue;
    const r = ctx.rules.validateTransaction(ctx.rulesCtx, c, view);
    if (r.ok) view.accept(r.tx);
    else rejections.push({ txId: c.tx.id, code: r.error.code, reason: r.error.message });
  }
  await rejectTransactions(ctx, rejections);
  return view.accepted();
}
