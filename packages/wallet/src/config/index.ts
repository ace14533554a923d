export {
  buildWalletConfig,
  isLoopback,
  loadWalletConfig,
  parseBind,
  type CoinConfig,
  type EventHandlerConfig,
  type WalletConfig,
} from './wallet-config.js';
