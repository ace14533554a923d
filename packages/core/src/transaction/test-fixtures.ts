// Shared fixtures for this folder's tests: fixed keys from the reference vectors, a fixed clock and
// small helpers. Not exported from the package.
import { keypairFromSeed, type Keypair } from '../crypto/index.js';
import type { ValidationContext } from '../conditions/index.js';
import type { Draft } from './draft.js';
import type { Transaction } from './types.js';

/** BigchainDB's HTTP API sample keys (reference §7.1): A made V1, B received T1, C received T2. */
export const alice: Keypair = {
  privateKey: 'CfdqtD7sS7FgkMoGPXw55MVGGFwQLAoHYTcBhZDtF99Z',
  publicKey: '4K9sWUMFwTgaDGPfdynrbxWqWS6sWmKbZoTjxLtVUibD',
};
export const bob: Keypair = {
  privateKey: '3AeWpPdhEZzWLYfkfYHBfMFC2r1f8HEaGS9NtbbKssya',
  publicKey: '3yfQPHeWAa1MxTX9Zf9176QqcpcnWcanVZZbaHb8B3h9',
};
export const carol: Keypair = {
  privateKey: 'sG3jWDtdTXUidBJK53ucSTrosktG616U3tQHBk81eQe',
  publicKey: '3Af3fhhjU6d9WecEM9Uw5hfom9kNEwE7YuDWdqAUssqm',
};

/** Further deterministic personas: the keypair whose seed is 32 bytes of `n`. */
export function persona(n: number): Keypair {
  return keypairFromSeed(Buffer.alloc(32, n));
}

/** A fixed "now" for validation: 2024-01-01T00:00:00Z. */
export const nowMs = Date.UTC(2024, 0, 1);
export const ctx: ValidationContext = { nowMs };

/** A copy of a draft whose template was changed by `edit` (for building deliberately wrong transactions). */
export function editDraft<T extends Transaction>(draft: Draft<T>, edit: (tx: T) => void): Draft<T> {
  const tx = structuredClone(draft.tx);
  edit(tx);
  return { tx, inputs: draft.inputs };
}
