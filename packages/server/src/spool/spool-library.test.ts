// The seed's scenario through the client library (@bigchaindb-ts/spool over the driver, real HTTP
// to a real node), and a property test: for random sequences of allowed and forbidden steps, the
// node accepts exactly what a model of the rules allows, its holder and history equal what the
// library derives from the raw transactions, and the holder is who the model says.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair, type Keypair } from '@bigchaindb-ts/core';
import { HttpError } from '@bigchaindb-ts/driver';
import { fileHash, SpoolClient } from '@bigchaindb-ts/spool';
import fc from 'fast-check';
import { openStore, type Store } from '../store/index.js';
import { spoolNode, spoolRules, type SpoolNode } from './test/spool-node.js';

let store: Store;
let s: SpoolNode;
let client: SpoolClient;
const rules = spoolRules();

before(async () => {
  store = await openStore({ backend: 'sqlite', sqlitePath: ':memory:' }, { indexes: rules.indexes });
  await store.init();
  s = spoolNode(store, rules);
  await s.node.start();
  await s.app.listen({ host: '127.0.0.1', port: 0 });
  const address = s.app.server.address();
  assert.ok(address !== null && typeof address === 'object');
  client = new SpoolClient(`http://127.0.0.1:${address.port}`);
});
after(async () => {
  await s.app.close();
  await s.node.stop();
  await store.close();
});

test("the seed's scenario through the library: every step, its holder and its history", async () => {
  const [user1, user2, user3] = [generateKeypair(), generateKeypair(), generateKeypair()];
  const registrar = s.registrar;
  const hash = fileHash(new TextEncoder().encode('a piece for the library'));
  const { tx: master, edition: e0 } = await client.registerPiece({
    registrar,
    artist: user1.publicKey,
    fileHash: hash,
    fields: { title: 'Seed 002' },
  });
  assert.equal(e0.holder, user1.publicKey);
  assert.deepEqual(
    (await client.pieces(hash)).map((p) => p.piece_id),
    [master.id],
  );
  const withEditions = await client.setEditions({ registrar, pieceId: master.id, numEditions: 10 });
  assert.equal(withEditions.edition.num_editions, 10);
  assert.deepEqual(
    withEditions.edition.history.map((h) => h.verb),
    ['ASCRIBESPOOL01PIECE', 'ASCRIBESPOOL01EDITIONS10'],
  );
  const pieceId = master.id;
  const reg = await client.registerEdition({ registrar, pieceId, edition: 1, owner: user1.publicKey });
  assert.equal(reg.edition.holder, user1.publicKey);
  const check = async (
    r: {
      edition: { holder: string | null; consignor: string | null; history: readonly { action: string }[] };
    },
    holder: Keypair,
    consignor: Keypair | null,
    last: string,
  ) => {
    assert.equal(r.edition.holder, holder.publicKey);
    assert.equal(await client.holder(pieceId, 1), holder.publicKey);
    assert.equal(r.edition.consignor, consignor?.publicKey ?? null);
    assert.equal(r.edition.history[r.edition.history.length - 1]?.action, last);
  };
  await check(
    await client.transfer({ pieceId, edition: 1, holder: user1, to: user2.publicKey }),
    user2,
    null,
    'TRANSFER',
  );
  await check(
    await client.consign({ pieceId, edition: 1, holder: user2, to: user3.publicKey }),
    user3,
    user2,
    'CONSIGN',
  );
  await check(await client.unconsign({ pieceId, edition: 1, holder: user3 }), user2, null, 'UNCONSIGN');
  const loan = await client.loan({
    pieceId,
    edition: 1,
    holder: user2,
    loanee: user3.publicKey,
    start: '2015-05-22',
    end: '2015-05-23',
  });
  await check(loan, user2, null, 'LOAN');
  assert.deepEqual(
    loan.edition.history.map((h) => [h.action, h.from, h.to]),
    [
      ['REGISTER', registrar.publicKey, user1.publicKey],
      ['TRANSFER', user1.publicKey, user2.publicKey],
      ['CONSIGN', user2.publicKey, user3.publicKey],
      ['UNCONSIGN', user3.publicKey, user2.publicKey],
      ['LOAN', user2.publicKey, user3.publicKey],
    ],
  );
  // A refused step throws the driver's HttpError with the rule's code.
  await assert.rejects(
    client.registerEdition({ registrar, pieceId, edition: 1, owner: user3.publicKey }),
    (err: unknown) => err instanceof HttpError && err.code === 'SpoolEditionExists',
  );
  const derived = await client.derive(reg.tx.id);
  assert.equal(derived.holder, user2.publicKey);
  assert.deepEqual(
    (await client.heldBy(user2.publicKey)).map((x) => [x.piece_id, x.edition]),
    [[pieceId, 1]],
  );
});

