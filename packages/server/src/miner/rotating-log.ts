import { appendFileSync, existsSync, renameSync, statSync } from 'node:fs';

export const minerLogBytesMax = 1024 * 1024;
export const minerLogBackups = 3;

/**
 * The seed's `miner.log`: appended line by line; past `bytesMax` it becomes `miner.log.1`, the
 * older ones shift to `.2` and `.3`, and the oldest is dropped. Writes are synchronous (a log line
 * must not be lost when the process is killed right after it).
 */
export class RotatingLog {
  #size: number;

  constructor(
    private readonly path: string,
    private readonly bytesMax = minerLogBytesMax,
    private readonly backups = minerLogBackups,
  ) {
    this.#size = existsSync(path) ? statSync(path).size : 0;
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.#size > 0 && this.#size + bytes > this.bytesMax) this.#rotate();
    appendFileSync(this.path, line);
    this.#size += bytes;
  }

  #rotate(): void {
    for (let i = this.backups - 1; i >= 1; i--)
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    if (existsSync(this.path)) renameSync(this.path, `${this.path}.1`);
    this.#size = 0;
  }
}
