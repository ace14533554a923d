import type { SealedKey } from '../keystore/index.js';
import type { CoinRules } from './types.js';

/** What the bookkeeping needs besides the database: the clock, the coins' rules, the event handlers, the keystore. */
export interface BookEnv {
  readonly now: () => number;
  readonly coins: ReadonlyMap<string, CoinRules>;
  /** The names of the configured event handlers: each event is written to the outbox once per handler. */
  readonly eventHandlers: readonly string[];
  /** Makes the keypairs of new receiving addresses; without it, creating one is refused. */
  readonly keystore?: { newKey(): SealedKey } | undefined;
}
