// Compares two stores as a client sees them: every block with its status and votes, every
// transaction with its status, every output's spender, and each owner's outputs.
import assert from 'node:assert/strict';
import type { SignedTransaction } from '@bigchaindb-ts/core';
import { pageSizeMax, type Store } from '../../store/index.js';

export async function assertSameLedger(
  original: Store,
  restored: Store,
  allTxs: readonly SignedTransaction[],
  owners: readonly string[],
  toHeight: number,
): Promise<void> {
  const heights = Array.from({ length: toHeight + 1 }, (_, i) => i);
  const a = await original.getBlocksByHeight(heights);
  const b = await restored.getBlocksByHeight(heights);
  assert.deepEqual(b, a, 'blocks and their statuses');
  assert.ok(a.every((x) => x !== null));
  const ids = a.map((x) => x.block.id);
  assert.deepEqual(await restored.getVotes(ids), await original.getVotes(ids), 'votes');
  // Only what the dump could hold: transactions of blocks up to its height.
  const held = await original.getStatuses(allTxs.map((t) => t.id));
  const inDump = allTxs.filter(
    (_, i) => held[i] !== null && held[i]!.height !== null && held[i]!.height <= toHeight,
  );
  assert.ok(inDump.length > 0, 'no transaction to compare');
  const txs = inDump;
  const txIds = txs.map((t) => t.id);
  assert.deepEqual(await restored.getStatuses(txIds), await original.getStatuses(txIds), 'statuses');
  assert.deepEqual(
    await restored.getTransactions(txIds),
    await original.getTransactions(txIds),
    'transactions',
  );
  const links = txs.flatMap((t) => t.outputs.map((_, i) => ({ transaction_id: t.id, output_index: i })));
  // A spend the original made after the dump's height is not in the dump.
  const spenders = (await original.getSpenders(links)).map((sp) =>
    sp !== null && sp.height > toHeight ? null : sp,
  );
  assert.deepEqual(await restored.getSpenders(links), spenders, 'spenders');
  // The owners' outputs are compared when the original has nothing beyond the dump.
  if ((await original.latestHeight()) !== toHeight) return;
  for (const owner of owners)
    for (const spent of [true, false])
      assert.deepEqual(
        await restored.getOutputs(owner, { spent, limit: pageSizeMax }),
        await original.getOutputs(owner, { spent, limit: pageSizeMax }),
        `outputs of ${owner} (spent: ${spent})`,
      );
}
