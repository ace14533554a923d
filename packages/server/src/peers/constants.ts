/** Limits and defaults of the peers layer, units last. The seed's values are named as such. */

/** The seed's default miner port, also the port of a peer address given without one. */
export const defaultPeerPort = 12345;
/** The seed's MAX_NEIGHBOURS. */
export const peersMaxDefault = 3;
/** The seed's gossip interval. */
export const gossipIntervalMsDefault = 20_000;
/** The seed's chain-sync interval; announcements make it rarely needed. */
export const syncIntervalMsDefault = 10_000;
export const requestTimeoutMsDefault = 5_000;
/** Consecutive failures after which a peer is evicted (and retried after a backoff). */
export const peerFailuresMax = 3;
export const evictionBackoffMsMin = 5_000;
export const evictionBackoffMsMax = 300_000;
/** Transactions remembered as sent to (or received from) a peer: each goes to each peer once. */
export const relaySeenMax = 100_000;
/** Transactions sent to a peer in one request, and how long the relay gathers them. */
export const relayBatchMax = 200;
export const relayFlushMs = 50;
/** Blocks (or hashes) asked of a peer in one request during catch-up, and served at most. */
export const syncBatchMax = 100;
export const hashesBatchMax = 1000;
/**
 * The most bytes read of one peer's answer: a full catch-up batch (100 blocks of up to 1,000
 * transactions) fits many times over, while a peer that streams without end is cut off rather than
 * filling this node's memory within its timeout.
 */
export const peerAnswerBytesMax = 128 * 1024 * 1024;
/** Backlog size at which transactions are refused (503 BacklogFull) until blocks drain it. */
export const backlogMaxDefault = 10_000;
/** Peers remembered as refused (another network, invalid chains), for the health report. */
export const refusedPeersMax = 100;
