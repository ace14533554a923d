import type { ConflictResolver } from '../db/index.js';
import type { BookEnv } from './book-env.js';
import { BookSession } from './book-session.js';

/**
 * The books of every wallet in one database: each call of `transaction` is one serializable
 * transaction of the seed's model operations, run again on conflicts (the seed's
 * `@conflict_resolver.managed_transaction`):
 *
 *   const tx = await book.transaction(async (b) => {
 *     const wallet = await b.getOrCreateWalletByName('default wallet', 'tok');
 *     const account = await b.getOrCreateAccountByName(wallet.id, 'my account');
 *     return b.send(wallet.id, account.id, address, 10n, 'a send');
 *   });
 *
 * The function may run more than once: it must not talk to the network or have other side effects.
 */
export class WalletBook {
  constructor(
    readonly resolver: ConflictResolver,
    readonly env: BookEnv,
  ) {}

  transaction<T>(fn: (b: BookSession) => Promise<T>): Promise<T> {
    return this.resolver.managedTransaction((s) => fn(new BookSession(s, this.env)));
  }

  /** One run only: a conflict fails at once with `CannotResolveDatabaseConflict`. */
  nonRetryableTransaction<T>(fn: (b: BookSession) => Promise<T>): Promise<T> {
    return this.resolver.managedNonRetryableTransaction((s) => fn(new BookSession(s, this.env)));
  }

  /** A read-only snapshot, for display. */
  read<T>(fn: (b: BookSession) => Promise<T>): Promise<T> {
    return this.resolver.read((s) => fn(new BookSession(s, this.env)));
  }
}
