export { auditWallet, type AuditFinding } from './audit.js';
export type { BookEnv } from './book-env.js';
export { BookSession } from './book-session.js';
export {
  advanceConfirmations,
  applyConfirmations,
  networkTransaction,
  recordDeposit,
  txUpdateData,
  type LedgerPosition,
  type Receive,
} from './network-updates.js';
export { enqueueEvent } from './outbox.js';
export { networkTransactionColumns, networkTransactionOf, transactionOf, transactionSelect } from './rows.js';
export type { SendOptions } from './sends.js';
export type { TransactionQuery } from './transactions.js';
export {
  transactionStates,
  type Account,
  type Address,
  type CoinRules,
  type NetworkTransaction,
  type NetworkTransactionState,
  type NetworkTransactionType,
  type Transaction,
  type TransactionState,
  type TxUpdateData,
  type Wallet,
} from './types.js';
export { idParam, validateAddress } from './validation.js';
export { WalletBook } from './wallet-book.js';
export { networkFeeAccountName } from './wallets.js';
