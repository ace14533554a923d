// The decided chain in height order, resumable: what event streams (and later the wallet, peers
// and the explorer) follow.
export { LedgerFeed, type FeedBlock, type FeedReads } from './ledger-feed.js';
