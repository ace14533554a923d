// The node's view of the ledger while it judges transactions: the pending pool, batched reads of
// the store, and the one layered ledger view the consensus rules see.
export { intact } from './intact.js';
export { linkKey, outputKey } from './ledger-maps.js';
export { LayeredLedgerView, type ViewLayers } from './ledger-view.js';
export { PendingPool } from './pending-pool.js';
export { LedgerSnapshot, type Prefetched } from './snapshot.js';
