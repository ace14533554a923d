// The only public door of @bigchaindb-ts/wallet: cryptoassets.core over token assets on a
// BigchainDB ledger (docs/wallet.md).
export { parseUnits } from './amount.js';
export * as constants from './constants.js';
export {
  ConflictResolver,
  describeTarget,
  dropTables,
  initializeDatabase,
  openDatabase,
  parseDatabaseUrl,
  type ConflictStats,
  type Database,
  type DatabaseTarget,
  type SqlSession,
} from './db/index.js';
export {
  httpStatusOf,
  isWalletError,
  WalletConfigError,
  WalletError,
  walletErrorCodes,
  type WalletErrorCode,
} from './errors.js';
export { Keystore, passphraseVariable, type SealedKey } from './keystore/index.js';
export * from './model/index.js';
export { defineWalletCommands } from './cli/index.js';
export { buildWalletConfig, loadWalletConfig, type WalletConfig } from './config/index.js';
export { WalletService, type WalletServiceOptions } from './service/index.js';
export { createLogger, type Logger } from './log/index.js';
export { Broadcaster, changeKey, ledgerBalance } from './broadcaster/index.js';
export {
  applyBlock,
  BlockFollower,
  followState,
  LedgerBackend,
  readCoinTransaction,
  scanReceived,
  startFollowing,
  type CoinTransaction,
} from './backend/index.js';
export {
  EventDispatcher,
  httpEventHandler,
  inProcessEventHandler,
  scriptEventHandler,
} from './events/index.js';
export { buildApi, openApiDocument, type ApiOptions } from './api/index.js';
export { startStatusServer } from './status/index.js';
