export { Loop } from './loop.js';
export { isTransient } from './transient.js';
export { WalletService, type CoinRuntime, type WalletServiceOptions } from './wallet-service.js';
