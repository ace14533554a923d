import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { NodeProcess } from '@bigchaindb-ts/testing';

describe('bigchaindb load', () => {
  let node: NodeProcess;
  before(async () => {
    node = await NodeProcess.start({ config: { database: { backend: 'sqlite' } } });
  });
  after(async () => {
    await node.stop('SIGTERM');
    node.cleanup();
  });

  test('prints the command, the machine, the table and a JSON line whose checks pass', async () => {
    const args = [
      'load',
      '--count',
      '200',
      '--kind',
      'mix',
      '--chain-length',
      '4',
      '--conflicts',
      '0.05',
      '--owners',
      '2',
      '--threshold',
      '1',
      '--divisible',
      '--ceiling-seconds',
      '0.05',
      '--node-pid',
      String(node.pid),
      '--idle-seconds',
      '0.5',
      '--threads',
      '1',
    ];
    // Without --url, the node's own api_endpoint from its configuration.
    const { stdout } = await node.cli(args);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^# command: bigchaindb load --count 200 /);
    assert.match(lines[1]!, /^# machine: .*cores, .*GiB, Node v/);
    assert.match(stdout, /\| committed \/ ceiling \| \*\*[\d.]+%\*\* \|/);
    assert.match(stdout, /\| checks \| ok \|/);
    const json = JSON.parse(lines.at(-1)!) as {
      bench: string;
      results: {
        workload: string;
        outcome: { sent: number; valid: number; conflicts: { sent: number } };
        checks: { ok: boolean; outputsSpentTwice: number };
        ceiling: { perSecond: number };
        rss: { peakBytes: number } | null;
      }[];
    };
    assert.equal(json.bench, 'load');
    const r = json.results[0]!;
    assert.equal(r.workload, '200 mix, chains of 4, 5.0% conflicts, 1-of-2 owners, divisible');
    assert.equal(r.outcome.sent, 200);
    assert.equal(r.outcome.conflicts.sent, 10);
    assert.equal(r.outcome.valid, 190);
    assert.equal(r.checks.ok, true);
    assert.equal(r.checks.outputsSpentTwice, 0);
    assert.ok(r.ceiling.perSecond > 0);
    if (process.platform === 'linux') assert.ok(r.rss && r.rss.peakBytes > 0);
  });
});
