/** Limits and defaults of the proof-of-work chain, units last. */

/** The seed's default difficulty (trailing zero hex digits). */
export const defaultDifficulty = 5;
/** A SHA-256 hex digest has 64 digits; beyond 12 a search would not end on any machine. */
export const difficultyMax = 12;
/** A block's timestamp may be at most this far ahead of the validating node's clock. */
export const timestampFutureMsMax = 120_000;
/** The miner's worker checks for cancellation every this many proofs. */
export const proofChunkSize = 4096;
/** Transactions a mined block holds at most. */
export const powBlockTxCountMax = 1000;
/** The network id when none is configured. */
export const defaultNetworkId = 'bigchaindb-pow';