type Op =
  | { kind: 'TRANSFER' | 'CONSIGN' | 'UNCONSIGN'; to: number }
  | { kind: 'LOAN'; to: number; reversed: boolean };

test('property: the node takes what the rules allow; its holder and history are what the library derives', async () => {
  const users = [generateKeypair(), generateKeypair(), generateKeypair(), generateKeypair()];
  const registrar = s.registrar;
  const { tx: piece } = await client.registerPiece({
    registrar,
    artist: users[0]!.publicKey,
    fileHash: fileHash(new TextEncoder().encode(`property ${Date.now()}`)),
  });
  await client.setEditions({ registrar, pieceId: piece.id, numEditions: 1000 });
  let nextEdition = 1;
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      kind: fc.constantFrom('TRANSFER', 'CONSIGN', 'UNCONSIGN'),
      to: fc.nat(3),
    }) as fc.Arbitrary<Op>,
    fc.record({ kind: fc.constant('LOAN' as const), to: fc.nat(3), reversed: fc.boolean() }),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(op, { maxLength: 7 }), async (ops) => {
      const edition = nextEdition++;
      const reg = await client.registerEdition({
        registrar,
        pieceId: piece.id,
        edition,
        owner: users[0]!.publicKey,
      });
      // The model: who holds it, and who consigned it (null when not consigned).
      let holder = 0;
      let consignor: number | null = null;
      for (const o of ops) {
        const key = users[o.to]!.publicKey;
        const args = { pieceId: piece.id, edition, holder: users[holder]! };
        let expected: string | null = null;
        if (o.kind === 'UNCONSIGN')
          expected =
            consignor === null ? 'SpoolNotConsigned' : o.to !== consignor ? 'SpoolUnconsignTarget' : null;
        if (o.kind === 'LOAN') expected = o.to === holder || o.reversed ? 'SpoolBadLoan' : null;
        const attempt =
          o.kind === 'LOAN'
            ? client.loan({
                ...args,
                loanee: key,
                start: o.reversed ? '2021-02-01' : '2021-01-01',
                end: o.reversed ? '2021-01-01' : '2021-02-01',
              })
            : o.kind === 'TRANSFER'
              ? client.transfer({ ...args, to: key })
              : o.kind === 'CONSIGN'
                ? client.consign({ ...args, to: key })
                : client.unconsign({ ...args, to: key });
        const code = await attempt.then(
          () => null,
          (err: unknown) => (err instanceof HttpError ? (err.code ?? 'HttpError') : String(err)),
        );
        assert.equal(code, expected, `${o.kind} to user${o.to} by user${holder}`);
        if (code !== null) continue;
        if (o.kind === 'CONSIGN') consignor = holder;
        if (o.kind !== 'LOAN') {
          if (o.kind !== 'CONSIGN') consignor = null;
          holder = o.to;
        }
      }
      const node = await client.history(piece.id, edition);
      const derived = await client.derive(reg.tx.id);
      assert.equal(node.holder, users[holder]!.publicKey);
      assert.equal(node.consignor, consignor === null ? null : users[consignor]!.publicKey);
      assert.equal(derived.holder, node.holder);
      assert.equal(derived.consignor, node.consignor);
      assert.deepEqual(
        node.history.map((h) => ({ ...h, block_height: null })),
        derived.history,
      );
      assert.deepEqual(node.loans, derived.loans);
    }),
    { numRuns: 12 },
  );
});
