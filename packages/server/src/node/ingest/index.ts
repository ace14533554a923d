// Ingest: a posted transaction's way from phase 1 to the durable backlog write.
export { createIngest, type Ingest, type IngestHooks } from './ingest.js';
