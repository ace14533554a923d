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
