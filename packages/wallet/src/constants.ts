/**
 * The wallet's limits and defaults in one place, units last in the names (TigerBeetle style).
 * Defaults that the configuration can override say so; the rest are fixed bounds.
 */

/** `database.transaction_retries`: re-runs of a conflicted write after the first run (the seed's 3). */
export const transactionRetriesDefault = 3;
/** Upper bound of the jittered wait between two runs of a conflicted write. */
export const conflictBackoffMsMax = 50;
/** How long SQLite waits on another process's write lock before the write counts as a conflict. */
export const sqliteBusyTimeoutMs = 2_000;
/** PostgreSQL connections of one wallet process. */
export const postgresPoolSize = 10;

/** `coins.<name>.confirmation_count`: a valid block is final in federation mode (reference B.11). */
export const confirmationCountDefault = 1;
/** `coins.<name>.max_confirmation_count`: tracking stops here (the seed's 15). */
export const maxConfirmationCountDefault = 15;

/** `service.broadcast_period`, in seconds (the seed's 30 is long for a ledger that decides in ms; ours: 5). */
export const broadcastPeriodSecondsDefault = 5;
/** How often the block follower asks the node for new blocks when the event stream says nothing. */
export const followPollMs = 1_000;
/** Blocks fetched by the follower in one cycle before it yields (it goes on at once afterwards). */
export const followBlocksPerCycleMax = 100;
/** How often open network transactions (not yet in a valid block) are looked up by id. */
export const openTransactionPollMs = 2_000;

/** Event delivery: first retry after this, doubling, capped; given up after `eventAttemptsMax` tries. */
export const eventRetryBaseMs = 500;
export const eventRetryCapMs = 60_000;
export const eventAttemptsMaxDefault = 25;
/** One webhook POST or script run, to its end. */
export const eventDeliveryTimeoutMs = 10_000;
/** How often the event dispatcher looks for due deliveries when nothing woke it. */
export const eventPollMs = 1_000;

/** `status_server.ip/port` (the seed's defaults). */
export const statusServerHostDefault = '127.0.0.1';
export const statusServerPortDefault = 18881;
/** `api.bind` (issue 12). */
export const apiBindDefault = '127.0.0.1:18880';

/** Text columns: the seed's String(255) for names and labels, String(127) for addresses. */
export const nameLengthMax = 255;
export const labelLengthMax = 255;
export const addressLengthMax = 127;
/** API idempotency keys. */
export const idempotencyKeyLengthMax = 200;
/** Rows one API listing returns at most. */
export const pageSizeMax = 500;

/** scrypt cost of the key that encrypts private keys at rest (N = 2^15, r = 8, p = 1: ~32 MiB, ~100 ms once per start). */
export const scryptCostN = 32_768;
export const scryptBlockSizeR = 8;
export const scryptParallelP = 1;
