// Property tests (fast-check). On failure fast-check reports the seed and path that reproduce the
// case; FC_SEED=<seed> replays a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { amountMax } from '../constants.js';
import { transactionId } from './canonical-form.js';
import { makeCreateTransaction } from './make-create.js';
import { makeTransferTransaction } from './make-transfer.js';
import { MemoryLedger } from './memory-ledger.js';
import { makeAllOwnersOutput, makeOwnerOutput, makeThresholdOutput } from './outputs.js';
import { signTransaction } from './sign.js';
import { ctx, persona } from './test-fixtures.js';
import type { Output, SignedTransaction } from './types.js';
import { checkTransaction, validateTransaction } from './validate.js';

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const people = [persona(40), persona(41), persona(42), persona(43)];

const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });
const metadata = fc.option(
  jsonObject.filter((o) => Object.keys(o).length > 0),
  { nil: null },
);
const amount = fc.bigInt({ min: 1n, max: amountMax });
const person = fc.integer({ min: 0, max: people.length - 1 }).map((i) => people[i]!);
const output: fc.Arbitrary<Output> = fc.oneof(
  fc.tuple(person, amount).map(([p, a]) => makeOwnerOutput(p.publicKey, a)),
  fc
    .tuple(fc.uniqueArray(person, { minLength: 2, maxLength: 3, selector: (p) => p.publicKey }), amount)
    .map(([ps, a]) =>
      makeAllOwnersOutput(
        ps.map((p) => p.publicKey),
        a,
      ),
    ),
  fc
    .tuple(fc.uniqueArray(person, { minLength: 2, maxLength: 4, selector: (p) => p.publicKey }), amount)
    .map(([ps, a]) =>
      makeThresholdOutput(
        1,
        ps.map((p) => p.publicKey),
        a,
      ),
    ),
);

/** A signed CREATE (by a random issuer) and a TRANSFER of its first output, both valid. */
const chain = fc
  .record({
    issuer: person,
    data: fc.option(jsonObject, { nil: null }),
    meta: metadata,
    outputs: fc.array(output, { minLength: 1, maxLength: 3 }),
    meta2: metadata,
    to: person,
  })
  .map(({ issuer, data, meta, outputs, meta2, to }) => {
    const create = signTransaction(
      makeCreateTransaction(data, meta, outputs, [issuer.publicKey]),
      issuer.privateKey,
    );
    const spent = create.outputs[0]!;
    const transfer = signTransaction(
      makeTransferTransaction(
        [{ tx: create, outputIndex: 0 }],
        [makeOwnerOutput(to.publicKey, spent.amount)],
        meta2,
      ),
      ...people
        .map((p) => p.privateKey)
        .filter((key, i) => spent.public_keys?.includes(people[i]!.publicKey)),
    );
    return { create, transfer };
  });

const roundTrip = (tx: SignedTransaction) => JSON.parse(JSON.stringify(tx)) as SignedTransaction;

test('built transactions survive a JSON round trip: same value, same id, still valid', () => {
  fc.assert(
    fc.property(chain, ({ create, transfer }) => {
      const ledger = new MemoryLedger();
      for (const tx of [create, transfer]) {
        const back = roundTrip(tx);
        assert.deepEqual(back, tx);
        assert.equal(transactionId(back), tx.id);
        ledger.add(validateTransaction(back, ledger, { ctx }));
      }
    }),
    { numRuns: 100, seed },
  );
});

test('flipping any single byte of a signed transaction makes it invalid, unless the value is unchanged', () => {
  fc.assert(
    fc.property(
      chain,
      fc.boolean(),
      fc.nat(),
      fc.integer({ min: 1, max: 255 }),
      ({ create, transfer }, pickTransfer, position, mask) => {
        const tx = pickTransfer ? transfer : create;
        const ledger = new MemoryLedger(pickTransfer ? [create] : []);
        const bytes = Buffer.from(JSON.stringify(tx));
        const at = position % bytes.length;
        bytes[at] = (bytes[at] as number) ^ mask;
        let parsed: unknown;
        try {
          parsed = JSON.parse(bytes.toString('utf8'));
        } catch {
          return; // Not JSON any more: refused before validation.
        }
        // Some flips do not change the value: the case of a hex digit in a `\u001f` escape, or of
        // the exponent in `1e-7`. Those still denote the very transaction that was signed.
        if (isDeepStrictEqual(parsed, JSON.parse(JSON.stringify(tx)))) return;
        const result = checkTransaction(parsed, ledger, { ctx });
        assert.equal(result.ok, false, `byte ${at} ^ ${mask} was accepted`);
      },
    ),
    { numRuns: 400, seed },
  );
});
