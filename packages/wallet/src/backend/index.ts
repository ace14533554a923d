export { BlockFollower } from './block-follower.js';
export {
  applyBlock,
  bookCoinTransaction,
  followState,
  startFollowing,
  type FollowState,
} from './ledger-books.js';
export { LedgerBackend, type LedgerStatus, type PostOutcome } from './ledger-backend.js';
export { pollOpenTransactions } from './open-transactions.js';
export { readCoinTransaction, type CoinTransaction, type KeyOutput } from './read-transaction.js';
export { scanReceived, type ScanReport } from './rescan.js';
