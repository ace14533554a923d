/**
 * Runs an async job so that at most one run is in flight; a `kick` during a run schedules exactly
 * one more run after it. Pipelines use it so that bursts of work coalesce into few, large batches.
 */
export class SingleFlight {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly job: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.job();
      } catch (err) {
        this.onError(err);
      }
    } while (this.again);
    this.running = undefined;
  }

  /** Resolves when no run is in flight. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
