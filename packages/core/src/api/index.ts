// Wire types the HTTP API, the server and the drivers share: defined once, here.

/**
 * How long a POST of a transaction waits: `async` and `sync` until the node has accepted it (our
 * checks all run before the answer; `sync` is kept for BigchainDB's drivers), `commit` until its
 * block is decided.
 */
export type PostMode = 'async' | 'sync' | 'commit';

export const postModes: readonly PostMode[] = ['async', 'sync', 'commit'];

/**
 * A transaction's fate: `backlog` (accepted, in no block yet), `undecided` (in a block not decided
 * yet), `valid` (in a block decided valid), `invalid` (refused after acceptance, with a reason).
 */
export type TransactionState = 'backlog' | 'undecided' | 'valid' | 'invalid';

export const transactionStates: readonly TransactionState[] = ['backlog', 'undecided', 'valid', 'invalid'];
