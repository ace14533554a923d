import type { CheckedTransaction, LedgerView, OutputLink, SignedTransaction } from '@bigchaindb-ts/core';
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

/** A unique claim a rule reads (`RulesLedgerView.claimHolder`): an index with claims, and a key. */
export interface ClaimKey {
  readonly index: string;
  readonly key: string;
}

/**
 * What a plugin's transaction rule reads of the ledger besides the transaction's inputs. The node
 * loads these with the inputs, in the same layers (what it accepted and has not put in a block,
 * live blocks, the batch so far), so the rule finds them in its view; a claim's holder
 * transaction is loaded with it. The block maker waits for them as for inputs: a transaction is
 * not put in a block while something it reads is still undecided.
 */
export interface RuleReferences {
  readonly transactions?: readonly string[];
  readonly claims?: readonly ClaimKey[];
  /**
   * Transactions whose chain of spends the rule walks back (through each one's first input): the
   * ancestors this node accepted and has not put in a block yet are loaded too, so a step posted
   * right after its predecessors sees them. Ancestors in blocks are for `transactions` to name.
   */
  readonly ancestorsOf?: readonly string[];
  /**
   * Outputs whose spender the rule reads (`view.getSpender`), the spender's transaction with it:
   * one step forward among live blocks, and along the pending spends from there on.
   */
  readonly outputs?: readonly OutputLink[];
}

/** What a plugin may read while naming its references: its ledger indexes (valid blocks only). */
export interface ReferenceReads {
  queryIndex(index: string, lookup: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
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
  /**
   * What `validateTransaction` will read besides the inputs (see `RuleReferences`). Called before
   * every judgment of `tx` (at ingest, when a block is made, when one is voted on); undefined, or
   * synchronous, when nothing is needed, which is what ordinary transactions should cost.
   */
  references?(
    tx: SignedTransaction,
    reads: ReferenceReads,
  ): RuleReferences | undefined | Promise<RuleReferences | undefined>;
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
