import { hash } from 'node:crypto';
import type { LedgerTransaction } from '../../store/index.js';
import { knownTextsMax } from '../constants.js';

/** A transaction of a list that may be served, with its id and the JSON text to serve. */
export interface Listed<T> {
  readonly item: T;
  readonly id: string;
  readonly json: string;
}

/**
 * Stored transaction texts already found intact (they hash to their id) and in the form
 * `JSON.stringify` gives (so the text is the answer's bytes), by SHA-256 of the text, with the
 * id each holds. The same bytes always pass the same checks, so a text seen again needs only its
 * SHA-256 (about 1 µs) instead of a parse, the canonical form and SHA3 (about 9 µs): what made
 * an asset with 5,000 transfers or a key with 10,000 outputs slow to list.
 */
export class KnownTexts {
  readonly #ids = new Map<string, string>();

  idOf(digest: string): string | undefined {
    return this.#ids.get(digest);
  }

  add(digest: string, id: string): void {
    if (this.#ids.size >= knownTextsMax) this.#ids.delete(this.#ids.keys().next().value!);
    this.#ids.set(digest, id);
  }
}

/**
 * The items that may be served, as `vet` keeps them (in order), each with the JSON to serve.
 * Items read with their text (`LedgerTransaction.text`) whose text is known intact skip the
 * per-transaction checks: one of them per block is still vetted, and its verdict (the block's
 * checks) holds for the others of that block.
 */
export async function vetListed<T extends LedgerTransaction>(
  known: KnownTexts,
  items: readonly T[],
  vet: (items: readonly T[]) => Promise<T[]>,
): Promise<Listed<T>[]> {
  const digests = items.map((t) => (t.text === undefined ? undefined : hash('sha256', t.text, 'base64')));
  // Read once: another request may evict entries while this one waits for the checks.
  const knownIds = digests.map((d) => (d === undefined ? undefined : known.idOf(d)));
  const probes = new Map<string, T>();
  const unknown: T[] = [];
  items.forEach((t, i) => {
    if (knownIds[i] === undefined) unknown.push(t);
    else if (!probes.has(t.blockId)) probes.set(t.blockId, t);
  });
  const passed = new Set(await vet([...probes.values(), ...unknown]));
  const listed: Listed<T>[] = [];
  items.forEach((t, i) => {
    const id = knownIds[i];
    if (id !== undefined) {
      if (passed.has(probes.get(t.blockId)!)) listed.push({ item: t, id, json: t.text! });
      return;
    }
    if (!passed.has(t)) return;
    const json = JSON.stringify(t.tx);
    const digest = digests[i];
    if (digest !== undefined && json === t.text) known.add(digest, t.tx.id);
    listed.push({ item: t, id: t.tx.id, json });
  });
  return listed;
}

/** A JSON array of the listed transactions, as `JSON.stringify` of their objects would write it. */
export function listJson(listed: readonly Listed<unknown>[]): string {
  return `[${listed.map((l) => l.json).join(',')}]`;
}
