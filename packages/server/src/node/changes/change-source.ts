import type { Store, StoreChange, StoreSubscription } from '../../store/index.js';

/**
 * Where a node learns that blocks, votes, decisions or backlog entries appeared: the store's own
 * notifications (PostgreSQL `LISTEN`/`NOTIFY`), or peers (proof-of-work mode). A change only ever
 * hurries a pipeline; the pipeline reads the store again and trusts nothing the change says. So a
 * source may drop or repeat changes, and a source that is not `live` is backed up by polls.
 */
export interface ChangeSource {
  readonly name: string;
  listen(onChange: (change: StoreChange) => void): Promise<ChangeSubscription>;
}

export type ChangeSubscription = StoreSubscription;

/** The store's notifications as a change source (the default). */
export function storeChangeSource(store: Pick<Store, 'listen'>): ChangeSource {
  return { name: 'store', listen: (onChange) => store.listen(onChange) };
}

/** Several sources as one: live when any is; closing closes them all. */
export function mergedChangeSource(sources: readonly ChangeSource[]): ChangeSource {
  return {
    name: sources.map((s) => s.name).join('+'),
    async listen(onChange) {
      const subs = await Promise.all(sources.map((s) => s.listen(onChange)));
      return {
        get live() {
          return subs.some((s) => s.live);
        },
        close: async () => {
          await Promise.all(subs.map((s) => s.close()));
        },
      };
    },
  };
}
