import type { Store } from '../store/index.js';

/** The store writes the pipelines make, timed by `instrumentStore`. */
export const timedStoreWrites = [
  'addToBacklog',
  'writeBlock',
  'decideBlock',
  'rejectTransactions',
  'writeVotes',
  'reassignStale',
] as const;

export type TimedStoreWrite = (typeof timedStoreWrites)[number];

/**
 * Told of each timed write once it settled: how long it took, how many rows it was given (the
 * batch size: for `addToBacklog`, one ingest batch) and whether it threw.
 */
export type StoreWriteObserver = (
  write: TimedStoreWrite,
  seconds: number,
  rows: number,
  failed: boolean,
) => void;

/**
 * The store, with its pipeline writes timed: a decorator the node is given in place of the store
 * it opened, so the backends and the pipelines know nothing of metrics. Every other member goes
 * straight to the store (bound to it: the backends keep private fields, which a method called on
 * a proxy could not reach). The observer runs on the write's own turn and must be quick; if it
 * throws, the write's result is kept and the error dropped, since metrics never fail the node.
 */
export function instrumentStore(store: Store, observe: StoreWriteObserver): Store {
  const timed = new Set<PropertyKey>(timedStoreWrites);
  const bound = new Map<PropertyKey, unknown>();
  const report = (write: TimedStoreWrite, started: bigint, rows: number, failed: boolean): void => {
    try {
      observe(write, Number(process.hrtime.bigint() - started) / 1e9, rows, failed);
    } catch {
      // See above: an observer's bug must not turn a successful write into a failed one.
    }
  };
  return new Proxy(store, {
    get(target, prop) {
      const cached = bound.get(prop);
      if (cached !== undefined) return cached;
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      let out: unknown;
      if (timed.has(prop)) {
        const write = prop as TimedStoreWrite;
        out = async (...args: unknown[]): Promise<unknown> => {
          const first = args[0];
          const rows = Array.isArray(first) ? first.length : 1;
          const started = process.hrtime.bigint();
          try {
            const result = await fn.apply(target, args);
            report(write, started, rows, false);
            return result;
          } catch (err) {
            report(write, started, rows, true);
            throw err;
          }
        };
      } else {
        out = fn.bind(target);
      }
      bound.set(prop, out);
      return out;
    },
  });
}
