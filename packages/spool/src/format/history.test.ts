import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replay } from './history.js';
import type { Step } from './transactions.js';

let n = 0;
function step(action: Step['action'], from: string, to: string): Step {
  const id = String(++n).padStart(64, '0');
  if (action === 'LOAN')
    return {
      action,
      verb: 'v',
      edition: 1,
      from,
      to,
      holder: from,
      transaction_id: id,
      block_height: n,
      loan: { loanee: to, start: '2020-01-01', end: '2020-01-02' },
    };
  return { action, verb: 'v', edition: 1, from, to, holder: to, transaction_id: id, block_height: n };
}

test("the seed's chain: REGISTER, TRANSFER, CONSIGN, UNCONSIGN, LOAN leaves user2 holding it, unconsigned", () => {
  const s = replay([
    step('REGISTER', 'fed', 'u1'),
    step('TRANSFER', 'u1', 'u2'),
    step('CONSIGN', 'u2', 'u3'),
    step('UNCONSIGN', 'u3', 'u2'),
    step('LOAN', 'u2', 'u3'),
  ]);
  assert.deepEqual([s.holder, s.consigned_to, s.consignor], ['u2', null, null]);
  assert.deepEqual(
    s.loans.map((l) => l.loanee),
    ['u3'],
  );
  assert.deepEqual(
    s.history.map((h) => [h.action, h.from, h.to]),
    [
      ['REGISTER', 'fed', 'u1'],
      ['TRANSFER', 'u1', 'u2'],
      ['CONSIGN', 'u2', 'u3'],
      ['UNCONSIGN', 'u3', 'u2'],
      ['LOAN', 'u2', 'u3'],
    ],
  );
});

test('a loan by the consignee keeps the consignor (pyspool read the loan signer instead, F-A12)', () => {
  const s = replay([step('REGISTER', 'fed', 'u1'), step('CONSIGN', 'u1', 'u2'), step('LOAN', 'u2', 'u3')]);
  assert.deepEqual([s.holder, s.consigned_to, s.consignor], ['u2', 'u2', 'u1']);
});

test('a sale by the consignee ends the consignment; EDITIONS and an all-loan history move nothing', () => {
  const sold = replay([
    step('REGISTER', 'fed', 'u1'),
    step('CONSIGN', 'u1', 'u2'),
    step('TRANSFER', 'u2', 'u4'),
  ]);
  assert.deepEqual([sold.holder, sold.consignor], ['u4', null]);
  const master = replay([step('PIECE', 'fed', 'a'), step('EDITIONS', 'fed', 'a')]);
  assert.equal(master.holder, 'a');
  assert.equal(replay([step('LOAN', 'u1', 'u2')]).holder, null);
  assert.equal(replay([]).holder, null);
});
