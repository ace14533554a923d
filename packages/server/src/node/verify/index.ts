// Phase 1 of validation (schema, id, fulfillments) in worker threads, with the node's memory of
// what it verified.
export { PhaseOne, type TxRejection } from './phase-one.js';
export { StatelessValidator } from './stateless-validator.js';
export type { VerifyResult } from './verify-worker.js';
export type { WorkerPoolStats } from './worker-pool.js';
