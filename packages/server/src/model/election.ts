import type { Vote } from './vote.js';

export type BlockDecision = 'valid' | 'invalid' | 'undecided';

/**
 * How many valid votes decide a block. `majority` is the seed's rule (more than half of the
 * block's voters); `two_thirds` is the BFT switch from the seed's roadmap (more than two thirds),
 * which tolerates f faulty voters out of 3f+1 but halts, safely, when more than a third are down.
 */
export type VoteQuorum = 'majority' | 'two_thirds';

export function votesNeeded(voterCount: number, quorum: VoteQuorum): number {
  return quorum === 'majority' ? Math.floor(voterCount / 2) + 1 : Math.floor((voterCount * 2) / 3) + 1;
}

/**
 * Tallies the votes on one block. Only votes by the block's voters count, each voter once (the
 * first vote seen wins; a second, different vote by the same key is reported as `equivocations`).
 * A block is valid once enough voters say valid, and invalid once that can no longer happen.
 * Signatures must have been checked by the caller.
 */
export function tallyVotes(
  voters: readonly string[],
  votes: readonly Vote[],
  quorum: VoteQuorum,
): { decision: BlockDecision; valid: number; invalid: number; ignored: Vote[]; equivocations: string[] } {
  const eligible = new Set(voters);
  const seen = new Map<string, boolean>();
  const ignored: Vote[] = [];
  const equivocations: string[] = [];
  for (const v of votes) {
    if (!eligible.has(v.node_pubkey)) {
      ignored.push(v);
      continue;
    }
    const prior = seen.get(v.node_pubkey);
    if (prior === undefined) seen.set(v.node_pubkey, v.vote.is_block_valid);
    else if (prior !== v.vote.is_block_valid) equivocations.push(v.node_pubkey);
  }
  let valid = 0;
  let invalid = 0;
  for (const ok of seen.values()) {
    if (ok) valid++;
    else invalid++;
  }
  const needed = votesNeeded(eligible.size, quorum);
  let decision: BlockDecision = 'undecided';
  if (valid >= needed) decision = 'valid';
  else if (eligible.size - invalid < needed) decision = 'invalid';
  return { decision, valid, invalid, ignored, equivocations };
}
