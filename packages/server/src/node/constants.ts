/**
 * The node's tunables, in one place (the core's limits are in core/src/constants.ts, the store's in
 * store/constants.ts). Units last in names. Each says why it has the value it has.
 */

/** Transactions checked together at ingest: one status query, one prefetch and one backlog write each. */
export const ingestBatchMax = 1000;
/** Checked ingest batches whose backlog write may be in flight at once (each waits its turn at the writer). */
export const ingestWritesInFlightMax = 4;
/** Under a steady stream of transactions, a block waits at most this many flush intervals to fill. */
export const blockHoldFactor = 10;
/** Phase-1 results kept for reuse (about 1-2 KB each); also blocks remembered as tallied valid here. */
export const checkedCacheSize = 20_000;
/** Vote signatures remembered as checked: the election reads every undecided block's votes on each poll. */
export const voteChecksCacheSize = 20_000;
/** With live change notifications, the fallback polls run this many times slower. */
export const liveFallbackFactor = 4;
/** How many votes back a restarted node looks for blocks it voted on but whose election it has not seen. */
export const restartElectionWindowBlocks = 200;
/** Backlog transactions reloaded into the pending pool at start and after a requeue. */
export const backlogReloadMax = 10_000;
/** Blocks read per page when voting: a small page keeps a vote pass responsive to a stop. */
export const votePageBlocks = 16;
/** Pending ids whose status is read per query when pruning the pending pool. */
export const prunePageIds = 1000;
/** Retries of a block write that lost a race with another live block (each drops the losers). */
export const blockWriteRetriesMax = 3;

/** Blocks read per store call while the feed follows the chain or replays it (each may hold thousands of transactions). */
export const feedReadBlocksMax = 10;
/** Recent decided blocks the feed keeps in memory, so live subscribers do not each read the store. */
export const feedCacheBlocksMax = 64;
/** Stored transaction texts the reads remember as intact; about 200 bytes each. */
export const knownTextsMax = 100_000;
/** Findings kept for the federation report, newest last. */
export const recentFindingsMax = 200;
/** Subjects remembered to report each once: a bad vote is read again on every poll. */
export const seenSubjectsMax = 50_000;

/** Defaults of the options a node is built with (config supplies its own). */
export const defaultPollIntervalMs = 250;
export const defaultCommitWaitMs = 10_000;
export const defaultWatchdogIntervalMs = 60_000;
/** Below this, a timer would spin: flush intervals are clamped up to it. */
export const flushIntervalMsMin = 5;
/** A member is suspected down after missing votes for at least this long, however short the reassign delay. */
export const livenessWindowMsMin = 1000;
/** The stale monitor runs at least this often apart. */
export const staleMonitorEveryMsMin = 1000;
