// A ledger holding SPOOL steps survives dump, verify-dump and restore: the verifier judges every
// step with the registry's rules over its own whole-ledger view (no references are loaded there),
// and the restored store's registry indexes answer as the original's.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeypair, type SignedTransaction } from '@bigchaindb-ts/core';
import { buildStep, fileHash } from '@bigchaindb-ts/spool';
import { dumpChain, restoreChain, verifyChain } from '../backup/index.js';
import { openStore, type Store } from '../store/index.js';
import type { EditionDetail } from './index.js';
import { spoolNode, spoolRules, type SpoolNode } from './test/spool-node.js';

const dir = mkdtempSync(join(tmpdir(), 'spool-backup-'));
const opened: Store[] = [];
const nodes: SpoolNode[] = [];
after(async () => {
  for (const n of nodes) {
    await n.app.close();
    await n.node.stop();
  }
  for (const s of opened) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

test('dump, verify-dump and restore a ledger of SPOOL steps', async () => {
  const rules = spoolRules();
  const fresh = async () => {
    const store = await openStore({ backend: 'sqlite', sqlitePath: ':memory:' }, { indexes: rules.indexes });
    await store.init();
    opened.push(store);
    return store;
  };
  const store = await fresh();
  const s = spoolNode(store, rules);
  nodes.push(s);
  await s.node.start();
  const [u1, u2, u3] = [generateKeypair(), generateKeypair(), generateKeypair()];
  const reg = s.registrar;
  const piece = buildStep.piece({
    registrar: reg,
    artist: u1.publicKey,
    fileHash: fileHash(new Uint8Array([7])),
  });
  const steps: SignedTransaction[] = [piece];
  steps.push(buildStep.editions({ registrar: reg, pieceId: piece.id, numEditions: 3, holder: u1.publicKey }));
  const e1 = buildStep.register({ registrar: reg, pieceId: piece.id, edition: 1, owner: u1.publicKey });
  const c = buildStep.move({ action: 'CONSIGN', edition: 1, holder: u1, spend: e1, to: u2.publicKey });
  const l1 = buildStep.loan({
    edition: 1,
    holder: u2,
    spend: c,
    loanee: u3.publicKey,
    start: '2020-01-01',
    end: '2020-01-02',
  });
  const l2 = buildStep.loan({
    edition: 1,
    holder: u2,
    spend: l1,
    loanee: u1.publicKey,
    start: '2020-02-01',
    end: '2020-02-02',
  });
  const un = buildStep.move({ action: 'UNCONSIGN', edition: 1, holder: u2, spend: l2, to: u1.publicKey });
  const m = buildStep.move({ action: 'TRANSFER', edition: 0, holder: u1, spend: piece, to: u3.publicKey });
  steps.push(e1, c, l1, l2, un, m);
  for (const tx of steps) await s.commit(tx);
  const before = (await s.get<EditionDetail>(`/api/v1/spool/pieces/${piece.id}/editions/1`)).body;
  assert.deepEqual(
    before.history.map((h) => h.action),
    ['REGISTER', 'CONSIGN', 'LOAN', 'LOAN', 'UNCONSIGN'],
  );

  const file = join(dir, 'spool.jsonl.gz');
  await dumpChain(store, {
    file,
    federation: [reg.publicKey],
    voteQuorum: 'majority',
    afterHeight: null,
    previousDigest: null,
  });
  const verified = await verifyChain([file], rules);
  assert.equal(verified.transactions, steps.length);

  const target = await fresh();
  await restoreChain(target, [file], rules);
  const r = spoolNode(target, rules, reg);
  nodes.push(r);
  for (const n of [0, 1]) {
    const path = `/api/v1/spool/pieces/${piece.id}/editions/${n}`;
    assert.deepEqual((await r.get<EditionDetail>(path)).body, (await s.get<EditionDetail>(path)).body);
  }
});
