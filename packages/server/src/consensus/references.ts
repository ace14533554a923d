import type { OutputLink, SignedTransaction } from '@bigchaindb-ts/core';
import type { ClaimKey, ReferenceReads, RulePlugin, RuleReferences } from './rule-plugin.js';

/**
 * The references of a batch's transactions (`RulePlugin.references`), gathered from every plugin
 * that names some. Without such a plugin the map is empty and costs nothing.
 */
export class BatchReferences {
  static readonly none = new BatchReferences(new Map());

  constructor(private readonly byTx: ReadonlyMap<string, Entry>) {}

  get empty(): boolean {
    return this.byTx.size === 0;
  }

  /** The transactions `tx`'s rules read besides its inputs. */
  transactionsOf(txId: string): readonly string[] {
    return this.byTx.get(txId)?.txs ?? [];
  }

  /** The claims `tx`'s rules read. */
  claimsOf(txId: string): readonly ClaimKey[] {
    return this.byTx.get(txId)?.claims ?? [];
  }

  /** The transactions whose pending ancestors `tx`'s rules read. */
  ancestorsOf(txId: string): readonly string[] {
    return this.byTx.get(txId)?.ancestors ?? [];
  }

  /** The outputs whose spenders `tx`'s rules read. */
  outputsOf(txId: string): readonly OutputLink[] {
    return this.byTx.get(txId)?.outputs ?? [];
  }
}

interface Entry {
  txs: string[];
  claims: ClaimKey[];
  ancestors: string[];
  outputs: OutputLink[];
}

/** Asks each plugin that names references for every transaction of a batch. */
export async function gatherReferences(
  plugins: readonly RulePlugin[],
  txs: readonly SignedTransaction[],
  reads: ReferenceReads,
): Promise<BatchReferences> {
  if (plugins.length === 0) return BatchReferences.none;
  const byTx = new Map<string, Entry>();
  const add = (id: string, r: RuleReferences | undefined) => {
    if (!r) return;
    const { transactions = [], claims = [], ancestorsOf = [], outputs = [] } = r;
    if (transactions.length + claims.length + ancestorsOf.length + outputs.length === 0) return;
    let entry = byTx.get(id);
    if (!entry) byTx.set(id, (entry = { txs: [], claims: [], ancestors: [], outputs: [] }));
    entry.txs.push(...transactions);
    entry.claims.push(...claims);
    entry.ancestors.push(...ancestorsOf);
    entry.outputs.push(...outputs);
  };
  const waits: Promise<void>[] = [];
  for (const tx of txs)
    for (const p of plugins) {
      const r = p.references!(tx, reads);
      if (r instanceof Promise) waits.push(r.then((v) => add(tx.id, v)));
      else add(tx.id, r);
    }
  if (waits.length > 0) await Promise.all(waits);
  return byTx.size === 0 ? BatchReferences.none : new BatchReferences(byTx);
}
