import {
  ValidationError,
  validationErrorCodes,
  type CheckedTransaction,
  type LedgerView,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import type { Block } from '../model/index.js';
import type { LedgerIndex } from '../store/index.js';
import { BlockValidationError, blockRejectionCodes } from './block-rejection.js';
import { ClaimRules } from './claim-rules.js';
import { BatchReferences, gatherReferences } from './references.js';
import {
  pluginCodePattern,
  RuleRefusal,
  type ReferenceReads,
  type RulePlugin,
  type RulesLedgerView,
} from './rule-plugin.js';
import { BaseConsensusRules, type ConsensusRules, type RulesContext } from './rules.js';

/** A refusal by a rule: a code from docs/errors.md or a plugin's declared code. */
export interface RuleOutcomeRefusal {
  readonly code: string;
  readonly message: string;
}

export type TxVerdict =
  | { readonly ok: true; readonly tx: SignedTransaction }
  | { readonly ok: false; readonly error: RuleOutcomeRefusal };

/** A link of the chain: a plugin object, or the rules of a legacy plugin (a `BaseConsensusRules` subclass). */
export type ChainLink = RulePlugin | ConsensusRules;

const reservedCodes = new Set<string>([...validationErrorCodes, ...blockRejectionCodes]);

/**
 * The consensus rules as a chain: the default rules first, then each plugin in order. The node
 * asks the chain, never a plugin directly, so a plugin cannot skip the defaults and every refusal
 * comes out with a stable code.
 *
 * A legacy plugin (the seed's way: a class extending `BaseConsensusRules`) is one link; its
 * `validateTransaction` usually calls the defaults again through `super`, which is redundant
 * but harmless. Its three other entry points (`createTransaction`, `signTransaction`,
 * `validateFulfillments`) are what `entry` offers the library API.
 */
export class RulesChain {
  readonly base: ConsensusRules;
  readonly plugins: readonly ChainLink[];
  /** The plugins' ledger indexes, in plugin order: the store must be opened with them. */
  readonly indexes: readonly LedgerIndex[];
  /** The unique claims those indexes declare, enforced by `validateTransaction`. */
  readonly claims: ClaimRules;
  /** The plugins that read more than a transaction's inputs (`RulePlugin.references`). */
  readonly #referencing: readonly RulePlugin[];

  constructor(plugins: readonly ChainLink[] = [], base: ConsensusRules = new BaseConsensusRules()) {
    for (const p of plugins) if (isPlugin(p)) checkCodes(p);
    this.base = base;
    this.plugins = plugins;
    this.indexes = plugins.flatMap((p) => (isPlugin(p) ? (p.indexes ?? []) : []));
    this.claims = new ClaimRules(this.indexes);
    this.#referencing = plugins.filter((p): p is RulePlugin => isPlugin(p) && p.references !== undefined);
  }

  /**
   * What the batch's transactions' rules read besides their inputs, to be loaded into their view
   * (see `RuleReferences`); empty, at no cost, when no plugin names references.
   */
  references(txs: readonly SignedTransaction[], reads: ReferenceReads): Promise<BatchReferences> {
    if (this.#referencing.length === 0) return Promise.resolve(BatchReferences.none);
    return gatherReferences(this.#referencing, txs, reads);
  }

  /** The chain a node is given: a chain as is, or one made of a single set of rules (tests, embedders). */
  static of(rules: RulesChain | ConsensusRules): RulesChain {
    if (rules instanceof RulesChain) return rules;
    return rules.name === 'default' ? new RulesChain([], rules) : new RulesChain([rules]);
  }

  /** The names of the links after the defaults, for logs. */
  get names(): string[] {
    return this.plugins.map((p) => p.name);
  }

  /** The rules whose seed entry points (create, sign, fulfillments) the library API uses. */
  get entry(): ConsensusRules {
    const legacy = this.plugins.filter((p): p is ConsensusRules => !isPlugin(p));
    return legacy[legacy.length - 1] ?? this.base;
  }

  /**
   * Phase 2, the unique claims of the plugins' indexes, then every plugin's transaction rule.
   * Never throws for a refusal. A plain `LedgerView` (no claims) sees no claim held.
   */
  validateTransaction(
    ctx: RulesContext,
    checked: CheckedTransaction,
    ledger: LedgerView | RulesLedgerView,
  ): TxVerdict {
    const view: RulesLedgerView =
      'claimHolder' in ledger ? ledger : { ...viewOf(ledger), claimHolder: () => undefined };
    let tx: SignedTransaction;
    try {
      tx = this.base.validateTransaction(ctx, checked, view);
    } catch (err) {
      if (err instanceof ValidationError) return { ok: false, error: err };
      throw err;
    }
    for (const c of this.claims.of(tx)) {
      const holder = view.claimHolder(c.index, c.key);
      if (holder !== undefined && holder !== tx.id)
        return {
          ok: false,
          error: { code: c.code, message: `${c.index} key ${c.key} is already claimed by ${holder}` },
        };
    }
    for (const link of this.plugins) {
      try {
        if (isPlugin(link)) link.validateTransaction?.(ctx, tx, view);
        else tx = link.validateTransaction(ctx, { ...checked, tx }, view);
      } catch (err) {
        return { ok: false, error: refusalOf(link, err) };
      }
    }
    return { ok: true, tx };
  }

  /** The default block rules, then each plugin's: null when the block passes, else the code. */
  validateBlock(ctx: RulesContext, block: Block): string | null {
    try {
      this.base.validateBlock(ctx, block);
    } catch (err) {
      if (err instanceof BlockValidationError) return err.reason;
      // A member's signed block shaped so that a check trips over it (a field of the wrong type).
      if (err instanceof Error) return 'RuleViolation';
      throw err;
    }
    for (const link of this.plugins) {
      try {
        if (isPlugin(link)) link.validateBlock?.(ctx, block);
        else link.validateBlock(ctx, block);
      } catch (err) {
        if (err instanceof BlockValidationError) return err.reason;
        return refusalOf(link, err).code;
      }
    }
    return null;
  }
}

export function isPlugin(link: ChainLink): link is RulePlugin {
  return (
    Array.isArray((link as RulePlugin).codes) &&
    typeof (link as ConsensusRules).createTransaction !== 'function'
  );
}

/** A plain view's two reads, bound (a class instance's methods would lose `this` in a spread). */
function viewOf(ledger: LedgerView): LedgerView {
  return {
    getTransaction: (id) => ledger.getTransaction(id),
    getSpender: (txId, index) => ledger.getSpender(txId, index),
  };
}

function checkCodes(plugin: RulePlugin): void {
  for (const index of plugin.indexes ?? [])
    if (index.claims && !plugin.codes.includes(index.claims.code))
      throw new Error(
        `consensus_plugin "${plugin.name}": index ${index.name} claims with code "${index.claims.code}", which the plugin does not declare`,
      );
  for (const code of plugin.codes) {
    if (!pluginCodePattern.test(code))
      throw new Error(`consensus_plugin "${plugin.name}": code "${code}" is not one PascalCase word`);
    if (reservedCodes.has(code))
      throw new Error(`consensus_plugin "${plugin.name}": code "${code}" is one of the node's own codes`);
  }
}

/** What a link's throw means: its declared refusal, a validation error, or else a RuleViolation. */
function refusalOf(link: ChainLink, err: unknown): RuleOutcomeRefusal {
  if (err instanceof ValidationError) return err;
  if (err instanceof RuleRefusal) {
    const declared = (link as { codes?: unknown }).codes;
    if (Array.isArray(declared) && declared.includes(err.code)) return err;
    return {
      code: 'RuleViolation',
      message: `${link.name} refused with undeclared code ${err.code}: ${err.message}`,
    };
  }
  if (err instanceof Error) return { code: 'RuleViolation', message: err.message };
  throw err;
}
