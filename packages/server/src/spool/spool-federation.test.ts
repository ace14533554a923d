// The SPOOL rules on a federation of three members sharing one store (in process, real stores
// and signatures): every member refuses the same steps with the same codes, racing registrations
// posted to different members have one winner, and a block that carries an invalid step (made by
// a member that does not run the rules) is voted invalid by the others with the rule's code.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair, type Keypair, type SignedTransaction } from '@bigchaindb-ts/core';
import { buildStep, fileHash } from '@bigchaindb-ts/spool';
import { waitFor } from '@bigchaindb-ts/testing';
import { RulesChain } from '../consensus/index.js';
import type { Bigchain } from '../node/index.js';
import { makeBigchain, submit, waitForStatus } from '../node/test/node-harness.js';
import type { Store } from '../store/index.js';
import {
  BACKENDS,
  harness,
  pgHost,
  pgPort,
  postgresReachable,
  type Harness,
} from '../store/test/backends.js';
import { spoolRules } from './test/spool-node.js';

const pgUp = BACKENDS.includes('postgresql') ? await postgresReachable() : false;
const randomHash = () => fileHash(new TextEncoder().encode(generateKeypair().publicKey));

for (const backend of BACKENDS) {
  const skip = backend === 'postgresql' && !pgUp ? `not reachable at ${pgHost}:${pgPort}` : false;
  describe(`the SPOOL rules on a federation of 3: ${backend}`, { skip }, () => {
    let h: Harness;
    const rules = spoolRules();
    const running: Bigchain[] = [];
    const keys = [generateKeypair(), generateKeypair(), generateKeypair()];
    const [user1, user2, user3] = [generateKeypair(), generateKeypair(), generateKeypair()];
    before(() => {
      h = harness(backend, { indexes: rules.indexes });
    });
    afterEach(async () => {
      for (const n of running.splice(0)) await n.stop();
    });
    after(async () => {
      await h.cleanup();
    });
    /** Three members on one store; `plain` members run the default rules only. */
    async function federation(store: Store, plain: number[] = []): Promise<Bigchain[]> {
      const nodes = keys.map((k, i) =>
        makeBigchain(store, k, {
          keyring: keys.filter((o) => o !== k).map((o) => o.publicKey),
          rules: plain.includes(i) ? new RulesChain([]) : rules,
        }),
      );
      for (const n of nodes) {
        running.push(n);
        await n.start();
      }
      return nodes;
    }
    async function valid(node: Bigchain, tx: SignedTransaction): Promise<void> {
      // Async, then the store's status: on SQLite a member hears of another member's decision
      // only by polling, so a commit could wait out its whole commit wait.
      const r = await submit(node, tx);
      assert.ok(r.ok, r.ok ? '' : `${r.error.code}: ${r.error.message}`);
      await waitForStatus(node, tx.id, 'valid');
    }
    async function refusedByAll(nodes: Bigchain[], tx: SignedTransaction, code: string): Promise<void> {
      for (const n of nodes) {
        const r = await submit(n, tx);
        assert.equal(r.ok ? `accepted as ${r.status}` : r.error.code, code, `member ${n.publicKey}`);
      }
    }

    test('every member refuses the same steps with the same codes; any member registers', async () => {
      const nodes = await federation(await h.fresh());
      const [a, b, c] = nodes as [Bigchain, Bigchain, Bigchain];
      const [ka, kb, kc] = keys as [Keypair, Keypair, Keypair];
      const hash = randomHash();
      const piece = buildStep.piece({ registrar: ka, artist: user1.publicKey, fileHash: hash });
      await valid(b, piece);
      await refusedByAll(
        nodes,
        buildStep.piece({ registrar: kb, artist: user2.publicKey, fileHash: hash }),
        'SpoolPieceExists',
      );
      await refusedByAll(
        nodes,
        buildStep.piece({ registrar: user1, artist: user1.publicKey, fileHash: randomHash() }),
        'SpoolNotRegistrar',
      );
      await refusedByAll(
        nodes,
        buildStep.piece({ registrar: kc, artist: user1.publicKey, fileHash: hash.toUpperCase() }),
        'SpoolMalformed',
      );
      await refusedByAll(
        nodes,
        buildStep.register({ registrar: kc, pieceId: piece.id, edition: 1, owner: user1.publicKey }),
        'SpoolEditionsNotSet',
      );
      await refusedByAll(
        nodes,
        buildStep.editions({ registrar: kb, pieceId: piece.id, numEditions: 2, holder: user2.publicKey }),
        'SpoolNotHolder',
      );
      await valid(
        c,
        buildStep.editions({ registrar: kb, pieceId: piece.id, numEditions: 2, holder: user1.publicKey }),
      );
      await refusedByAll(
        nodes,
        buildStep.editions({ registrar: ka, pieceId: piece.id, numEditions: 3, holder: user1.publicKey }),
        'SpoolEditionsAlreadySet',
      );
      await refusedByAll(
        nodes,
        buildStep.register({ registrar: ka, pieceId: piece.id, edition: 3, owner: user1.publicKey }),
        'SpoolEditionOutOfRange',
      );
      await refusedByAll(
        nodes,
        buildStep.register({ registrar: ka, pieceId: randomHash(), edition: 1, owner: user1.publicKey }),
        'SpoolUnknownPiece',
      );
      const e1 = buildStep.register({ registrar: kc, pieceId: piece.id, edition: 1, owner: user1.publicKey });
      await valid(a, e1);
      await refusedByAll(
        nodes,
        buildStep.register({ registrar: ka, pieceId: piece.id, edition: 1, owner: user2.publicKey }),
        'SpoolEditionExists',
      );
      await refusedByAll(
        nodes,
        buildStep.move({ action: 'UNCONSIGN', edition: 1, holder: user1, spend: e1, to: user2.publicKey }),
        'SpoolNotConsigned',
      );
      await refusedByAll(
        nodes,
        buildStep.move({ action: 'TRANSFER', edition: 2, holder: user1, spend: e1, to: user2.publicKey }),
        'SpoolBadVerb',
      );
      await refusedByAll(
        nodes,
        buildStep.loan({
          edition: 1,
          holder: user1,
          spend: e1,
          loanee: user2.publicKey,
          start: '2021-02-02',
          end: '2021-02-01',
        }),
        'SpoolBadLoan',
      );
      const consigned = buildStep.move({
        action: 'CONSIGN',
        edition: 1,
        holder: user1,
        spend: e1,
        to: user2.publicKey,
      });
      await valid(b, consigned);
      await refusedByAll(
        nodes,
        buildStep.move({
          action: 'UNCONSIGN',
          edition: 1,
          holder: user2,
          spend: consigned,
          to: user3.publicKey,
        }),
        'SpoolUnconsignTarget',
      );
      await valid(
        c,
        buildStep.move({
          action: 'UNCONSIGN',
          edition: 1,
          holder: user2,
          spend: consigned,
          to: user1.publicKey,
        }),
      );
    });

    test('racing REGISTERs of one edition posted to different members: exactly one valid', async () => {
      const nodes = await federation(await h.fresh());
      const [ka] = keys as [Keypair];
      const piece = buildStep.piece({ registrar: ka, artist: user1.publicKey, fileHash: randomHash() });
      await valid(nodes[0]!, piece);
      await valid(
        nodes[1]!,
        buildStep.editions({ registrar: ka, pieceId: piece.id, numEditions: 5, holder: user1.publicKey }),
      );
      const racers = Array.from({ length: 9 }, (_, i) =>
        buildStep.register({
          registrar: keys[i % 3]!,
          pieceId: piece.id,
          edition: 2,
          owner: generateKeypair().publicKey,
        }),
      );
      const answers = await Promise.all(racers.map((tx, i) => submit(nodes[i % 3]!, tx)));
      for (const r of answers)
        assert.ok(r.ok || r.error.code === 'SpoolEditionExists', r.ok ? '' : r.error.code);
      const taken = racers.filter((_, i) => answers[i]!.ok);
      const fates = await Promise.all(
        taken.map((tx) => waitForStatus(nodes[0]!, tx.id, ['valid', 'invalid'])),
      );
      assert.equal(fates.filter((f) => f.status === 'valid').length, 1);
    });

    test("a block carrying an invalid step is voted invalid by the members running the rules, with the rule's code", async () => {
      const store = await h.fresh();
      // Member 0 runs the default rules only; 1 and 2 run the registry's.
      const nodes = await federation(store, [0]);
      const [maker] = nodes as [Bigchain];
      let tx: SignedTransaction;
      // A piece registered by someone who is not a registrar, assigned to the member that lets it through.
      do tx = buildStep.piece({ registrar: user1, artist: user1.publicKey, fileHash: randomHash() });
      while (maker.assigneeOf(tx.id) !== keys[0]!.publicKey);
      assert.equal((await submit(maker, tx)).ok, true);
      const vote = await waitFor('a member to vote the block invalid', async () => {
        const blocks = await store.getBlocksContaining(tx.id);
        const votes = blocks.length === 0 ? [] : ((await store.getVotes([blocks[0]!.block.id]))[0] ?? []);
        return votes.find((v) => v.vote.is_block_valid === false);
      });
      assert.equal(vote.vote.invalid_reason, 'SpoolNotRegistrar');
    });
  });
}
