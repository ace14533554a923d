import { Worker } from 'node:worker_threads';

/**
 * Runs proof searches in one worker thread. `cancel()` makes the running search give up within a
 * chunk (a few milliseconds); results are remembered by previous proof, since the seed's proof
 * depends on nothing else (every miner finds the same one for a tip). The worker is started on
 * the first search and waits on its message port between searches: no CPU while idle.
 */
export class ProofSearcher {
  readonly #generation = new Int32Array(new SharedArrayBuffer(4));
  readonly #known = new Map<string, number>();
  readonly #waiting = new Map<number, (proof: number | null) => void>();
  #worker: Worker | undefined;
  #nextId = 1;
  #closed = false;

  /** The first valid proof after `previous`, or null when cancelled or closed. */
  search(previous: number | null, difficulty: number): Promise<number | null> {
    if (this.#closed) return Promise.resolve(null);
    const key = `${String(previous)}/${difficulty}`;
    const known = this.#known.get(key);
    if (known !== undefined) return Promise.resolve(known);
    const worker = this.#start();
    const id = this.#nextId++;
    return new Promise<number | null>((resolve) => {
      // Referenced while a search runs (the process waits for it), unreferenced when idle.
      if (this.#waiting.size === 0) worker.ref();
      this.#waiting.set(id, (proof) => {
        if (proof !== null) this.#remember(key, proof);
        resolve(proof);
      });
      worker.postMessage({ id, previous, difficulty, generation: Atomics.load(this.#generation, 0) });
    });
  }

  /** Makes every running search give up at once. */
  cancel(): void {
    Atomics.add(this.#generation, 0, 1);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.cancel();
    const worker = this.#worker;
    this.#worker = undefined;
    for (const resolve of this.#waiting.values()) resolve(null);
    this.#waiting.clear();
    if (worker) await worker.terminate();
  }

  #remember(key: string, proof: number): void {
    if (this.#known.size >= 1024) this.#known.delete(this.#known.keys().next().value!);
    this.#known.set(key, proof);
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./proof-worker.js', import.meta.url), {
      workerData: { generation: this.#generation.buffer },
    });
    worker.on('message', (m: { id: number; proof: number | null }) => {
      const resolve = this.#waiting.get(m.id);
      this.#waiting.delete(m.id);
      if (this.#waiting.size === 0) worker.unref();
      resolve?.(m.proof);
    });
    worker.on('error', () => {
      for (const resolve of this.#waiting.values()) resolve(null);
      this.#waiting.clear();
      this.#worker = undefined;
    });
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}
