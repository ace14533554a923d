import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkTransaction, MemoryLedger, type SignedTransaction } from '@bigchaindb-ts/core';
import { planWorkload, unitRoles } from './plan.js';
import { makeWorkload, Workload, type WorkloadOptions } from './workload.js';

/**
 * Applies a workload to the core's in-memory ledger in stream order, as a node would see it, and
 * returns the indices that the core refuses, with the codes.
 */
function judge(w: Workload): Map<number, string> {
  const ledger = new MemoryLedger();
  const refused = new Map<number, string>();
  for (let i = 0; i < w.size; i++) {
    const result = checkTransaction(JSON.parse(w.body(i).toString()), ledger, { ctx: { nowMs: Date.now() } });
    if (result.ok) ledger.add(result.tx);
    else refused.set(i, result.error.code);
  }
  return refused;
}

function conflictIndices(w: Workload): number[] {
  return [...w.conflict.keys()].filter((i) => w.conflict[i] === 1);
}

describe('load workload', () => {
  test('unit roles: links spend the previous link, each conflict follows its twin and spends the same output', () => {
    assert.deepEqual(unitRoles(1, 0), [{ link: 0, conflict: false, spends: -1 }]);
    assert.deepEqual(unitRoles(4, 1), [
      { link: 0, conflict: false, spends: -1 },
      { link: 1, conflict: false, spends: 0 },
      { link: 1, conflict: true, spends: 0 },
      { link: 2, conflict: false, spends: 1 },
      { link: 3, conflict: false, spends: 3 },
    ]);
    const roles = unitRoles(10, 9);
    assert.equal(roles.length, 19);
    assert.equal(roles.filter((r) => r.conflict).length, 9);
  });

  test('plans have the asked count and share of conflicts, for every kind', () => {
    for (const kind of ['create', 'transfer', 'mix'] as const) {
      for (const conflicts of [0, 0.01, 0.1]) {
        const plan = planWorkload({ kind, count: 1000, conflicts, chainLength: 10 });
        const units = plan.unitLength.length;
        assert.equal(plan.unitStart[units], 1000, `${kind} ${conflicts}`);
        const placed = plan.unitConflicts.reduce((a, b) => a + b, 0);
        assert.equal(placed, Math.round(1000 * conflicts), `${kind} ${conflicts}`);
        const chained = [...plan.unitLength].filter((l) => l > 1).reduce((a, b) => a + b, 0);
        if (kind === 'create') assert.equal(chained, 2 * placed);
        if (kind === 'transfer') assert.equal(chained + placed, 1000);
      }
    }
    assert.throws(() => planWorkload({ kind: 'create', count: 10, conflicts: 0.5 }), RangeError);
    assert.throws(() => planWorkload({ kind: 'mix', count: 10, conflicts: 1 }), RangeError);
  });

  test('every transaction is valid in stream order except the conflicts, refused as DoubleSpend', async () => {
    const shapes: WorkloadOptions[] = [
      { kind: 'mix', count: 300, conflicts: 0.05, threads: 1 },
      { kind: 'create', count: 60, conflicts: 0.1, threads: 1 },
      {
        kind: 'transfer',
        count: 120,
        conflicts: 0.1,
        chainLength: 6,
        owners: 3,
        threshold: 2,
        divisible: true,
        threads: 1,
      },
      { kind: 'mix', count: 80, owners: 2, divisible: true, threads: 1 },
    ];
    for (const shape of shapes) {
      const w = await makeWorkload(shape);
      assert.equal(w.size, shape.count);
      assert.equal(w.conflicts, Math.round(shape.count * (shape.conflicts ?? 0)));
      const refused = judge(w);
      assert.deepEqual(
        [...refused.keys()].sort((a, b) => a - b),
        conflictIndices(w),
        JSON.stringify(shape),
      );
      for (const code of refused.values()) assert.equal(code, 'DoubleSpend');
    }
  });

  test('ids, bodies and spent outputs agree with the signed transactions; worker threads sign the same shapes', async () => {
    const w = await makeWorkload({ kind: 'mix', count: 5000, conflicts: 0.02, threads: 2, divisible: true });
    assert.equal(w.size, 5000);
    let streams = 0;
    for (let s = 0; s < w.streams; s++) {
      assert.ok(w.streamStart[s + 1]! > w.streamStart[s]!);
      streams++;
    }
    assert.equal(w.streamStart[streams], 5000);
    const ids = new Set<string>();
    for (let i = 0; i < w.size; i++) {
      const tx = JSON.parse(w.body(i).toString()) as SignedTransaction;
      assert.equal(tx.id, w.id(i));
      ids.add(tx.id);
      const spent = tx.operation === 'TRANSFER' ? tx.inputs[0]!.fulfills : null;
      if (w.spendTx[i]! < 0) assert.equal(spent, null);
      else {
        assert.equal(spent?.transaction_id, w.id(w.spendTx[i]!));
        assert.equal(spent?.output_index, w.spendOut[i]);
        // Only conflicts may spend what another transaction spends, and they come after it.
        if (w.conflict[i] === 1) assert.equal(w.spendTx[i - 1], w.spendTx[i]);
      }
    }
    assert.equal(ids.size, 5000);
    assert.equal(judge(w).size, w.conflicts);
  });

  test('fromStreams keeps given transactions and finds what each spends', async () => {
    const made = await makeWorkload({ kind: 'transfer', count: 12, chainLength: 4, threads: 1 });
    const streams: SignedTransaction[][] = [];
    for (let s = 0; s < made.streams; s++) {
      const stream: SignedTransaction[] = [];
      for (let i = made.streamStart[s]!; i < made.streamStart[s + 1]!; i++)
        stream.push(JSON.parse(made.body(i).toString()) as SignedTransaction);
      streams.push(stream);
    }
    const w = Workload.fromStreams(streams);
    assert.equal(w.size, 12);
    assert.deepEqual([...w.spendTx], [...made.spendTx]);
    assert.deepEqual([...w.streamStart], [...made.streamStart]);
    for (let i = 0; i < 12; i++) assert.equal(w.body(i).toString(), made.body(i).toString());
  });
});
