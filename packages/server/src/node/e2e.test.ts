// End to end: real `bigchaindb start` processes on SQLite, driven over HTTP. A clean stop, a kill -9
// in the middle of concurrent writes followed by a restart on the same data (issue T1, on one
// node), and a double-spend race over HTTP (T3).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair, type Keypair, type SignedTransaction } from '@bigchaindb-ts/core';
import { join } from 'node:path';
import { openStore } from '../store/index.js';
import { NodeProcess, waitFor } from '@bigchaindb-ts/testing';
import { createTx, transferTx } from './test/node-harness.js';

type Mode = 'async' | 'sync' | 'commit';

interface Posted {
  readonly tx: SignedTransaction;
  /** The HTTP status, or null when no answer came (the node died with the request in flight). */
  status: number | null;
  body?: { code?: string };
  /** Part of a pair of conflicting spends: one of the two may lose. */
  readonly conflicting: boolean;
}

async function postTx(url: string, tx: SignedTransaction, mode: Mode = 'async'): Promise<Response> {
  return fetch(`${url}/api/v1/transactions?mode=${mode}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(tx),
  });
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const res = await fetch(url);
  return {
    status: res.status,
    body: res.status === 200 ? ((await res.json()) as Record<string, unknown>) : null,
  };
}

/** Polls the status endpoint until the transaction is decided (valid or invalid). */
async function finalStatus(url: string, id: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  let last: unknown;
  try {
    return await waitFor(
      `${id} to be decided`,
      async () => {
        const { status, body } = await getJson(`${url}/api/v1/transactions/${id}/status`);
        last = body ?? status;
        return body && (body.status === 'valid' || body.status === 'invalid') ? body : undefined;
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message} (last answer: ${JSON.stringify(last)})`, { cause: err });
  }
}

