// An example rules plugin that reads more than its transaction's inputs, for tests
// (`RulePlugin.references`): a CREATE whose metadata names a `parent` transaction is refused
// (`ExampleNoParent`) unless that transaction is in the ledger, pending included. The parent is
// not an input, so without its reference the rule's view would never hold it.
import { RuleRefusal, type RulePlugin } from '../rule-plugin.js';

const parentOf = (metadata: Readonly<Record<string, unknown>> | null): string | undefined =>
  typeof metadata?.parent === 'string' ? metadata.parent : undefined;

const namedParent: RulePlugin = {
  name: 'named-parent',
  codes: ['ExampleNoParent'],
  references(tx) {
    const parent = parentOf(tx.metadata);
    return parent === undefined ? undefined : { transactions: [parent] };
  },
  validateTransaction(_ctx, tx, view) {
    const parent = parentOf(tx.metadata);
    if (parent !== undefined && view.getTransaction(parent) === undefined)
      throw new RuleRefusal('ExampleNoParent', `parent ${parent} is not in the ledger`);
  },
};

export default namedParent;
