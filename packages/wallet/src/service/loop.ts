import type { Logger } from '../log/index.js';

/**
 * A background job: `step` runs every `periodMs`, or sooner when kicked, never twice at once
 * (the seed's scheduler jobs). A step that throws a transient error is logged and tried again
 * next time; any other error is a dead subsystem and goes to `onFatal`.
 */
export class Loop {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;
  lastRunAt: number | undefined;
  lastError: string | undefined;

  constructor(
    readonly name: string,
    readonly periodMs: number,
    private readonly step: () => Promise<unknown>,
    private readonly log: Logger,
    private readonly isTransient: (err: unknown) => boolean,
    private readonly onFatal: (name: string, err: unknown) => void,
  ) {}

  start(): void {
    this.#stopped = false;
    this.kick();
  }

  /** Runs the step now (or right after the one running). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running !== undefined) {
      this.#again = true;
      return;
    }
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#running = this.#run().finally(() => {
      this.#running = undefined;
      if (this.#stopped) return;
      if (this.#again) {
        this.#again = false;
        this.kick();
      } else {
        this.#timer = setTimeout(() => this.kick(), this.periodMs);
      }
    });
  }

  async #run(): Promise<void> {
    try {
      await this.step();
      this.lastRunAt = Date.now();
      this.lastError = undefined;
    } catch (err) {
      this.lastError = (err as Error).message ?? String(err);
      if (this.isTransient(err)) {
        this.log.warn(`${this.name}: failed; trying again`, { error: err });
      } else {
        this.log.error(`${this.name}: died`, { error: (err as Error).stack ?? err });
        this.#stopped = true;
        this.onFatal(this.name, err);
      }
    }
  }

  /** Stops scheduling and waits for a running step to end. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  get alive(): boolean {
    return !this.#stopped;
  }
}
