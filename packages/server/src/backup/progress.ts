/** What a long command reports as it goes. */
export type Progress = (state: { blocks: number; transactions: number; bytes: number }) => void;

/**
 * A progress line on stderr, redrawn at most every `intervalMs` (a terminal, or a log file, would
 * otherwise take a line per block), and erased by `done`.
 */
export function progressLine(verb: string, intervalMs = 1_000): { progress: Progress; done: () => void } {
  const started = Date.now();
  // Nothing for the first interval: a short run prints only its summary.
  let last = started;
  let shown = false;
  return {
    progress: ({ blocks, transactions, bytes }) => {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      shown = true;
      const seconds = Math.max((now - started) / 1000, 0.001);
      process.stderr.write(
        `\r${verb}: ${blocks} blocks, ${transactions} transactions, ${(bytes / 1e6).toFixed(1)} MB, ${Math.round(transactions / seconds)} tx/s `,
      );
    },
    done: () => {
      if (shown) process.stderr.write('\n');
    },
  };
}
