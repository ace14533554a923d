import { readFileSync } from 'node:fs';

/** Resident set size of a process in bytes (Linux `/proc/<pid>/status` VmRSS), or undefined. */
export function readRss(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface RssFigures {
  /** Highest resident set of any of the processes during the run. */
  readonly peakBytes: number;
  /** Right after the run (every accepted transaction decided). */
  readonly afterRunBytes: number;
  /** At the end of the idle time after the run. */
  readonly endBytes: number;
  /** `endBytes - afterRunBytes`: growth once the run ended (should be about 0). */
  readonly growthBytes: number;
  readonly idleSeconds: number;
  readonly samples: number;
}

/**
 * Samples the resident set of the node processes every `intervalMs` while the run goes on and
 * through an idle time after it. With several processes (a federation) each figure is the
 * largest process's.
 */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private peak = 0;
  private count = 0;
  private afterRun: number | undefined;
  private runEnded = false;

  constructor(
    private readonly pids: readonly number[],
    private readonly intervalMs = 500,
  ) {}

  /** False when no process can be read (not Linux, or no such pid). */
  get available(): boolean {
    return this.pids.length > 0 && this.pids.every((p) => readRss(p) !== undefined);
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Marks the end of the run: what follows is idle time, not counted in the peak. */
  runEnd(): void {
    this.sample();
    this.afterRun = this.largest();
    this.runEnded = true;
  }

  /** Waits `seconds` of idle time, stops sampling and returns the figures. */
  async finish(seconds: number): Promise<RssFigures | undefined> {
    if (!this.runEnded) this.runEnd();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    clearInterval(this.timer);
    const end = this.largest();
    if (this.afterRun === undefined || end === undefined) return undefined;
    return {
      peakBytes: this.peak,
      afterRunBytes: this.afterRun,
      endBytes: end,
      growthBytes: end - this.afterRun,
      idleSeconds: seconds,
      samples: this.count,
    };
  }

  private largest(): number | undefined {
    const sizes = this.pids.map(readRss).filter((v): v is number => v !== undefined);
    return sizes.length === 0 ? undefined : Math.max(...sizes);
  }

  private sample(): void {
    const v = this.largest();
    if (v === undefined) return;
    this.count++;
    if (!this.runEnded) this.peak = Math.max(this.peak, v);
  }
}
