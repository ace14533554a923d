/**
 * One holder at a time, first come first served. SQLite's driver is synchronous but the wallet's
 * operations are async (they are written once for both backends), so two transactions on one
 * connection would interleave at their awaits; the mutex keeps each BEGIN ... COMMIT whole.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