describe('node processes end to end (SQLite)', () => {
  const nodes: NodeProcess[] = [];
  async function startNode(home?: string): Promise<NodeProcess> {
    const node = await NodeProcess.start(home === undefined ? {} : { home });
    nodes.push(node);
    return node;
  }
  after(async () => {
    for (const n of nodes) await n.stop('SIGKILL');
    for (const home of new Set(nodes.map((n) => n.home))) nodes.find((n) => n.home === home)!.cleanup();
  });

  test('transactions posted over HTTP become valid; SIGTERM stops the node cleanly with exit 0', async () => {
    const node = await startNode();
    const alice = generateKeypair();
    const bob = generateKeypair();
    const create = createTx(alice, { e2e: 'clean stop' });
    const created = await postTx(node.url, create, 'commit');
    assert.equal(created.status, 202);
    assert.deepEqual(await created.json(), create);
    const transfer = transferTx(create, alice, bob);
    assert.equal((await postTx(node.url, transfer, 'async')).status, 202);
    for (const tx of [create, transfer]) {
      assert.equal((await finalStatus(node.url, tx.id)).status, 'valid');
      const got = await getJson(`${node.url}/api/v1/transactions/${tx.id}`);
      assert.deepEqual(got.body, tx);
    }
    assert.equal(await node.stop('SIGTERM'), 0);
    assert.match(node.output, /stopped cleanly/);
  });

  test('kill -9 in the middle of concurrent writes: after a restart every acknowledged transaction is decided, no output spent twice', async (t) => {
    const node = await startNode();
    const killAfterAccepted = 250;
    const postsMax = 600;
    const posted: Posted[] = [];
    let accepted = 0;
    let killed: Promise<number | null> | undefined;

    async function send(tx: SignedTransaction, conflicting = false): Promise<Posted> {
      const p: Posted = { tx, status: null, conflicting };
      posted.push(p);
      try {
        const res = await postTx(node.url, tx);
        p.status = res.status;
        p.body = (await res.json()) as { code?: string };
      } catch {
        return p; // no answer: the node is gone
      }
      if (p.status === 202 && ++accepted === killAfterAccepted) killed = node.stop('SIGKILL');
      return p;
    }

    /** One client: CREATEs, each followed by a chain of two transfers; every third chain also races a conflicting spend. */
    async function client(n: number): Promise<void> {
      for (let i = 0; posted.length < postsMax; i++) {
        const owners: Keypair[] = [generateKeypair(), generateKeypair(), generateKeypair()];
        const create = createTx(owners[0]!, { client: n, i });
        if ((await send(create)).status !== 202) return;
        const t1 = transferTx(create, owners[0]!, owners[1]!);
        if (i % 3 === 0) {
          const rival = transferTx(create, owners[0]!, generateKeypair(), { rival: true });
          const [a, b] = await Promise.all([send(t1, true), send(rival, true)]);
          if (a.status === null || b.status === null) return;
          if (a.status !== 202) continue;
        } else if ((await send(t1)).status !== 202) return;
        if ((await send(transferTx(t1, owners[1]!, owners[2]!))).status !== 202) return;
      }
    }

    await Promise.all(Array.from({ length: 24 }, (_, n) => client(n)));
    assert.ok(killed, `the node was killed after ${killAfterAccepted} acknowledgements`);
    assert.equal(await killed, null, 'killed by the signal, not exited');
    const unanswered = posted.filter((p) => p.status === null);
    assert.ok(unanswered.length > 0, 'some requests were cut off by the kill');
    // Only bad requests or conflicts could be refused; nothing here is a bad request.
    for (const p of posted.filter((q) => q.status !== null && q.status !== 202)) {
      assert.equal(p.status, 400);
      assert.equal(p.body?.code, 'DoubleSpend');
      assert.ok(p.conflicting);
    }

    // What the restart has to recover, read from the data file the killed node left.
    const store = await openStore({
      backend: 'sqlite',
      sqlitePath: join(node.home, '.bigchaindb-data', 'bigchain.sqlite'),
    });
    const backlogAtKill = await store.countBacklog();
    const top = (await store.latestHeight()) ?? 0;
    const recent = await store.getBlocksAfter(Math.max(-1, top - 100), 100);
    const undecidedAtKill = recent.filter((b) => b.status === 'undecided').length;
    await store.close();
    t.diagnostic(
      `posted ${posted.length}, acknowledged ${accepted}, cut off ${unanswered.length}; at the kill: ` +
        `${backlogAtKill} in the backlog, ${undecidedAtKill} undecided blocks`,
    );

    const restarted = await startNode(node.home);
    assert.equal(restarted.port, node.port);
    const fates = new Map<string, Record<string, unknown>>();
    for (const p of posted.filter((q) => q.status === 202)) {
      const s = await finalStatus(restarted.url, p.tx.id);
      fates.set(p.tx.id, s);
      if (s.status === 'invalid') {
        // The one legitimate way to lose: a spend that raced another one.
        assert.ok(p.conflicting, `${p.tx.id} invalid: ${String(s.reason_code)} ${String(s.reason)}`);
        assert.equal(s.reason_code, 'DoubleSpend');
        assert.equal(typeof s.reason, 'string');
      }
    }
    // Requests cut off by the kill may or may not have been accepted; if they were, they are decided too.
    for (const p of unanswered) {
      const { status, body } = await getJson(`${restarted.url}/api/v1/transactions/${p.tx.id}/status`);
      if (status === 404) continue;
      assert.equal(status, 200);
      fates.set(
        p.tx.id,
        body?.status === 'valid' || body?.status === 'invalid'
          ? body
          : await finalStatus(restarted.url, p.tx.id),
      );
    }

    // Every output is spent at most once among valid transactions, and every spent output exists.
    const spentBy = new Map<string, string>();
    const sent = new Map(posted.map((p) => [p.tx.id, p.tx]));
    let valid = 0;
    for (const [id, fate] of fates) {
      if (fate.status !== 'valid') continue;
      valid++;
      const { status, body } = await getJson(`${restarted.url}/api/v1/transactions/${id}`);
      assert.equal(status, 200);
      assert.deepEqual(body, sent.get(id));
      for (const input of (body as unknown as SignedTransaction).inputs) {
        if (input.fulfills === null) continue;
        const key = `${input.fulfills.transaction_id}:${input.fulfills.output_index}`;
        assert.equal(spentBy.get(key), undefined, `${key} spent by ${spentBy.get(key)} and ${id}`);
        spentBy.set(key, id);
        assert.equal(fates.get(input.fulfills.transaction_id)?.status, 'valid', `input of ${id}`);
      }
    }
    assert.ok(valid >= killAfterAccepted - 10, `${valid} valid of ${killAfterAccepted} accepted`);
    assert.equal(await restarted.stop('SIGTERM'), 0);
  });

  test('8 conflicting transfers of one output posted at the same moment over HTTP: exactly one valid', async () => {
    const node = await startNode();
    const alice = generateKeypair();
    const create = createTx(alice, { e2e: 'race' });
    assert.equal((await postTx(node.url, create, 'commit')).status, 202);
    const spends = Array.from({ length: 8 }, (_, i) => transferTx(create, alice, generateKeypair(), { i }));
    const modes: Mode[] = ['async', 'sync', 'commit'];
    const bodies = spends.map((tx) => JSON.stringify(tx));
    // Bodies are built first, so the requests leave together.
    const answers = await Promise.all(
      bodies.map((body, i) =>
        fetch(`${node.url}/api/v1/transactions?mode=${modes[i % 3]!}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }).then(async (res) => ({ status: res.status, body: (await res.json()) as { code?: string } })),
      ),
    );
    const winners: SignedTransaction[] = [];
    for (const [i, a] of answers.entries()) {
      if (a.status === 400) {
        assert.equal(a.body.code, 'DoubleSpend');
        continue;
      }
      assert.equal(a.status, 202);
      const fate = await finalStatus(node.url, spends[i]!.id);
      if (fate.status === 'valid') winners.push(spends[i]!);
      else assert.equal(fate.reason_code, 'DoubleSpend');
    }
    assert.equal(winners.length, 1, `valid: ${winners.map((w) => w.id).join(', ')}`);
    // The winner posted again, twice at once: the same answer both times, no 5xx (bdb#2521):
    // BigchainDB 2.x's 400 DuplicateTransaction, since it is in the ledger now.
    const again = await Promise.all([postTx(node.url, winners[0]!), postTx(node.url, winners[0]!)]);
    assert.deepEqual(
      again.map((r) => r.status),
      [400, 400],
    );
    assert.equal(await node.stop('SIGTERM'), 0);
  });
});
