// A consensus plugin for tests, the seed's example (1.11.8): a transaction whose
// `metadata.timestamp` is an odd integer is refused; everything else follows the default rules.
// Loaded by path (`consensus_plugin: "/…/even-timestamps.js"`), like a user's plugin would be.
import {
  ValidationError,
  type CheckedTransaction,
  type LedgerView,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import { BaseConsensusRules, type RulesContext } from '../rules.js';

export default class EvenTimestampRules extends BaseConsensusRules {
  override readonly name: string = 'even-timestamps';

  override validateTransaction(
    ctx: RulesContext,
    checked: CheckedTransaction,
    view: LedgerView,
  ): SignedTransaction {
    const timestamp = checked.tx.metadata?.timestamp;
    if (typeof timestamp === 'number' && Number.isInteger(timestamp) && timestamp % 2 !== 0) {
      throw new ValidationError('RuleViolation', `metadata.timestamp ${timestamp} is odd`);
    }
    return super.validateTransaction(ctx, checked, view);
  }
}
