import { inputLinks, spentTransactionIds, type SignedTransaction } from '@bigchaindb-ts/core';
import type { LedgerTransaction, Spender, Store } from '../../store/index.js';
import type { PhaseOne } from '../verify/index.js';
import { BatchReferences, claimId, type ClaimRules } from '../../consensus/index.js';
import { intact } from './intact.js';
import { linkKey } from './ledger-maps.js';

/** What the store holds of a batch's neighbourhood: the transactions it names and the live spenders of its inputs. */
export interface Prefetched {
  readonly txs: ReadonlyMap<string, LedgerTransaction>;
  /** Live (undecided or valid) spenders, by output key (`linkKey`). */
  readonly spenders: ReadonlyMap<string, Spender>;
  /** The transactions holding the batch's claims among live blocks, by `claimId`. */
  readonly claimHolders: ReadonlyMap<string, string>;
}

/**
 * The pipelines' reads of the ledger, batch-shaped: one query each for a batch's inputs, their
 * statuses and their spenders. Rows are never trusted: a transaction whose stored content no
 * longer hashes to its id is left out and reported (`onTampered`), so spending it as stored
 * would never honour an edit made in the database.
 */
export class LedgerSnapshot {
  constructor(
    private readonly store: Store,
    private readonly phaseOne: PhaseOne,
    private readonly onTampered: (t: LedgerTransaction, id: string) => void,
    private readonly claimRules?: ClaimRules,
  ) {}

  /**
   * Loads the transactions a batch spends from (and, with `ownIds`, the batch's own ids) and the
   * live spenders of its inputs. `includeUndecided` counts transactions of undecided blocks too.
   * `refs`: what the plugins' rules read besides the inputs (transactions, and claims with their
   * holders' transactions).
   */
  async prefetch(
    txs: readonly SignedTransaction[],
    includeUndecided: boolean,
    ownIds = true,
    refs: BatchReferences = BatchReferences.none,
  ): Promise<Prefetched> {
    const { store, phaseOne } = this;
    const ids = [
      ...new Set(
        txs.flatMap((tx) => [
          ...(ownIds ? [tx.id] : []),
          ...spentTransactionIds(tx),
          ...refs.transactionsOf(tx.id),
        ]),
      ),
    ];
    const links = txs.flatMap((tx) => [...inputLinks(tx), ...refs.outputsOf(tx.id)]);
    // Transactions this process verified are taken from memory, and only their status is read:
    // no JSON to parse, no hash to check (a row edited since is the watchdog's to find; what is
    // spent is what was verified). Chains spend what was posted moments before, so this is most.
    const known = ids.filter((id) => phaseOne.has(id));
    const unknown = known.length === 0 ? ids : ids.filter((id) => !phaseOne.has(id));
    const [found, statuses, spenders, claimHolders] = await Promise.all([
      unknown.length ? store.getTransactions(unknown, { includeUndecided }) : Promise.resolve([]),
      known.length ? store.getStatuses(known) : Promise.resolve([]),
      links.length ? store.getSpenders(links) : Promise.resolve([]),
      this.#claimHolders(txs, refs),
    ]);
    const txMap = new Map<string, LedgerTransaction>();
    found.forEach((t, i) => {
      if (!t) return;
      const id = unknown[i] as string;
      if (intact(t.tx, id)) txMap.set(t.tx.id, t);
      else this.onTampered(t, id);
    });
    statuses.forEach((s, i) => {
      if (s === null || s.blockId === null || s.height === null) return;
      if (s.status !== 'valid' && !(includeUndecided && s.status === 'undecided')) return;
      const tx = phaseOne.known(known[i] as string)?.tx;
      if (tx) txMap.set(tx.id, { tx, height: s.height, blockId: s.blockId, status: s.status });
    });
    const spenderMap = new Map<string, Spender>();
    spenders.forEach((s, i) => s && spenderMap.set(linkKey(links[i]!), s));
    if (!refs.empty) {
      // The holders of referenced claims and the spenders of referenced outputs are read by the
      // rules too: load those not loaded yet.
      const holders = new Set<string>();
      for (const tx of txs) {
        for (const c of refs.claimsOf(tx.id)) {
          const h = claimHolders.get(claimId(c.index, c.key));
          if (h !== undefined && !txMap.has(h)) holders.add(h);
        }
        for (const link of refs.outputsOf(tx.id)) {
          const h = spenderMap.get(linkKey(link))?.txId;
          if (h !== undefined && !txMap.has(h)) holders.add(h);
        }
      }
      if (holders.size > 0) {
        const wanted = [...holders];
        (await store.getTransactions(wanted, { includeUndecided })).forEach((t, i) => {
          const id = wanted[i] as string;
          if (!t) return;
          if (intact(t.tx, id)) txMap.set(t.tx.id, t);
          else this.onTampered(t, id);
        });
      }
    }
    return { txs: txMap, spenders: spenderMap, claimHolders };
  }

  /** One query per index with unique claims (none at all without such an index). */
  async #claimHolders(
    txs: readonly SignedTransaction[],
    refs: BatchReferences,
  ): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!this.claimRules?.any) return out;
    const byIndex = new Map<string, Set<string>>();
    const want = (index: string, key: string) => {
      let keys = byIndex.get(index);
      if (!keys) byIndex.set(index, (keys = new Set()));
      keys.add(key);
    };
    for (const tx of txs) {
      for (const c of this.claimRules.of(tx)) want(c.index, c.key);
      for (const c of refs.claimsOf(tx.id)) want(c.index, c.key);
    }
    await Promise.all(
      [...byIndex].map(async ([index, set]) => {
        const keys = [...set];
        const holders = await this.store.getClaimHolders(index, keys);
        holders.forEach((h, i) => h !== null && out.set(claimId(index, keys[i]!), h));
      }),
    );
    return out;
  }

  /**
   * Inputs of a batch found neither here nor in blocks, looked up in the shared backlog: a
   * transfer posted to this member may spend a transaction still waiting in another member's
   * backlog (before, that was InputDoesNotExist). Such an input was accepted by a member but not
   * decided yet; the block maker waits for it. Ids still missing are read from the blocks once
   * more, since an input may have moved from the backlog into a block between the two reads.
   */
  async backlogInputs(
    txs: readonly SignedTransaction[],
    known: (id: string) => boolean,
    refs: BatchReferences = BatchReferences.none,
  ): Promise<Map<string, SignedTransaction>> {
    const out = new Map<string, SignedTransaction>();
    const missing = [
      ...new Set(txs.flatMap((tx) => [...spentTransactionIds(tx), ...refs.transactionsOf(tx.id)])),
    ].filter((id) => !known(id));
    if (missing.length === 0) return out;
    const rows = await this.store.getBacklogTransactions(missing);
    rows.forEach((row, i) => {
      const id = missing[i] as string;
      if (row && intact(row.tx, id)) out.set(id, row.tx);
    });
    const still = missing.filter((id) => !out.has(id));
    if (still.length > 0) {
      const found = await this.store.getTransactions(still, { includeUndecided: true });
      found.forEach((t, i) => {
        const id = still[i] as string;
        if (t && intact(t.tx, id)) out.set(id, t.tx);
      });
    }
    return out;
  }
}
