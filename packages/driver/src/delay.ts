/** Resolves after `ms` (backoff waits and poll intervals only; never a substitute for a condition). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
