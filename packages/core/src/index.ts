// The only public door of @bigchaindb-ts/core.
export * from './constants.js';
export { BoundedCache } from './bounded-cache.js';
export * from './crypto/index.js';
export * from './canonical/index.js';
export * from './conditions/index.js';
export * from './errors/index.js';
export * from './transaction/index.js';
export * from './api/index.js';
