import type { StoreChange, StoreSubscription } from '../types.js';

/** Hearing about other writers' changes, so a federation's pipelines need not wait for their polls. */
export interface ChangeNotifications {
  /**
   * Announces other writers' changes to `onChange` until the subscription is closed. On
   * PostgreSQL the database itself announces them (`LISTEN`/`NOTIFY` from triggers), so every
   * node sharing it learns of blocks, votes, decisions, backlog writes and direct edits of the
   * append-only tables, whoever wrote them; notifications can be missed (a reconnect announces
   * `resync`), so they only ever hurry a poll. On SQLite the subscription is not `live`.
   */
  listen(onChange: (change: StoreChange) => void): Promise<StoreSubscription>;
}
