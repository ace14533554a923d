import type { OutputLink, Transaction } from './types.js';

/** The outputs a transaction spends, in input order (none for a CREATE). */
export function inputLinks(tx: Transaction): OutputLink[] {
  const links: OutputLink[] = [];
  for (const input of tx.inputs) if (input.fulfills !== null) links.push(input.fulfills);
  return links;
}

/** The distinct ids of the transactions whose outputs `tx` spends, in order of first appearance. */
export function spentTransactionIds(tx: Transaction): string[] {
  return [...new Set(inputLinks(tx).map((link) => link.transaction_id))];
}
