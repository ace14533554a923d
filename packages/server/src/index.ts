// The only public door of @bigchaindb-ts/server.
export { version } from './version.js';
