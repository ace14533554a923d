// End to end: `bigchaindb dump` of a running node taking transactions, `verify-dump`, and
// `restore` into a fresh SQLite node that then answers over HTTP as the original does; a damaged
// dump is refused with its position and exit 1, leaving the target empty.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { generateKeypair, type SignedTransaction } from '@bigchaindb-ts/core';
import { NodeProcess, waitFor } from '@bigchaindb-ts/testing';
import { createTx, transferTx } from '../node/test/node-harness.js';

const nodes: NodeProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'bigchaindb-backup-cli-'));
after(async () => {
  for (const n of nodes) await n.stop('SIGKILL');
  for (const n of nodes) n.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function post(url: string, tx: SignedTransaction, mode: 'async' | 'commit'): Promise<number> {
  const res = await fetch(`${url}/api/v1/transactions?mode=${mode}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(tx),
  });
  await res.arrayBuffer();
  return res.status;
}

async function answer(url: string, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}${path}`);
  return { status: res.status, body: res.status === 200 ? await res.json() : null };
}

/** The ids of the transactions of the valid blocks in a dump. */
function validTxIds(file: string): string[] {
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"block"'))
    .map((l) => JSON.parse(l) as { status: string; block: { block: { transactions: { id: string }[] } } })
    .filter((b) => b.status === 'valid')
    .flatMap((b) => b.block.block.transactions.map((t) => t.id));
}

test('dump a node taking load, verify the file, restore it into a fresh node that answers as the original', async () => {
  const node = await NodeProcess.start();
  nodes.push(node);
  const alice = generateKeypair();
  const bob = generateKeypair();
  const first: SignedTransaction[] = [];
  for (let i = 0; i < 10; i++) {
    const c = createTx(alice, { i });
    assert.equal(await post(node.url, c, 'commit'), 202);
    const t = transferTx(c, alice, bob);
    assert.equal(await post(node.url, t, 'commit'), 202);
    first.push(c, t);
  }
  // Transactions keep arriving while the dump runs.
  let stop = false;
  const load = (async () => {
    let n = 0;
    while (!stop) assert.equal(await post(node.url, createTx(alice, { during: n++ }), 'async'), 202);
    return n;
  })();
  const file = join(dir, 'full.jsonl.gz');
  const dumped = await node.cli(['-c', node.configPath, 'dump', file]);
  stop = true;
  assert.ok((await load) > 0);
  assert.match(
    dumped.stderr,
    /Dumped the SQLite database .* to .*full\.jsonl\.gz: \d+ blocks, \d+ votes, \d+ transactions, \d+ bytes, ledger height \d+, digest sha256:[0-9a-f]{64}/,
  );

  const verified = await node.cli(['-c', node.configPath, 'verify-dump', file]);
  assert.match(verified.stdout, /^Verified 1 file\(s\): \d+ blocks/);

  const ids = validTxIds(file);
  for (const tx of first) assert.ok(ids.includes(tx.id), `${tx.id} was committed before the dump`);

  const restored = await NodeProcess.create({
    config: {
      keypair: JSON.parse(readFileSync(node.configPath, 'utf8')).keypair as unknown,
      database: { path: join(dir, 'restored.sqlite') },
    },
  });
  nodes.push(restored);
  const out = await restored.cli(['-c', restored.configPath, 'restore', file]);
  assert.match(out.stdout, /^Restored 1 file\(s\) into the SQLite database/);
  // A second restore finds blocks there and refuses.
  await assert.rejects(restored.cli(['-c', restored.configPath, 'restore', file]), /already holds blocks/);
  await restored.launch();
  for (const id of ids) {
    const want = await waitFor(`${id} on the original`, async () => {
      const a = await answer(node.url, `/api/v1/transactions/${id}`);
      return a.status === 200 ? a : undefined;
    });
    assert.deepEqual(await answer(restored.url, `/api/v1/transactions/${id}`), want);
    assert.deepEqual(
      await answer(restored.url, `/api/v1/transactions/${id}/status`),
      await answer(node.url, `/api/v1/transactions/${id}/status`),
    );
  }
  for (const key of [alice.publicKey, bob.publicKey]) {
    const path = `/api/v1/outputs?public_key=${key}&spent=false`;
    const mine = (await answer(restored.url, path)).body as unknown[];
    // The original has taken more transactions since; every restored output is among its own.
    const theirs = JSON.stringify((await answer(node.url, path)).body);
    for (const o of mine) assert.ok(theirs.includes(JSON.stringify(o)), JSON.stringify(o));
  }

  // A changed byte: refused with the position, exit 1, one line, and the target left empty.
  const text = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  text[2] = text[2]!.replace(/"amount":"1"/, '"amount":"2"');
  const bad = join(dir, 'bad.jsonl.gz');
  writeFileSync(bad, gzipSync(text.join('\n')));
  const empty = await NodeProcess.create({ config: { database: { path: join(dir, 'empty.sqlite') } } });
  nodes.push(empty);
  await assert.rejects(
    empty.cli(['-c', empty.configPath, 'restore', bad]),
    /exited 1: (\rrestore: [^\n]*\n)?bigchaindb: .*bad\.jsonl\.gz, line 3, height 1, block [0-9a-f]{64}: the block fails its check: InvalidBlockHash\n$/,
  );
  await assert.rejects(empty.cli(['-c', empty.configPath, 'verify-dump', bad]), /line 3, height 1/);
  // The tables restore created were dropped again (`init` here would write a genesis block).
  const { openStore } = await import('../store/index.js');
  const store = await openStore({ backend: 'sqlite', sqlitePath: join(dir, 'empty.sqlite') });
  try {
    assert.equal(await store.exists(), false);
    await store.init();
    assert.equal(await store.latestHeight(), null);
  } finally {
    await store.close();
  }

  // An incremental dump continuing the full one (`--previous`), verified and restored with it.
  for (let i = 0; i < 3; i++) assert.equal(await post(node.url, createTx(bob, { later: i }), 'commit'), 202);
  const incremental = join(dir, 'incremental.jsonl.gz');
  const more = await node.cli(['-c', node.configPath, 'dump', '--previous', file, incremental]);
  const height = (text: string) => Number(/ledger height (\d+)/.exec(text)?.[1]);
  assert.ok(height(more.stderr) > height(dumped.stderr), more.stderr);
  const chained = await node.cli(['-c', node.configPath, 'verify-dump', file, incremental]);
  assert.equal(height(chained.stdout), height(more.stderr));
  await assert.rejects(
    node.cli(['-c', node.configPath, 'verify-dump', incremental, file]),
    /does not continue the previous file/,
  );
  const both = await empty.cli(['-c', empty.configPath, 'restore', file, incremental]);
  assert.match(both.stdout, /^Restored 2 file\(s\)/);
  assert.equal(height(both.stdout), height(more.stderr));

  // `dump -` writes the file to stdout (to pipe it elsewhere) and its summary to stderr.
  const piped = join(dir, 'piped.jsonl.gz');
  const toStdout = await node.cli(['-c', node.configPath, 'dump', '-'], undefined, piped);
  assert.match(toStdout.stderr, /to -: \d+ blocks/);
  const pipedCheck = await node.cli(['-c', node.configPath, 'verify-dump', piped]);
  assert.ok(height(pipedCheck.stdout) >= height(more.stderr), pipedCheck.stdout);
  // `--from-height H` alone (no --previous) continues a dump that ended at H.
  const fromHeight = join(dir, 'from-height.jsonl.gz');
  await node.cli(['-c', node.configPath, 'dump', '--from-height', String(height(dumped.stderr)), fromHeight]);
  const continued = await node.cli(['-c', node.configPath, 'verify-dump', file, fromHeight]);
  assert.match(continued.stdout, /^Verified 2 file\(s\)/);
  await assert.rejects(
    node.cli(['-c', node.configPath, 'verify-dump', incremental, fromHeight]),
    /does not continue the previous file/,
  );
});

test('dump, verify-dump and restore have help', async () => {
  const node = await NodeProcess.create();
  nodes.push(node);
  for (const command of ['dump', 'verify-dump', 'restore']) {
    const { stdout } = await node.cli([command, '--help']);
    assert.match(stdout, new RegExp(`Usage: bigchaindb ${command}`));
    assert.match(stdout, /docs|verify|check/);
  }
});
