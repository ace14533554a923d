import { inputLinks, type SignedTransaction } from '@bigchaindb-ts/core';
import type { LedgerTransaction, Spender } from '../../store/index.js';
import { linkKey, outputKey } from './ledger-maps.js';
import { claimId, type ClaimRules, type RulesLedgerView } from '../../consensus/index.js';
import type { Prefetched } from './snapshot.js';

/**
 * The layers a ledger view is read through, nearest first: the transactions of the batch or block
 * being judged (added as they pass), what this node accepted and has not put in a block yet, the
 * store's answer (filtered by what counts as existing for this judgment), and inputs found waiting
 * in the shared backlog.
 */
export interface ViewLayers {
  readonly pending?: {
    readonly txs: ReadonlyMap<string, SignedTransaction>;
    readonly spends: ReadonlyMap<string, string>;
    readonly claims: ReadonlyMap<string, string>;
  };
  readonly ledger: Prefetched;
  /** Which stored transactions count as existing inputs (e.g. valid blocks only, or not this block). */
  readonly countsTx: (t: LedgerTransaction) => boolean;
  /** Which stored spenders count (e.g. not this very block's own claims). */
  readonly countsSpender: (s: Spender) => boolean;
  readonly waiting?: ReadonlyMap<string, SignedTransaction>;
  /** Which stored claim holders count (e.g. not this very block's own transactions). */
  readonly countsClaimHolder?: (txId: string) => boolean;
  /** The claims a transaction makes, so accepted ones are seen by the next of the batch. */
  readonly claimRules?: ClaimRules;
}

/**
 * The one ledger view of the pipelines (ingest, block maker, voter): what the consensus rules see.
 * `accept` adds a transaction that passed, so the next ones of the same batch see it and its
 * spends, as they would once the batch is in the ledger.
 */
export class LayeredLedgerView implements RulesLedgerView {
  readonly #accepted = new Map<string, SignedTransaction>();
  readonly #spends = new Map<string, string>();
  readonly #claims = new Map<string, string>();

  constructor(private readonly layers: ViewLayers) {}

  getTransaction(id: string): SignedTransaction | undefined {
    const { pending, ledger, countsTx, waiting } = this.layers;
    const here = this.#accepted.get(id) ?? pending?.txs.get(id);
    if (here) return here;
    const stored = ledger.txs.get(id);
    if (stored && countsTx(stored)) return stored.tx;
    return waiting?.get(id);
  }

  getSpender(txId: string, outputIndex: number): string | undefined {
    const key = outputKey(txId, outputIndex);
    const here = this.#spends.get(key) ?? this.layers.pending?.spends.get(key);
    if (here !== undefined) return here;
    const stored = this.layers.ledger.spenders.get(key);
    return stored && this.layers.countsSpender(stored) ? stored.txId : undefined;
  }

  claimHolder(index: string, key: string): string | undefined {
    const id = claimId(index, key);
    const here = this.#claims.get(id) ?? this.layers.pending?.claims.get(id);
    if (here !== undefined) return here;
    const stored = this.layers.ledger.claimHolders.get(id);
    const counts = this.layers.countsClaimHolder;
    return stored !== undefined && (counts === undefined || counts(stored)) ? stored : undefined;
  }

  accept(tx: SignedTransaction): void {
    this.#accepted.set(tx.id, tx);
    for (const link of inputLinks(tx)) this.#spends.set(linkKey(link), tx.id);
    for (const c of this.layers.claimRules?.of(tx) ?? []) this.#claims.set(claimId(c.index, c.key), tx.id);
  }

  has(id: string): boolean {
    return this.#accepted.has(id);
  }

  get acceptedCount(): number {
    return this.#accepted.size;
  }

  /** The accepted transactions, in the order they were accepted. */
  accepted(): SignedTransaction[] {
    return [...this.#accepted.values()];
  }
}
