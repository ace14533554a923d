import type { ChangeNotifications } from '../facets/change-notifications.js';
import type { StoreChange, StoreSubscription } from '../types.js';
import { ChangeListener, type PostgresListenClient } from './change-listener.js';

/**
 * Change notifications on PostgreSQL: each subscription is a `ChangeListener` on a connection of
 * its own (LISTEN is per session), outside the pool. The triggers that NOTIFY are installed by
 * `init` (`postgres-notify.ts`).
 */
export class PostgresChangeNotifications implements ChangeNotifications {
  readonly #listenClient: (() => PostgresListenClient) | undefined;
  readonly #listeners = new Set<ChangeListener>();

  constructor(listenClient: (() => PostgresListenClient) | undefined) {
    this.#listenClient = listenClient;
  }

  async listen(onChange: (change: StoreChange) => void): Promise<StoreSubscription> {
    if (this.#listenClient === undefined) return { live: false, close: () => Promise.resolve() };
    const listener = new ChangeListener(this.#listenClient, onChange);
    this.#listeners.add(listener);
    await listener.start();
    return {
      get live() {
        return listener.live;
      },
      close: async () => {
        this.#listeners.delete(listener);
        await listener.close();
      },
    };
  }

  /** Closes every subscription still open (the store is closing). */
  async closeAll(): Promise<void> {
    for (const listener of this.#listeners) await listener.close();
  }
}
