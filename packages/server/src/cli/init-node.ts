import type { Config } from '../config/index.js';
import { createGenesisBlock, systemClock, unixTimestamp } from '../model/index.js';
import type { Store } from '../store/index.js';

export interface InitNodeResult {
  /** False when the database was already initialized and nothing was created. */
  readonly created: boolean;
  /** Height of the genesis block written now, if one was. */
  readonly genesisHeight?: number;
}

/**
 * Prepares a node's database: creates the tables and indexes when missing and, when the node has a
 * keypair and the ledger has no block yet, writes the genesis block signed by this node (the node
 * votes on it when it starts). `init` and `start` both come through here.
 */
export async function initNode(config: Config, store: Store): Promise<InitNodeResult> {
  const { created } = await store.init();
  // Proof-of-work mode writes its network's own genesis when it starts.
  if (config.consensusMode === 'proof-of-work') return { created };
  const { public: publicKey, private: privateKey } = config.keypair;
  if (publicKey === null || privateKey === null || (await store.latestHeight()) !== null) return { created };
  const voters = [...new Set([publicKey, ...config.keyring])].sort();
  const genesis = createGenesisBlock({ publicKey, privateKey }, voters, unixTimestamp(systemClock));
  const { height } = await store.writeBlock(genesis);
  return { created, genesisHeight: height };
}
