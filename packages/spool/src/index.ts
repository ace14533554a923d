// The only public door of @bigchaindb-ts/spool: the SPOOL format (verbs, file hashes, the
// on-ledger shapes, the history reader) and the registry's operations over the driver.
export * from './format/index.js';
export * from './client/index.js';
