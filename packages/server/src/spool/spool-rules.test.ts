// The SPOOL registry on one real node, over HTTP: the seed's scenario with the holder and history
// at every step, one refusal per code of docs/spool.md, ordinary transactions untouched, and racing
// registrations with exactly one winner. SQLite and PostgreSQL.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  signTransaction,
  type Keypair,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import {
  buildStep,
  editionAsset,
  fileHash,
  loanMetadata,
  pieceAsset,
  verbMetadata,
} from '@bigchaindb-ts/spool';
import { createTx, transferTx, waitForStatus } from '../node/test/node-harness.js';
import {
  BACKENDS,
  harness,
  pgHost,
  pgPort,
  postgresReachable,
  type Harness,
} from '../store/test/backends.js';
import type { EditionDetail, PieceDetail, PieceSummary } from './index.js';
import { spoolNode, spoolRules, type SpoolNode } from './test/spool-node.js';

type Held = { piece_id: string; edition: number; asset_id: string }[];

const pgUp = BACKENDS.includes('postgresql') ? await postgresReachable() : false;
const randomHash = () => fileHash(new TextEncoder().encode(generateKeypair().publicKey));

for (const backend of BACKENDS) {
  const skip = backend === 'postgresql' && !pgUp ? `not reachable at ${pgHost}:${pgPort}` : false;
  describe(`the SPOOL registry on one node: ${backend}`, { skip }, () => {
    let h: Harness;
    let s: SpoolNode;
    const rules = spoolRules();
    const [user1, user2, user3] = [generateKeypair(), generateKeypair(), generateKeypair()];
    before(() => {
      h = harness(backend, { indexes: rules.indexes });
    });
    const nodes: SpoolNode[] = [];
    const start = async () => {
      s = spoolNode(await h.fresh(), rules);
      nodes.push(s);
      await s.node.start();
      return s;
    };
    afterEach(async () => {
      for (const n of nodes.splice(0)) {
        await n.app.close();
        await n.node.stop();
      }
    });
    after(async () => {
      await h.cleanup();
    });

    /** A piece with `n` editions (0: not set) registered to `artist`. */
    async function piece(artist: Keypair, n = 10, hash = randomHash()) {
      const p = buildStep.piece({
        registrar: s.registrar,
        artist: artist.publicKey,
        fileHash: hash,
        fields: { title: 'T' },
      });
      await s.commit(p);
      if (n > 0)
        await s.commit(
          buildStep.editions({
            registrar: s.registrar,
            pieceId: p.id,
            numEditions: n,
            holder: artist.publicKey,
          }),
        );
      return p;
    }
    const edition = async (pieceId: string, n: number | string) =>
      s.get<EditionDetail>(`/api/v1/spool/pieces/${pieceId}/editions/${n}`);

    test("the seed's scenario: holder and history at every step", async () => {
      await start();
      const hash = fileHash(new TextEncoder().encode('the artwork'));
      const master = buildStep.piece({ registrar: s.registrar, artist: user1.publicKey, fileHash: hash });
      await s.commit(master);
      assert.deepEqual(
        (await s.get<PieceSummary[]>(`/api/v1/spool/pieces?file_hash=${hash}`)).body.map((p) => [
          p.piece_id,
          p.num_editions,
        ]),
        [[master.id, null]],
      );
      let e0 = (await edition(master.id, 0)).body;
      assert.equal(e0.holder, user1.publicKey);
      assert.deepEqual(e0.allowed.editions, [s.registrar.publicKey]);

      await s.commit(
        buildStep.editions({
          registrar: s.registrar,
          pieceId: master.id,
          numEditions: 10,
          holder: user1.publicKey,
        }),
      );
      e0 = (await edition(master.id, 0)).body;
      assert.deepEqual(
        e0.history.map((x) => [x.action, x.verb, x.from, x.to]),
        [
          ['PIECE', 'ASCRIBESPOOL01PIECE', s.registrar.publicKey, user1.publicKey],
          ['EDITIONS', 'ASCRIBESPOOL01EDITIONS10', s.registrar.publicKey, user1.publicKey],
        ],
      );
      assert.equal(e0.num_editions, 10);
      assert.equal(e0.holder, user1.publicKey);

      const reg = buildStep.register({
        registrar: s.registrar,
        pieceId: master.id,
        edition: 1,
        owner: user1.publicKey,
      });
      await s.commit(reg);
      const steps: [string, Keypair, SignedTransaction][] = [];
      let last: SignedTransaction = reg;
      const expect = async (holder: Keypair, consignor: Keypair | null, actions: string[]) => {
        const e = (await edition(master.id, 1)).body;
        assert.equal(e.asset_id, reg.id);
        assert.equal(e.holder, holder.publicKey);
        assert.equal(e.consignor, consignor?.publicKey ?? null);
        assert.equal(e.consigned_to, consignor === null ? null : holder.publicKey);
        assert.deepEqual(
          e.history.map((x) => x.action),
          actions,
        );
        assert.deepEqual(e.allowed.transfer, [holder.publicKey]);
        assert.deepEqual(e.allowed.unconsign, consignor === null ? [] : [holder.publicKey]);
        // The holder of the edition's output, as the core's outputs say.
        const held = (await s.get<Held>(`/api/v1/spool/owners/${holder.publicKey}`)).body;
        assert.ok(held.some((x) => x.asset_id === reg.id && x.edition === 1 && x.piece_id === master.id));
        return e;
      };
      await expect(user1, null, ['REGISTER']);
      const move = async (action: 'TRANSFER' | 'CONSIGN' | 'UNCONSIGN', from: Keypair, to: Keypair) => {
        last = buildStep.move({ action, edition: 1, holder: from, spend: last, to: to.publicKey });
        await s.commit(last);
        steps.push([action, to, last]);
      };
      await move('TRANSFER', user1, user2);
      await expect(user2, null, ['REGISTER', 'TRANSFER']);
      await move('CONSIGN', user2, user3);
      await expect(user3, user2, ['REGISTER', 'TRANSFER', 'CONSIGN']);
      await move('UNCONSIGN', user3, user2);
      await expect(user2, null, ['REGISTER', 'TRANSFER', 'CONSIGN', 'UNCONSIGN']);
      last = buildStep.loan({
        edition: 1,
        holder: user2,
        spend: last,
        loanee: user3.publicKey,
        start: '2015-05-22',
        end: '2015-05-23',
      });
      await s.commit(last);
      const e = await expect(user2, null, ['REGISTER', 'TRANSFER', 'CONSIGN', 'UNCONSIGN', 'LOAN']);
      assert.equal(e.history[4]?.verb, 'ASCRIBESPOOL01LOAN1/150522150523');
      assert.equal(e.history[4]?.to, user3.publicKey);
      assert.deepEqual(
        e.loans.map((l) => [l.loanee, l.start, l.end]),
        [[user3.publicKey, '2015-05-22', '2015-05-23']],
      );
      // Ledger order: block heights never go down.
      const heights = e.history.map((x) => x.block_height ?? -1);
      assert.deepEqual(
        heights,
        [...heights].sort((a, b) => a - b),
      );
      const p = (await s.get<PieceDetail>(`/api/v1/spool/pieces/${master.id}`)).body;
      assert.deepEqual(
        p.editions.map((x) => [x.edition, x.holder]),
        [
          [0, user1.publicKey],
          [1, user2.publicKey],
        ],
      );
      assert.equal(
        (await s.get<Held>(`/api/v1/spool/owners/${user1.publicKey}`)).body.length,
        1,
        'user1 keeps the master only',
      );
    });

    test('one refusal per code, each a 400 with its code', async () => {
      await start();
      const reg = s.registrar;
      // SpoolNotRegistrar: a piece, editions or edition registered by anyone else.
      await s.refused(
        buildStep.piece({ registrar: user1, artist: user1.publicKey, fileHash: randomHash() }),
        'SpoolNotRegistrar',
      );
      const p = await piece(user1, 0);
      await s.refused(
        buildStep.editions({ registrar: user1, pieceId: p.id, numEditions: 3, holder: user1.publicKey }),
        'SpoolNotRegistrar',
      );
      // SpoolEditionsNotSet: REGISTER before EDITIONS.
      await s.refused(
        buildStep.register({ registrar: reg, pieceId: p.id, edition: 1, owner: user1.publicKey }),
        'SpoolEditionsNotSet',
      );
      // SpoolNotHolder: EDITIONS to someone but the master's holder.
      await s.refused(
        buildStep.editions({ registrar: reg, pieceId: p.id, numEditions: 3, holder: user2.publicKey }),
        'SpoolNotHolder',
      );
      await s.commit(
        buildStep.editions({ registrar: reg, pieceId: p.id, numEditions: 3, holder: user1.publicKey }),
      );
      // SpoolEditionsAlreadySet: set once.
      await s.refused(
        buildStep.editions({ registrar: reg, pieceId: p.id, numEditions: 4, holder: user1.publicKey }),
        'SpoolEditionsAlreadySet',
      );
      // SpoolPieceExists: one piece per file hash.
      const hash = randomHash();
      await s.commit(buildStep.piece({ registrar: reg, artist: user1.publicKey, fileHash: hash }));
      await s.refused(
        buildStep.piece({ registrar: reg, artist: user2.publicKey, fileHash: hash }),
        'SpoolPieceExists',
      );
      // SpoolUnknownPiece.
      await s.refused(
        buildStep.editions({
          registrar: reg,
          pieceId: randomHash(),
          numEditions: 3,
          holder: user1.publicKey,
        }),
        'SpoolUnknownPiece',
      );
      await s.refused(
        buildStep.register({ registrar: reg, pieceId: randomHash(), edition: 1, owner: user1.publicKey }),
        'SpoolUnknownPiece',
      );
      // SpoolEditionOutOfRange: n > N, and n < 1.
      await s.refused(
        buildStep.register({ registrar: reg, pieceId: p.id, edition: 4, owner: user1.publicKey }),
        'SpoolEditionOutOfRange',
      );
      const zero = signTransaction(
        makeCreateTransaction(
          editionAsset(p.id, 0),
          { spool: { verb: 'ASCRIBESPOOL01REGISTER' } },
          [makeOwnerOutput(user1.publicKey)],
          [reg.publicKey],
        ),
        reg.privateKey,
      );
      await s.refused(zero, 'SpoolEditionOutOfRange');
      // SpoolEditionExists.
      const e1 = buildStep.register({ registrar: reg, pieceId: p.id, edition: 1, owner: user1.publicKey });
      await s.commit(e1);
      await s.refused(
        buildStep.register({ registrar: reg, pieceId: p.id, edition: 1, owner: user2.publicKey }),
        'SpoolEditionExists',
      );
      // SpoolBadVerb: unparsable, non-canonical, another action or edition, or no verb at all.
      const withMeta = (
        metadata: Record<string, unknown> | null,
        spend: SignedTransaction = e1,
        from = user1,
        to = user2,
      ) =>
        signTransaction(
          makeTransferTransaction([{ tx: spend, outputIndex: 0 }], [makeOwnerOutput(to.publicKey)], metadata),
          from.privateKey,
        );
      await s.refused(withMeta(null), 'SpoolBadVerb');
      await s.refused(withMeta({ note: 'no verb' }), 'SpoolBadVerb');
      await s.refused(withMeta({ spool: { verb: 'ASCRIBESPOOL01TRANSFER01' } }), 'SpoolBadVerb');
      await s.refused(withMeta({ spool: { verb: 'ASCRIBESPOOL01TRANSFER2' } }), 'SpoolBadVerb');
      await s.refused(withMeta({ spool: { verb: 'ASCRIBESPOOL01REGISTER1' } }), 'SpoolBadVerb');
      await s.refused(withMeta({ spool: { verb: 'ASCRIBESPOOL01PIECE' } }), 'SpoolBadVerb');
      await s.refused(
        signTransaction(
          makeCreateTransaction(
            editionAsset(p.id, 2),
            verbMetadata({ action: 'REGISTER', edition: 3 }),
            [makeOwnerOutput(user1.publicKey)],
            [reg.publicKey],
          ),
          reg.privateKey,
        ),
        'SpoolBadVerb',
      );
      // A SPOOL verb on an ordinary asset.
      const plain = createTx(user1);
      await s.commit(plain);
      await s.refused(
        transferTx(plain, user1, user2, { spool: { verb: 'ASCRIBESPOOL01TRANSFER1' } }),
        'SpoolBadVerb',
      );
      // SpoolMalformed: a piece in two outputs, or a file hash that is not one.
      await s.refused(
        signTransaction(
          makeCreateTransaction(
            pieceAsset(randomHash()),
            verbMetadata({ action: 'PIECE' }),
            [makeOwnerOutput(user2.publicKey), makeOwnerOutput(user3.publicKey)],
            [reg.publicKey],
          ),
          reg.privateKey,
        ),
        'SpoolMalformed',
      );
      await s.refused(
        buildStep.piece({ registrar: reg, artist: user1.publicKey, fileHash: 'ABC' }),
        'SpoolMalformed',
      );
      // SpoolNotConsigned: UNCONSIGN of an edition that is not consigned (also after a loan).
      await s.refused(
        buildStep.move({ action: 'UNCONSIGN', edition: 1, holder: user1, spend: e1, to: user2.publicKey }),
        'SpoolNotConsigned',
      );
      // SpoolBadLoan: not back to the holder, reversed dates, dates that differ from the verb's, a bad loanee.
      await s.refused(withMeta(loanMetadata(1, user3.publicKey, '2020-01-01', '2020-02-01')), 'SpoolBadLoan');
      const loan = (meta: Record<string, unknown>) => withMeta(meta, e1, user1, user1);
      await s.refused(loan(loanMetadata(1, user3.publicKey, '2020-02-01', '2020-01-01')), 'SpoolBadLoan');
      await s.refused(
        loan({
          spool: {
            ...(loanMetadata(1, user3.publicKey, '2020-01-01', '2020-02-01').spool as object),
            end: '2020-02-02',
          },
        }),
        'SpoolBadLoan',
      );
      await s.refused(loan(loanMetadata(1, user1.publicKey, '2020-01-01', '2020-02-01')), 'SpoolBadLoan');
      await s.refused(
        loan({
          spool: {
            verb: 'ASCRIBESPOOL01LOAN1/200101200201',
            loanee: 'x',
            start: '2020-01-01',
            end: '2020-02-01',
          },
        }),
        'SpoolBadLoan',
      );
      // SpoolUnconsignTarget: consign to user2, who loans it, then unconsigns to user3 (not the consignor).
      const consigned = buildStep.move({
        action: 'CONSIGN',
        edition: 1,
        holder: user1,
        spend: e1,
        to: user2.publicKey,
      });
      await s.commit(consigned);
      const loaned = buildStep.loan({
        edition: 1,
        holder: user2,
        spend: consigned,
        loanee: user3.publicKey,
        start: '2020-01-01',
        end: '2020-01-31',
      });
      await s.commit(loaned);
      await s.refused(
        buildStep.move({
          action: 'UNCONSIGN',
          edition: 1,
          holder: user2,
          spend: loaned,
          to: user3.publicKey,
        }),
        'SpoolUnconsignTarget',
      );
      // While consigned, only the consignee holds the output: the consignor cannot even sign a move.
      const during = (await edition(p.id, 1)).body;
      assert.deepEqual(
        [during.holder, during.consignor, during.allowed.transfer],
        [user2.publicKey, user1.publicKey, [user2.publicKey]],
      );
      assert.throws(() =>
        buildStep.move({ action: 'TRANSFER', edition: 1, holder: user1, spend: loaned, to: user3.publicKey }),
      );
      // Through the loan, the unconsignment goes back to the consignor (pyspool's F-A12 read the loan's signer).
      await s.commit(
        buildStep.move({
          action: 'UNCONSIGN',
          edition: 1,
          holder: user2,
          spend: loaned,
          to: user1.publicKey,
        }),
      );
      const e = (await edition(p.id, 1)).body;
      assert.equal(e.holder, user1.publicKey);
      assert.deepEqual(
        e.history.map((x) => x.action),
        ['REGISTER', 'CONSIGN', 'LOAN', 'UNCONSIGN'],
      );
    });

    test('ordinary transactions are untouched; reads answer 400 and 404 as documented', async () => {
      await start();
      const a = createTx(user1, { spoolish: 'no' });
      await s.commit(a);
      await s.commit(transferTx(a, user1, user2));
      assert.equal(
        (await s.get<PieceSummary[]>(`/api/v1/spool/pieces?file_hash=${randomHash()}`)).body.length,
        0,
      );
      assert.equal((await s.get(`/api/v1/spool/pieces/${randomHash()}`)).status, 404);
      assert.equal((await s.get(`/api/v1/spool/pieces/${a.id}/editions/0`)).status, 404);
      assert.equal((await s.get('/api/v1/spool/pieces/nothex')).status, 400);
      assert.equal((await s.get(`/api/v1/spool/pieces?file_hash=ABC`)).status, 400);
      const p = await piece(user1, 2);
      assert.equal((await edition(p.id, 1)).status, 404);
      for (const bad of ['01', '-1', 'x', '1.5', '1000001'])
        assert.equal((await edition(p.id, bad)).status, 400, bad);
      assert.equal((await s.get('/api/v1/spool/owners/0OIl')).status, 400);
      const doc = (await s.get<{ paths: Record<string, { get?: unknown }> }>('/api/v1/openapi.json')).body;
      for (const path of [
        '/api/v1/spool/pieces',
        '/api/v1/spool/pieces/{piece_id}',
        '/api/v1/spool/pieces/{piece_id}/editions/{n}',
        '/api/v1/spool/owners/{public_key}',
      ])
        assert.ok(doc.paths[path]?.get, path);
    });

    test('steps posted back to back, each without waiting for the one before: all valid', async () => {
      await start();
      const p = buildStep.piece({ registrar: s.registrar, artist: user1.publicKey, fileHash: randomHash() });
      const eds = buildStep.editions({
        registrar: s.registrar,
        pieceId: p.id,
        numEditions: 2,
        holder: user1.publicKey,
      });
      const reg = buildStep.register({
        registrar: s.registrar,
        pieceId: p.id,
        edition: 2,
        owner: user2.publicKey,
      });
      const t1 = buildStep.move({
        action: 'CONSIGN',
        edition: 2,
        holder: user2,
        spend: reg,
        to: user3.publicKey,
      });
      const t2 = buildStep.loan({
        edition: 2,
        holder: user3,
        spend: t1,
        loanee: user1.publicKey,
        start: '2022-01-01',
        end: '2022-01-02',
      });
      const t3 = buildStep.move({
        action: 'UNCONSIGN',
        edition: 2,
        holder: user3,
        spend: t2,
        to: user2.publicKey,
      });
      const m0 = buildStep.move({
        action: 'TRANSFER',
        edition: 0,
        holder: user1,
        spend: p,
        to: user3.publicKey,
      });
      for (const tx of [p, eds, reg, t1, t2, t3, m0]) {
        const r = await s.post(tx, 'async');
        assert.equal(r.status, 202, `${JSON.stringify(tx.metadata)}: ${JSON.stringify(r.body)}`);
      }
      for (const tx of [p, eds, reg, t1, t2, t3, m0]) await waitForStatus(s.node, tx.id, 'valid');
      const e = (await edition(p.id, 2)).body;
      assert.deepEqual(
        e.history.map((x) => x.action),
        ['REGISTER', 'CONSIGN', 'LOAN', 'UNCONSIGN'],
      );
      assert.equal(e.holder, user2.publicKey);
      assert.equal((await edition(p.id, 0)).body.holder, user3.publicKey);
      // EDITIONS right after the master moved (pending or just in a block): only the new holder.
      const p2 = buildStep.piece({ registrar: s.registrar, artist: user1.publicKey, fileHash: randomHash() });
      await s.commit(p2);
      assert.equal(
        (
          await s.post(
            buildStep.move({ action: 'TRANSFER', edition: 0, holder: user1, spend: p2, to: user2.publicKey }),
          )
        ).status,
        202,
      );
      await s.refused(
        buildStep.editions({
          registrar: s.registrar,
          pieceId: p2.id,
          numEditions: 3,
          holder: user1.publicKey,
        }),
        'SpoolNotHolder',
      );
      await s.commit(
        buildStep.editions({
          registrar: s.registrar,
          pieceId: p2.id,
          numEditions: 3,
          holder: user2.publicKey,
        }),
      );
      // The master moved: EDITIONS would now have to go to user3 (a second one is refused anyway).
      await s.refused(
        buildStep.editions({
          registrar: s.registrar,
          pieceId: p.id,
          numEditions: 3,
          holder: user1.publicKey,
        }),
        'SpoolEditionsAlreadySet',
      );
    });

    for (const racers of [2, 8, 32])
      test(`${racers} racing REGISTERs of one edition: exactly one valid`, async () => {
        await start();
        const p = await piece(user1, 5);
        const owners = Array.from({ length: racers }, () => generateKeypair());
        const txs = owners.map((o) =>
          buildStep.register({ registrar: s.registrar, pieceId: p.id, edition: 3, owner: o.publicKey }),
        );
        const answers = await Promise.all(txs.map((tx) => s.post(tx, 'async')));
        for (const a of answers)
          assert.ok(a.status === 202 || a.body.code === 'SpoolEditionExists', JSON.stringify(a.body));
        const accepted = txs.filter((_, i) => answers[i]!.status === 202);
        const fates = await Promise.all(
          accepted.map((tx) => waitForStatus(s.node, tx.id, ['valid', 'invalid'])),
        );
        assert.equal(fates.filter((f) => f.status === 'valid').length, 1);
        const e = (await edition(p.id, 3)).body;
        assert.equal(e.history.length, 1);
        assert.ok(owners.some((o) => o.publicKey === e.holder));
      });

    test('racing PIECEs of one file hash: exactly one valid', async () => {
      await start();
      const hash = randomHash();
      const artists = Array.from({ length: 8 }, () => generateKeypair());
      const txs = artists.map((a) =>
        buildStep.piece({ registrar: s.registrar, artist: a.publicKey, fileHash: hash }),
      );
      const answers = await Promise.all(txs.map((tx) => s.post(tx, 'async')));
      const accepted = txs.filter((_, i) => answers[i]!.status === 202);
      const fates = await Promise.all(
        accepted.map((tx) => waitForStatus(s.node, tx.id, ['valid', 'invalid'])),
      );
      assert.equal(fates.filter((f) => f.status === 'valid').length, 1);
      assert.equal((await s.get<PieceSummary[]>(`/api/v1/spool/pieces?file_hash=${hash}`)).body.length, 1);
    });
  });
}
