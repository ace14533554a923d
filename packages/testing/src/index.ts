// The only public door of @bigchaindb-ts/testing: real node processes and federations for tests,
// benchmarks and scripts.
export { NodeProcess, freePort, waitFor, type NodeProcessOptions } from './node-process.js';
export {
  Federation,
  dropDatabase,
  postgresAnswers,
  runSql,
  type FederationOptions,
  type PostgresTarget,
} from './federation.js';
