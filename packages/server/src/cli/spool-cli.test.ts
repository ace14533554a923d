// The seed's scenario through `bigchaindb spool` (the built executable, one process per step)
// against a real node over HTTP: key files, every operation, the printed transaction ids and
// edition states, a refusal's code, and --help on each subcommand.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '../store/index.js';
import { spoolNode, spoolRules, type SpoolNode } from '../spool/test/spool-node.js';
import { createProgram } from './program.js';

const bin = fileURLToPath(new URL('../../bin/bigchaindb.js', import.meta.url));
let store: Store;
let s: SpoolNode;
let url: string;
let dir: string;

function run(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    // No config file: every command gets --url, and registrations a --key.
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, HOME: dir, BIGCHAINDB_CONFIG_PATH: join(dir, 'none') },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** A step's output: its transaction id, then the edition as JSON. */
function stepOutput(out: string): { id: string; edition: { holder: string; history: { action: string }[] } } {
  const [first, ...rest] = out.split('\n');
  const m = /^transaction ([0-9a-f]{64})$/.exec(first ?? '');
  assert.ok(m, out);
  return { id: m[1]!, edition: JSON.parse(rest.join('\n')) as never };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spool-cli-'));
  const rules = spoolRules();
  store = await openStore({ backend: 'sqlite', sqlitePath: ':memory:' }, { indexes: rules.indexes });
  await store.init();
  s = spoolNode(store, rules);
  await s.node.start();
  await s.app.listen({ host: '127.0.0.1', port: 0 });
  const address = s.app.server.address();
  assert.ok(address !== null && typeof address === 'object');
  url = `http://127.0.0.1:${address.port}/api/v1`;
});
after(async () => {
  await s.app.close();
  await s.node.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the seed's scenario through bigchaindb spool", async () => {
  const registrar = join(dir, 'federation.json');
  writeFileSync(
    registrar,
    JSON.stringify({ public: s.registrar.publicKey, private: s.registrar.privateKey }),
  );
  const users: { file: string; key: string }[] = [];
  for (const name of ['user1', 'user2', 'user3']) {
    const file = join(dir, `${name}.json`);
    const r = await run('spool', 'keygen', file);
    assert.equal(r.code, 0, r.err);
    users.push({ file, key: r.out.trim() });
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).public, r.out.trim());
  }
  const [u1, u2, u3] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]];
  const artwork = join(dir, 'artwork.png');
  writeFileSync(artwork, 'not really a png');
  const piece = await run(
    'spool',
    'register-piece',
    '--url',
    url,
    '--key',
    registrar,
    '--artist',
    u1.key,
    '--file',
    artwork,
    '--title',
    'Seed',
  );
  assert.equal(piece.code, 0, piece.err);
  const pieceId = stepOutput(piece.out).id;
  const editions = await run('spool', 'editions', pieceId, '10', '--url', url, '--key', registrar);
  assert.equal(editions.code, 0, editions.err);
  const reg = await run(
    'spool',
    'register-edition',
    pieceId,
    '1',
    '--owner',
    u1.key,
    '--url',
    url,
    '--key',
    registrar,
  );
  assert.equal(reg.code, 0, reg.err);
  assert.equal(stepOutput(reg.out).edition.holder, u1.key);
  const steps: [string[], string, string][] = [
    [['transfer', pieceId, '1', '--to', u2.key, '--key', u1.file], u2.key, 'TRANSFER'],
    [['consign', pieceId, '1', '--to', u3.key, '--key', u2.file], u3.key, 'CONSIGN'],
    [['unconsign', pieceId, '1', '--key', u3.file], u2.key, 'UNCONSIGN'],
    [
      [
        'loan',
        pieceId,
        '1',
        '--to',
        u3.key,
        '--start',
        '2015-05-22',
        '--end',
        '2015-05-23',
        '--key',
        u2.file,
      ],
      u2.key,
      'LOAN',
    ],
  ];
  for (const [args, holder, action] of steps) {
    const r = await run('spool', ...args, '--url', url);
    assert.equal(r.code, 0, r.err);
    const { edition } = stepOutput(r.out);
    assert.equal(edition.holder, holder, action);
    assert.equal(edition.history[edition.history.length - 1]?.action, action);
  }
  const holder = await run('spool', 'holder', pieceId, '1', '--url', url);
  assert.equal(holder.out.trim(), u2.key);
  const history = await run('spool', 'history', pieceId, '1', '--url', url);
  assert.deepEqual(
    (JSON.parse(history.out) as { history: { action: string }[] }).history.map((h) => h.action),
    ['REGISTER', 'TRANSFER', 'CONSIGN', 'UNCONSIGN', 'LOAN'],
  );
  const p = await run('spool', 'piece', pieceId, '--url', url);
  assert.equal((JSON.parse(p.out) as { num_editions: number }).num_editions, 10);
  // A refusal: the code, one line, exit 1.
  const again = await run(
    'spool',
    'register-edition',
    pieceId,
    '1',
    '--owner',
    u3.key,
    '--url',
    url,
    '--key',
    registrar,
  );
  assert.equal(again.code, 1);
  assert.match(again.err, /SpoolEditionExists/);
  const notHolder = await run(
    'spool',
    'transfer',
    pieceId,
    '1',
    '--to',
    u3.key,
    '--key',
    u1.file,
    '--url',
    url,
  );
  assert.equal(notHolder.code, 1);
});

test('every spool subcommand has its --help', () => {
  const spool = createProgram().commands.find((c) => c.name() === 'spool');
  assert.ok(spool);
  const names = spool.commands.map((c) => c.name()).sort();
  assert.deepEqual(names, [
    'consign',
    'editions',
    'history',
    'holder',
    'keygen',
    'loan',
    'piece',
    'register-edition',
    'register-piece',
    'transfer',
    'unconsign',
  ]);
  for (const c of spool.commands) {
    const help = c.helpInformation();
    assert.match(help, new RegExp(`Usage: bigchaindb spool ${c.name()}`));
    assert.ok(c.description().length > 10, c.name());
  }
});
