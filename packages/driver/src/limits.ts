/**
 * Every limit, timeout and backoff constant of the driver, in one place. Connection options
 * override them per connection; these are the defaults.
 */

/** BEP-14 backoff: a node that failed is skipped for `base × factor^(failures − 1)` ms, capped. */
export const backoffBaseMs = 500;
export const backoffFactor = 2;
/** BEP-14 caps the delay at "timeout/2 or 10 s"; a node is never shunned for longer than this. */
export const backoffCapMs = 10_000;

/** One HTTP exchange (GETs and async/sync POSTs), from sending to the last byte of the answer. */
export const requestTimeoutMs = 10_000;
/**
 * One `mode=commit` POST. The server itself waits a bounded time for the block's decision (10 s by
 * default) and then answers anyway, so the client allows more than that before calling it a timeout.
 */
export const commitTimeoutMs = 30_000;
/**
 * A whole call, retries and backoff waits included. Each call gets its own budget: unlike the
 * official driver's connection-wide budget, it is never used up for later calls.
 */
export const callTimeoutMs = 60_000;
/** Attempts per call beyond one per node: a single node gets 3 tries, two nodes 5. */
export const extraAttempts = 2;

/** `pollStatusAndFetch`: how often the status endpoint is asked, and for how long in all. */
export const pollIntervalMs = 250;
export const pollTimeoutMs = 60_000;

/** Page size of the paged queries when the caller gives none (the server clamps at 1000). */
export const pageLimit = 100;

/** How much of a non-JSON error body is kept in an HttpError's message (HTML 404 pages are long). */
export const errorTextCharsMax = 200;

/** The WebSocket event stream: reconnects back off like HTTP requests, within these bounds. */
export const streamBackoffBaseMs = 500;
export const streamBackoffCapMs = 10_000;
