/**
 * Time comes through this interface so that pipelines, timeouts and elections can be tested with a
 * controlled clock and replayed deterministically. Production code never calls Date.now directly.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock that only moves when told to; for tests and simulations. */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  nowMs(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
}

/** BigchainDB timestamps are Unix seconds as a decimal string (seed 1.9.8: `str(round(time.time()))`). */
export function unixTimestamp(clock: Clock): string {
  return String(Math.round(clock.nowMs() / 1000));
}
