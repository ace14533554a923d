import assert from 'node:assert/strict';
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
 *
 * `members` is the federation as the counting node knows it. The voters a block lists are its
 * maker's word, so with `members` only listed voters who are members count, and the quorum is
 * taken over the larger of the two lists: a maker cannot lower the bar by listing fewer voters
 * (itself alone, say) or raise its weight by listing keys the federation does not know.
 */
export function tallyVotes(
  voters: readonly string[],
  votes: readonly Vote[],
  quorum: VoteQuorum,
  members?: readonly string[],
): { decision: BlockDecision; valid: number; invalid: number; ignored: Vote[]; equivocations: string[] } {
  const listed = new Set(voters);
  const known = members === undefined ? undefined : new Set(members);
  const eligible = known === undefined ? listed : new Set([...listed].filter((v) => known.has(v)));
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
  // Each eligible member counts once, whatever it sent.
  assert.ok(valid + invalid <= eligible.size, 'a member was counted more than once');
  const needed = votesNeeded(known === undefined ? eligible.size : Math.max(listed.size, known.size), quorum);
  let decision: BlockDecision = 'undecided';
  if (valid >= needed) decision = 'valid';
  else if (eligible.size - invalid < needed) decision = 'invalid';
  return { decision, valid, invalid, ignored, equivocations };
}
