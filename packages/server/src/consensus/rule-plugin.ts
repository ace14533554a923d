import type { CheckedTransaction, LedgerView, SignedTransaction } from '@bigchaindb-ts/core';
import type { Block } from '../model/index.js';
import type { LedgerIndex } from '../store/index.js';
import type { RulesContext } from './rules.js';

/**
 * A plugin's refusal of a transaction or a block, with one of the codes the plugin declares
 * (`RulePlugin.codes`). The code reaches the client as `{"message", "status": 400, "code"}` and the
 * status endpoint, exactly like the core's validation codes.
 */
export class RuleRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * What a rule sees of the ledger: read-only, and including what this node accepted but has not put
 * in a block yet (at ingest), or the earlier transactions of the block being made or judged.
 */
export interface RulesLedgerView extends LedgerView {
  /**
   * The transaction holding a unique claim of a ledger index (`LedgerIndex.claims`) among live
   * blocks, pending transactions and the batch so far, if any.
   */
  claimHolder(index: string, key: string): string | undefined;
}

/** A plugin's code: one word in PascalCase, e.g. `SpoolEditionNotOwned`. */
export const pluginCodePattern = /^[A-Z][A-Za-z0-9]{2,63}$/;

/**
 * What a consensus plugin adds to the rules chain. The default rules always run first (BigchainDB
 * 2.0's transaction rules, the seed's block rules); then each plugin's, in the order listed in
 * `consensus_plugin`. A rule refuses by throwing a `RuleRefusal` with a declared code; anything
 * else it throws counts as `RuleViolation`.
 */
export interface RulePlugin {
  readonly name: string;
  /** Every code the plugin may refuse with; documented by the plugin. */
  readonly codes: readonly string[];
  /**
   * Judges a transaction that passed the default rules. `view` is read-only and includes what
   * this node accepted but has not put in a block yet (at ingest), or the earlier transactions
   * of the block being made or judged.
   */
  validateTransaction?(ctx: RulesContext, tx: SignedTransaction, view: RulesLedgerView): void;
  /** Judges a block that passed the default block rules (its transactions are judged one by one). */
  validateBlock?(ctx: RulesContext, block: Block): void;
  /**
   * The plugin's ledger indexes: tables derived from valid blocks that the store keeps for it
   * (see docs/store.md), possibly with unique claims, which the chain then enforces with the
   * index's declared code (it must be one of `codes`).
   */
  readonly indexes?: readonly LedgerIndex[];
}

/** The phase-1 result a legacy plugin's `validateTransaction` takes. */
export type { CheckedTransaction };
