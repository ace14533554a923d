import { conflictBackoffMsMax, transactionRetriesDefault } from '../constants.js';
import { WalletError } from '../errors.js';
import type { Database, SqlSession } from './sql-session.js';

export interface ConflictStats {
  success: number;
  retries: number;
  errors: number;
  unresolved: number;
}

/**
 * The seed's ConflictResolver (reference B.5): every write is one serializable transaction; when
 * the database says it conflicted with another (PostgreSQL 40001/40P01, SQLite busy), the whole
 * function runs again, up to `retries` more times, after a short random wait; then
 * `CannotResolveDatabaseConflict`, chained to the last conflict. Any other error rolls back and is
 * thrown at once. The function may run more than once, so it must not talk to the network or
 * fire events: the wallet writes events to its outbox inside the transaction and delivers them
 * after the commit.
 */
export class ConflictResolver {
  readonly stats: ConflictStats = { success: 0, retries: 0, errors: 0, unresolved: 0 };

  constructor(
    readonly db: Database,
    readonly retries: number = transactionRetriesDefault,
    private readonly random: () => number = Math.random,
  ) {
    if (!(Number.isInteger(retries) && retries >= 0)) throw new RangeError('retries must be an integer >= 0');
  }

  /** Runs `fn` in a serializable transaction, retrying conflicts. */
  async managedTransaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.#run(fn, this.retries, false);
  }

  /** One run only: a conflict becomes `CannotResolveDatabaseConflict` at once (the seed's non-retryable transaction). */
  async managedNonRetryableTransaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.#run(fn, 0, false);
  }

  /** A read-only transaction (a consistent snapshot for display), with the same retries. */
  async read<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.#run(fn, this.retries, true);
  }

  async #run<T>(fn: (session: SqlSession) => Promise<T>, retries: number, readOnly: boolean): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.db.transaction(fn, { readOnly });
        this.stats.success += 1;
        return result;
      } catch (err) {
        if (!this.db.isConflict(err)) {
          this.stats.errors += 1;
          throw err;
        }
        if (attempt >= retries) {
          this.stats.unresolved += 1;
          throw new WalletError(
            'CannotResolveDatabaseConflict',
            `the database transaction conflicted ${attempt + 1} times with concurrent ones; giving up`,
            { cause: err },
          );
        }
        this.stats.retries += 1;
        // A random wait spreads the retries of writers that collided, so they do not collide again.
        const waitMs = Math.floor(this.random() * conflictBackoffMsMax * Math.min(attempt + 1, 4));
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }
}
