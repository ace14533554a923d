import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classify, countOutputsSpentTwice } from './checks.js';
import { Fate, RunRecord } from './record.js';
import { makeWorkload } from './workload.js';

describe('load checks', () => {
  test('an output spent by two valid transactions counts once; invalid spenders do not count', () => {
    // tx 0 and 3 are CREATEs; 1 and 2 both spend 0:0; 4 spends 3:0, 5 spends 3:1.
    const spendTx = Int32Array.from([-1, 0, 0, -1, 3, 3]);
    const spendOut = Int32Array.from([0, 0, 0, 0, 0, 1]);
    assert.equal(
      countOutputsSpentTwice(spendTx, spendOut, () => true),
      1,
    );
    assert.equal(
      countOutputsSpentTwice(spendTx, spendOut, (i) => i !== 2),
      0,
    );
    // A third valid spender of the same output is still one output spent twice or more.
    assert.equal(
      countOutputsSpentTwice(Int32Array.from([-1, 0, 0, 0]), Int32Array.from([0, 0, 0, 0]), () => true),
      1,
    );
  });

  test('classify: refused or invalid conflicts are expected, anything else off is counted', async () => {
    const w = await makeWorkload({ kind: 'create', count: 9, conflicts: 1 / 9, threads: 1 });
    // Units: conflict units (CREATE, TRANSFER, conflict) and lone CREATEs; find the conflict.
    const c = [...w.conflict.keys()].find((i) => w.conflict[i] === 1)!;
    const r = new RunRecord(w.size);
    for (let i = 0; i < w.size; i++) {
      r.sentAt[i] = 1;
      r.answeredAt[i] = 2;
      r.httpStatus[i] = 202;
      r.fate[i] = Fate.valid;
      r.decidedAt[i] = 3;
    }
    r.httpStatus[c] = 400;
    r.refusal[c] = r.code('DoubleSpend');
    let o = classify(w, r);
    assert.equal(o.unexpected, 0);
    assert.deepEqual(o.conflicts.refusedByCode, { DoubleSpend: 1 });
    assert.equal(o.accepted, 8);

    // The conflict accepted and decided valid: unexpected. An ordinary one invalid: unexpected.
    r.httpStatus[c] = 202;
    const ordinary = c === 0 ? 1 : 0;
    r.fate[ordinary] = Fate.invalid;
    r.reason[ordinary] = r.code('InvalidSignature');
    o = classify(w, r);
    assert.equal(o.conflicts.valid, 1);
    assert.deepEqual(o.invalidByReason, { InvalidSignature: 1 });
    assert.equal(o.unexpected, 2);

    // Pending and missing accepted transactions; one never sent.
    r.fate[c] = Fate.invalid;
    r.reason[c] = r.code('DoubleSpend');
    r.fate[ordinary] = Fate.backlog;
    const other = [...Array(w.size).keys()].find((i) => i !== c && i !== ordinary)!;
    r.fate[other] = Fate.missing;
    const last = w.size - 1 === c || w.size - 1 === ordinary || w.size - 1 === other ? -1 : w.size - 1;
    if (last >= 0) r.sentAt[last] = NaN;
    o = classify(w, r);
    assert.equal(o.unexpected, 0);
    assert.equal(o.pending, 1);
    assert.equal(o.missing, 1);
    assert.deepEqual(o.conflicts.invalidByReason, { DoubleSpend: 1 });
    if (last >= 0) assert.equal(o.notSent, 1);
  });

  test('classify explains a conflict that won: its first-sent twin lost, and the chain behind it', async () => {
    // One chain of 4 with one conflict: CREATE, T1, T1' (conflict), T2, T3.
    const w = await makeWorkload({ kind: 'transfer', count: 5, chainLength: 4, conflicts: 0.2, threads: 1 });
    assert.deepEqual([...w.conflict], [0, 0, 1, 0, 0]);
    const r = new RunRecord(w.size);
    for (let i = 0; i < w.size; i++) {
      r.sentAt[i] = 1;
      r.answeredAt[i] = 2;
      r.httpStatus[i] = 202;
      r.fate[i] = Fate.valid;
    }
    const invalid = (i: number, code: string) => {
      r.fate[i] = Fate.invalid;
      r.reason[i] = r.code(code);
    };
    invalid(1, 'DoubleSpend');
    invalid(3, 'InputDoesNotExist');
    invalid(4, 'InputDoesNotExist');
    const o = classify(w, r);
    assert.equal(o.unexpected, 4);
    assert.deepEqual(o.unexpectedBreakdown, {
      conflictsWon: 1,
      lostToConflict: 1,
      afterLostInput: 2,
      other: 0,
    });
    assert.equal(
      countOutputsSpentTwice(w.spendTx, w.spendOut, (i) => r.fate[i] === Fate.valid),
      0,
    );
  });
});
