// An example rules plugin for tests, in the plugin shape (`RulePlugin`): an output whose
// transaction's metadata says `locked: true` may not be spent (`ExampleLockedInput`), and a block
// holding a transaction whose metadata says `poison: true` is refused (`ExamplePoisonBlock`).
// Loaded by path (`consensus_plugin: "default, /…/locked-inputs.js"`), like a user's plugin would be.
import type { LedgerView, SignedTransaction } from '@bigchaindb-ts/core';
import type { Block } from '../../model/index.js';
import { RuleRefusal, type RulePlugin } from '../rule-plugin.js';

const lockedInputs: RulePlugin = {
  name: 'locked-inputs',
  codes: ['ExampleLockedInput', 'ExamplePoisonBlock'],
  validateTransaction(_ctx, tx: SignedTransaction, view: LedgerView): void {
    for (const input of tx.inputs) {
      if (input.fulfills === null) continue;
      // The view holds what this node accepted and has not put in a block yet, too.
      const spent = view.getTransaction(input.fulfills.transaction_id);
      if (spent?.metadata?.locked === true)
        throw new RuleRefusal('ExampleLockedInput', `output ${input.fulfills.transaction_id} is locked`);
    }
  },
  validateBlock(_ctx, block: Block): void {
    if (block.block.transactions.some((tx) => tx.metadata?.poison === true))
      throw new RuleRefusal('ExamplePoisonBlock', `block ${block.id} holds a poisoned transaction`);
  },
};

export default lockedInputs;
