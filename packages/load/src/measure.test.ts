import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SignedTransaction } from '@bigchaindb-ts/core';
import { NodeProcess } from '@bigchaindb-ts/testing';
import { measureLoad } from './measure.js';
import { formatTable } from './report.js';
import { makeWorkload, Workload } from './workload.js';

describe('measureLoad against a real node (SQLite)', () => {
  let node: NodeProcess;
  before(async () => {
    node = await NodeProcess.start({ config: { database: { backend: 'sqlite' } } });
  });
  after(async () => {
    await node.stop('SIGTERM');
    node.cleanup();
  });

  test('a mix with conflicts: everything decided, conflicts refused or invalid, the checks pass', async () => {
    const workload = await makeWorkload({
      kind: 'mix',
      count: 400,
      conflicts: 0.05,
      chainLength: 5,
      threads: 1,
    });
    const result = await measureLoad({
      label: 'sqlite',
      targets: [`${node.url}/api/v1`],
      workload,
      concurrency: 16,
      rate: null,
      mode: 'async',
      ceilingSeconds: 0.05,
      pids: [node.pid!],
      idleSeconds: 0.5,
    });
    const o = result.outcome;
    assert.equal(o.sent, 400);
    assert.equal(o.conflicts.sent, 20);
    assert.equal(o.unexpected, 0, JSON.stringify(o));
    assert.equal(o.pending + o.missing, 0);
    assert.equal(o.valid, 380);
    assert.equal(result.checks.outputsSpentTwice, 0);
    assert.equal(result.checks.outputs?.listedButSpent, 0);
    assert.ok((result.checks.outputs?.listed ?? 0) > 0, 'the chain keys hold unspent outputs');
    assert.equal(result.checks.ok, true);
    assert.equal(result.client.requests, 400);
    assert.ok(result.ceiling && result.ceiling.perSecond > 0);
    assert.ok(result.committedOverCeiling !== null && result.committedOverCeiling > 0);
    if (process.platform === 'linux') assert.ok(result.rss && result.rss.peakBytes > 0);
    assert.ok(result.latencyMs.p50 <= result.latencyMs.p99);
    assert.match(formatTable([result]), /\| checks \| ok \|/);
  });

  test('a refused ordinary transaction ends its stream and fails the checks', async () => {
    const made = await makeWorkload({ kind: 'transfer', count: 6, chainLength: 3, threads: 1 });
    const tx = (i: number) => JSON.parse(made.body(i).toString()) as SignedTransaction;
    // The first chain's CREATE altered after signing: its id no longer matches, so it is refused.
    const altered = { ...tx(0), metadata: { altered: true } } as SignedTransaction;
    const workload = Workload.fromStreams([
      [altered, tx(1), tx(2)],
      [tx(3), tx(4), tx(5)],
    ]);
    const result = await measureLoad({
      label: 'altered',
      targets: [`${node.url}/api/v1`],
      workload,
      concurrency: 2,
      rate: null,
      mode: 'async',
      ceilingSeconds: 0,
      crossCheck: false,
    });
    assert.equal(result.outcome.sent, 4);
    assert.equal(result.outcome.notSent, 2);
    assert.equal(result.outcome.valid, 3);
    assert.equal(result.outcome.unexpected, 1);
    assert.deepEqual(Object.keys(result.outcome.refusedByCode), ['InvalidHash']);
    assert.equal(result.checks.ok, false);
  });

  test('with a duration, sending stops when it is over and what was sent is still checked', async () => {
    // One request in flight cannot send 3,000 transactions in 0.2 s.
    const workload = await makeWorkload({ kind: 'create', count: 3000, threads: 1 });
    const result = await measureLoad({
      label: 'duration',
      targets: [`${node.url}/api/v1`],
      workload,
      concurrency: 1,
      rate: null,
      mode: 'async',
      durationSeconds: 0.2,
      ceilingSeconds: 0,
      crossCheck: false,
    });
    assert.ok(result.outcome.sent > 0 && result.outcome.notSent > 0, JSON.stringify(result.outcome));
    assert.equal(result.outcome.valid, result.outcome.sent);
    assert.equal(result.durationSeconds, 0.2);
    assert.equal(result.checks.ok, true);
  });
});
