import type { Config } from '../config/config.js';
import type { Store } from '../store/index.js';

export interface InitNodeResult {
  /** False when the database was already initialized and nothing was created. */
  readonly created: boolean;
}

/**
 * Prepares a node's database: creates the tables and indexes when missing. `init` and `start`
 * both come through here, so that whatever a fresh node needs is created in one place.
 */
export async function initNode(_config: Config, store: Store): Promise<InitNodeResult> {
  const { created } = await store.init();
  return { created };
}
