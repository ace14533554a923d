import { createHash } from 'node:crypto';
import { difficultyMax } from './constants.js';

/** The previous proof as the seed writes it: its decimal text, `None` after the genesis. */
export function proofText(proof: number | null): string {
  return proof === null ? 'None' : String(proof);
}

/** Throws unless `difficulty` is a whole number of hex digits the chain can use. */
export function assertDifficulty(difficulty: number): void {
  if (!Number.isInteger(difficulty) || difficulty < 1 || difficulty > difficultyMax)
    throw new RangeError(
      `difficulty must be an integer from 1 to ${difficultyMax}, got ${String(difficulty)}`,
    );
}

/**
 * The seed's rule (C.2): the SHA-256 hex of the previous proof's decimal text followed by the new
 * proof's ends with `difficulty` zeros (the seed's docs say "start", its code checks the end).
 */
export function proofValid(previous: number | null, proof: number, difficulty: number): boolean {
  assertDifficulty(difficulty);
  if (!Number.isSafeInteger(proof) || proof < 0) return false;
  const hex = createHash('sha256')
    .update(proofText(previous) + String(proof))
    .digest('hex');
  return hex.endsWith('0'.repeat(difficulty));
}

/**
 * Searches proofs `from`, `from + 1`, … below `to` and returns the first valid one, or null. The
 * seed searches from 0, so every miner finds the same proof for a tip; the search is split into
 * ranges so a worker can stop between them.
 */
export function searchProof(
  previous: number | null,
  difficulty: number,
  from: number,
  to: number,
): number | null {
  assertDifficulty(difficulty);
  const prefix = proofText(previous);
  const zeros = '0'.repeat(difficulty);
  for (let p = from; p < to; p++) {
    if (
      createHash('sha256')
        .update(prefix + String(p))
        .digest('hex')
        .endsWith(zeros)
    )
      return p;
  }
  return null;
}
