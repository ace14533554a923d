// Proof-of-work miners as real processes on loopback at difficulty 1, driven through the seed's
// commands and endpoints and our API: a ring that meets by gossip and agrees on one chain, a
// killed miner that catches up, and two groups that mined apart and converge.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  signTransaction,
  type Keypair,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import { freePort, waitFor } from '@bigchaindb-ts/testing';
import { cli, MinerProcess } from './test/miner-process.js';

const timeoutMs = 30_000;

function create(owner: Keypair, data: Record<string, unknown>): SignedTransaction {
  return signTransaction(
    makeCreateTransaction(data, null, [makeOwnerOutput(owner.publicKey, '1')], [owner.publicKey]),
    owner.privateKey,
  );
}

function transfer(tx: SignedTransaction, from: Keypair, to: Keypair): SignedTransaction {
  return signTransaction(
    makeTransferTransaction([{ tx, outputIndex: 0 }], [makeOwnerOutput(to.publicKey, '1')], null),
    from.privateKey,
  );
}

async function post(m: MinerProcess, tx: SignedTransaction): Promise<void> {
  const r = await m.post('/api/v1/transactions?mode=async', tx);
  assert.equal(r.status, 202, JSON.stringify(r.body));
}

async function chainOf(m: MinerProcess): Promise<{ transactions: SignedTransaction[] }[]> {
  return (await m.get<{ chain: { transactions: SignedTransaction[] }[] }>('/chain')).chain;
}

async function hasMessage(m: MinerProcess, message: string): Promise<boolean> {
  return (await chainOf(m)).some((b) =>
    b.transactions.some((t) => (t.asset as { data?: { message?: string } }).data?.message === message),
  );
}

function waitStatus(m: MinerProcess, id: string, wanted: readonly string[]) {
  return waitFor(
    `${id.slice(0, 8)} ${wanted.join('|')} on ${m.port}`,
    async () => {
      const s = await m.status(id);
      return s && wanted.includes(s.status) ? s : undefined;
    },
    timeoutMs,
  );
}

