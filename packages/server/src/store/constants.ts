/**
 * Limits of the store, in one place. Units come last in the names.
 *
 * A transaction's place in the ledger is one integer, `pos = height * blockPositionsMax + position`
 * (see `ledger-position.ts`), so a block can hold at most `blockPositionsMax` transactions. The
 * users' reference configurations never go above 10,000 per block.
 */
export const blockPositionsMax = 65_536;

/** Largest page a query may ask for; pages are how reads stay proportional to what is returned. */
export const pageSizeMax = 1_000;

/** Most blocks one read returns: a block may hold tens of thousands of transactions. */
export const blockPageSizeMax = 100;

/** Most block digests one read returns: digests are small, and the watchdog pages through the chain. */
export const digestPageSizeMax = 1_000;

/** Longest full-text search query accepted, in UTF-16 code units. */
export const searchTextLengthMax = 1_000;

/** Most backlog rows one `reassignStale` call moves, so one call never holds a lock for long. */
export const reassignBatchMax = 10_000;

/**
 * WAL size, in 4 KiB pages, at which SQLite copies the WAL back into the database file. One block
 * commit dirties several MB of index pages, so SQLite's default of 1,000 pages checkpointed after
 * every block; letting the WAL reach about 40 MB checkpoints every few blocks, and pages dirtied
 * by several blocks are copied once. Measured: write + decide of 1,000-transaction blocks went
 * from about 13k to about 18k transactions/s (median of 3 runs, 60 blocks).
 */
export const sqliteWalCheckpointPages = 10_000;
/**
 * The same for a store being filled in one long run (`StoreConfig.bulkLoad`, restore): ids are
 * random, so every block dirties pages all over the indexes and each checkpoint copies (and syncs)
 * most of them again. Checkpointing every GiB instead of every 40 MB restored 1,000,000
 * transactions in 96 s instead of 121 s; the log grows to that size between checkpoints.
 */
export const sqliteBulkWalCheckpointPages = 250_000;

/** How often a PostgreSQL transaction is retried after a deadlock or serialization failure. */
export const pgTransactionAttemptsMax = 5;

/** Version of the table layout; `init()` refuses tables made by another version. */
export const schemaVersion = 1;

/**
 * Most conditions a field filter may hold, over all its groups. Each condition is one index
 * probe per candidate row, so this bounds the work one query can ask for.
 */
export const filterConditionsMax = 32;

/**
 * Most distinct (path, value) pairs indexed for one asset's data or one transaction's metadata.
 * A 64 KB transaction could otherwise add ~16k index rows; beyond this, a document's later fields
 * (in key order, depth first) are not findable by field filters. Full-text search still sees them.
 */
export const fieldTermsPerDocumentMax = 1_000;

/**
 * Longest field term stored as text, in UTF-16 code units; longer ones are stored as a SHA-256
 * digest, which keeps every index entry far below PostgreSQL's B-tree row limit (~2.7 KB).
 */
export const fieldTermLengthMax = 200;
