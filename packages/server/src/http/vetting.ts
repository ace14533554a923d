import type { NodeService } from './node-service.js';

/**
 * The ids, among those of valid transactions a query found, that may be served: read back with
 * their blocks (one batched read) and passed through the node's integrity checks. For lists whose
 * items are not transactions themselves (outputs, search results).
 */
export async function servableIds(node: NodeService, ids: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const found = await node.store.getTransactions(unique);
  const vetted = await node.vetTransactions(found.filter((t) => t !== null));
  return new Set(vetted.map((t) => t.tx.id));
}
