// The rules chain: the default rules first, then each plugin in the order `consensus_plugin`
// lists them; refusals come out with stable codes (a plugin's own, declared ones), and a plugin
// can neither skip the defaults nor borrow the node's codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  MemoryLedger,
  signTransaction,
  validateStateless,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import { createBlock, unixTimestamp, systemClock } from '../model/index.js';
import { loadRulesChain, pluginNames, RuleRefusal, RulesChain, type RulePlugin } from './index.js';

const alice = generateKeypair();
const bob = generateKeypair();
const ctx = { federation: [alice.publicKey] };
const plugin = (name: string) => fileURLToPath(new URL(`./test-plugins/${name}.js`, import.meta.url));

function create(metadata: Record<string, unknown> | null): SignedTransaction {
  return signTransaction(
    makeCreateTransaction(
      { n: Math.random() },
      metadata,
      [makeOwnerOutput(alice.publicKey, '1')],
      [alice.publicKey],
    ),
    alice.privateKey,
  );
}
const transfer = (tx: SignedTransaction) =>
  signTransaction(
    makeTransferTransaction([{ tx, outputIndex: 0 }], [makeOwnerOutput(bob.publicKey, '1')], null),
    alice.privateKey,
  );
const checked = (tx: SignedTransaction) => validateStateless(tx, { ctx: { nowMs: Date.now() } });

test('consensus_plugin is a comma-separated list; default is always first and never listed twice', () => {
  assert.deepEqual(pluginNames('default'), []);
  assert.deepEqual(pluginNames(''), []);
  assert.deepEqual(pluginNames(' a.js , default, b '), ['a.js', 'b']);
});

test('defaults run first: a plugin never sees a transaction the defaults refuse', () => {
  const seen: string[] = [];
  const spy: RulePlugin = { name: 'spy', codes: [], validateTransaction: (_c, tx) => void seen.push(tx.id) };
  const chain = new RulesChain([spy]);
  const tx = create(null);
  const ledger = new MemoryLedger([tx]);
  const dup = chain.validateTransaction(ctx, checked(tx), ledger);
  assert.equal(!dup.ok && dup.error.code, 'DuplicateTransaction');
  assert.deepEqual(seen, []);
  const ok = chain.validateTransaction(ctx, checked(transfer(tx)), ledger);
  assert.equal(ok.ok, true);
  assert.equal(seen.length, 1);
});

test('plugins run in order; the first refusal wins, with its declared code', async () => {
  const chain = await loadRulesChain(`default, ${plugin('locked-inputs')}, ${plugin('even-timestamps')}`);
  assert.deepEqual(chain.names, ['locked-inputs', 'even-timestamps']);
  const locked = create({ locked: true, timestamp: 2 });
  const ledger = new MemoryLedger([locked]);
  const spend = signTransaction(
    makeTransferTransaction([{ tx: locked, outputIndex: 0 }], [makeOwnerOutput(bob.publicKey, '1')], {
      timestamp: 3,
    }),
    alice.privateKey,
  );
  const r = chain.validateTransaction(ctx, checked(spend), ledger);
  assert.equal(!r.ok && r.error.code, 'ExampleLockedInput');
  // The legacy plugin (a BaseConsensusRules subclass) refuses with RuleViolation, after it.
  const odd = chain.validateTransaction(ctx, checked(create({ timestamp: 5 })), new MemoryLedger());
  assert.equal(!odd.ok && odd.error.code, 'RuleViolation');
  const fine = chain.validateTransaction(ctx, checked(create({ timestamp: 4 })), new MemoryLedger());
  assert.equal(fine.ok, true);
});

test('a block rule refuses with its code; the default block rules come first', async () => {
  const chain = await loadRulesChain(plugin('locked-inputs'));
  const poisoned = createBlock(
    [create({ poison: true })],
    alice,
    [alice.publicKey],
    unixTimestamp(systemClock),
  );
  assert.equal(chain.validateBlock(ctx, poisoned), 'ExamplePoisonBlock');
  const clean = createBlock([create(null)], alice, [alice.publicKey], unixTimestamp(systemClock));
  assert.equal(chain.validateBlock(ctx, clean), null);
  // An outsider's block is refused by the defaults before any plugin looks.
  assert.equal(chain.validateBlock({ federation: [bob.publicKey] }, poisoned), 'NotInFederation');
});

test('undeclared codes become RuleViolation; reserved or malformed codes are refused at load', () => {
  const sloppy: RulePlugin = {
    name: 'sloppy',
    codes: ['SloppyDeclared'],
    validateTransaction: () => {
      throw new RuleRefusal('SloppyUndeclared', 'no');
    },
  };
  const r = new RulesChain([sloppy]).validateTransaction(ctx, checked(create(null)), new MemoryLedger());
  assert.equal(!r.ok && r.error.code, 'RuleViolation');
  const crashing: RulePlugin = {
    name: 'crashing',
    codes: [],
    validateTransaction: () => {
      throw new TypeError('oops');
    },
  };
  const c = new RulesChain([crashing]).validateTransaction(ctx, checked(create(null)), new MemoryLedger());
  assert.equal(!c.ok && c.error.code, 'RuleViolation');
  assert.throws(
    () => new RulesChain([{ name: 'thief', codes: ['DoubleSpend'], validateBlock: () => {} }]),
    /node's own codes/,
  );
  assert.throws(
    () => new RulesChain([{ name: 'odd', codes: ['not a word'], validateBlock: () => {} }]),
    /PascalCase/,
  );
});