/** CPU seconds a process has used (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

describe('proof-of-work network (real processes)', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pow-e2e-'));
  const miners: MinerProcess[] = [];
  after(async () => {
    await Promise.all(miners.map((m) => m.stop('SIGKILL')));
    rmSync(dir, { recursive: true, force: true });
  });

  test('a ring of three: gossip, a message everywhere, transactions valid everywhere, one chain, catch-up', async () => {
    const ports = [await freePort(), await freePort(), await freePort()];
    const started = await Promise.all(
      ports.map((port, i) =>
        MinerProcess.start(join(dir, `m${i + 1}`, 'test.chain'), { port, neighbours: [ports[(i + 1) % 3]!] }),
      ),
    );
    miners.push(...started);
    const [m1, m2, m3] = started as [MinerProcess, MinerProcess, MinerProcess];
    // Gossip: each was given one neighbour and comes to know both others.
    for (const m of started)
      await waitFor(
        `neighbours of ${m.port}`,
        async () => ((await m.get<{ length: number }>('/neighbours')).length === 2 ? true : undefined),
        timeoutMs,
      );

    // The seed's command adds a message at miner 1; it ends in every miner's chain.
    const added = cli(['add', 'hello ring', '--host', '127.0.0.1', '--port', String(m1.port)]);
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /Message added!/);
    for (const m of started)
      await waitFor(
        `the message on ${m.port}`,
        async () => ((await hasMessage(m, 'hello ring')) ? true : undefined),
        timeoutMs,
      );

    // Ledger transactions posted to different miners end valid on every miner.
    const alice = generateKeypair();
    const bob = generateKeypair();
    const a = create(alice, { ring: 'alice' });
    const b = create(bob, { ring: 'bob' });
    await post(m2, a);
    await post(m3, b);
    for (const m of started) await waitStatus(m, a.id, ['valid']);
    const a2 = transfer(a, alice, bob);
    await post(m1, a2);
    for (const m of started) {
      await waitStatus(m, b.id, ['valid']);
      const s = await waitStatus(m, a2.id, ['valid']);
      assert.ok((s as { confirmations?: number }).confirmations! >= 2);
    }

    // One chain: once the miners are idle, every tip is the same, and so is every chain.
    await waitFor(
      'identical tips',
      async () => {
        const tips = await Promise.all(started.map((m) => m.tip()));
        return tips.every((t) => t.hash === tips[0]!.hash) ? true : undefined;
      },
      timeoutMs,
    );
    const chains = await Promise.all(started.map((m) => m.get('/chain')));
    assert.deepEqual(chains[1], chains[0]);
    assert.deepEqual(chains[2], chains[0]);

    // An idle miner uses next to no CPU (a busy loop would use a whole core).
    const before = cpuSeconds(m1.child!.pid!);
    await new Promise((r) => setTimeout(r, 2000));
    assert.ok(cpuSeconds(m1.child!.pid!) - before < 0.8, 'an idle miner spins');

    // Miner 3 is killed; messages are added meanwhile; restarted on its files, it catches up.
    await m3.stop('SIGKILL');
    assert.equal(
      cli(['add', 'while three was down', '--host', '127.0.0.1', '--port', String(m1.port)]).status,
      0,
    );
    await waitFor(
      'mined at 1',
      async () => ((await hasMessage(m1, 'while three was down')) ? true : undefined),
      timeoutMs,
    );
    await m3.spawn(['--neighbours', `127.0.0.1:${m1.port}`]);
    await waitFor(
      'caught up',
      async () => ((await hasMessage(m3, 'while three was down')) ? true : undefined),
      timeoutMs,
    );

    // Started with --force_new_chain, it drops its chain and adopts the network's.
    await m3.stop('SIGTERM');
    const tip1 = await m1.tip();
    await m3.spawn(['--neighbours', `127.0.0.1:${m1.port}`, '--force_new_chain']);
    await waitFor(
      'adopted the longer chain',
      async () => ((await m3.tip()).height >= tip1.height ? true : undefined),
      timeoutMs,
    );
    assert.equal(await hasMessage(m3, 'hello ring'), true);
    const got = cli(['get', 'neighbours', '--host', '127.0.0.1', '--port', String(m1.port)]);
    assert.match(got.stdout, /Actual are \d neighbours available/);
  });

  test('two groups mine apart, then converge: a double spend ends with exactly one spender, nothing lost', async () => {
    // Deep confirmations: the branches stay reorganisable while apart.
    const env = { BIGCHAINDB_POW_CONFIRMATIONS: '50', BIGCHAINDB_POW_NETWORK: 'e2e-split' };
    const [x, y] = await Promise.all([
      MinerProcess.start(join(dir, 'x', 'test.chain'), { env }),
      MinerProcess.start(join(dir, 'y', 'test.chain'), { env }),
    ]);
    miners.push(x, y);
    const alice = generateKeypair();
    const base = create(alice, { split: 'base' });
    await post(x, base);
    await post(y, base);
    await waitStatus(x, base.id, ['undecided']);
    await waitStatus(y, base.id, ['undecided']);
    const toBob = transfer(base, alice, generateKeypair());
    const toCarol = transfer(base, alice, generateKeypair());
    const onlyY = create(alice, { split: 'only y' });
    await post(x, toBob);
    await post(y, toCarol);
    await post(y, onlyY);
    await waitStatus(x, toBob.id, ['undecided']);
    await waitStatus(y, toCarol.id, ['undecided']);
    await waitStatus(y, onlyY.id, ['undecided']);

    // They meet: each is told of the other.
    for (const [m, other] of [
      [x, y],
      [y, x],
    ] as const) {
      const tip = await other.tip();
      const r = await m.post('/api/v1/peers/announce', {
        from: other.url,
        network_id: (tip as unknown as { network_id: string }).network_id,
        height: tip.height,
        hash: tip.hash,
      });
      assert.equal(r.status, 202);
    }
    await waitFor(
      'one chain',
      async () => {
        const [tx, ty] = await Promise.all([x.tip(), y.tip()]);
        if (tx.hash !== ty.hash) return undefined;
        // And the losing spender has been judged where it was known.
        const s = await Promise.all([x.status(toBob.id), y.status(toCarol.id)]);
        return s.some((v) => v?.status === 'invalid') ? true : undefined;
      },
      timeoutMs,
    );
    const live = ['undecided', 'valid'];
    const bobX = (await x.status(toBob.id))!;
    const carolY = (await y.status(toCarol.id))!;
    const winners = [bobX, carolY].filter((s) => live.includes(s.status));
    assert.equal(winners.length, 1, JSON.stringify([bobX, carolY]));
    const loser = [bobX, carolY].find((s) => s.status === 'invalid')!;
    assert.equal(loser.reason_code, 'DoubleSpend');
    // The winner is in both chains; nothing else was lost.
    const winner = bobX === winners[0] ? toBob : toCarol;
    for (const m of [x, y]) {
      await waitStatus(m, winner.id, live);
      await waitStatus(m, base.id, live);
      await waitStatus(m, onlyY.id, live);
    }
  });
});
