import {
  signTransaction,
  validateAgainstLedger,
  validateStateless,
  ValidationError,
  type CheckedTransaction,
  type Draft,
  type LedgerView,
  type SignedTransaction,
  type ValidationContext,
  type ValidationResult,
} from '@bigchaindb-ts/core';
import { checkBlockSignature, type Block } from '../model/index.js';
import { BlockValidationError } from './block-rejection.js';

/** What the rules may ask of the node while deciding (kept small so plugins stay portable). */
export interface RulesContext {
  /** Public keys of the federation, this node included. */
  readonly federation: readonly string[];
}

/**
 * The consensus rules, with the seed's five entry points (1.11.8). The node calls
 * `validateTransaction` for every transaction at ingest, when making a block and when voting, and
 * `validateBlock` for every block it votes on. Phase 1 of transaction validation (schema, id,
 * signatures) always runs first, in worker threads, with the core's rules; plugins see its result.
 * A rule that refuses throws a `ValidationError` (the reason reaches the client and the status
 * endpoint); any other error thrown by a plugin is reported as `RuleViolation`.
 */
export interface ConsensusRules {
  readonly name: string;
  validateTransaction(ctx: RulesContext, checked: CheckedTransaction, view: LedgerView): SignedTransaction;
  validateBlock(ctx: RulesContext, block: Block): Block;
  createTransaction(draft: Draft): Draft;
  signTransaction(draft: Draft, ...privateKeys: string[]): SignedTransaction;
  validateFulfillments(tx: unknown, clock: ValidationContext): ValidationResult;
}

/** The default rules: BigchainDB 2.0's transaction rules and the seed's block rules. Extend by subclassing. */
export class BaseConsensusRules implements ConsensusRules {
  readonly name: string = 'default';

  validateTransaction(_ctx: RulesContext, checked: CheckedTransaction, view: LedgerView): SignedTransaction {
    return validateAgainstLedger(checked, view);
  }

  validateBlock(ctx: RulesContext, block: Block): Block {
    const sig = checkBlockSignature(block);
    if (!sig.ok) throw new BlockValidationError(sig.reason, `block ${block.id}: ${sig.reason}`);
    if (!ctx.federation.includes(block.block.node_pubkey)) {
      throw new BlockValidationError(
        'NotInFederation',
        `block ${block.id} was made by a key outside the federation`,
      );
    }
    const voters = block.block.voters;
    if (new Set(voters).size !== voters.length || voters.some((v) => !ctx.federation.includes(v))) {
      throw new BlockValidationError(
        'InvalidVoters',
        `block ${block.id} lists voters outside the federation`,
      );
    }
    // Every member votes on every block (seed 1.9.7): a block that leaves members out would be
    // decided by fewer of them. A change of membership must reach every member's keyring.
    if (ctx.federation.some((m) => !voters.includes(m))) {
      throw new BlockValidationError('InvalidVoters', `block ${block.id} leaves members out of its voters`);
    }
    return block;
  }

  createTransaction(draft: Draft): Draft {
    return draft;
  }

  signTransaction(draft: Draft, ...privateKeys: string[]): SignedTransaction {
    return signTransaction(draft, ...privateKeys);
  }

  validateFulfillments(tx: unknown, clock: ValidationContext): ValidationResult {
    try {
      return { ok: true, tx: validateStateless(tx, { ctx: clock }).tx };
    } catch (err) {
      if (err instanceof ValidationError) return { ok: false, error: err };
      throw err;
    }
  }
}
