import {
  base58Encode,
  canonicalJson,
  decodePrivateKey,
  signEd25519,
  type Keypair,
} from '@bigchaindb-ts/core';
import { verifySignature } from './block.js';

/**
 * The vote model of the seed (1.9.7). `signature` is the voter's Ed25519 signature (base58) over the
 * canonical JSON of `vote`. `invalid_reason` names the first failing check (a validation error code
 * or a block-level reason such as `InvalidBlockSignature`), or null.
 */
export interface VoteBody {
  readonly voting_for_block: string;
  readonly previous_block: string;
  readonly is_block_valid: boolean;
  readonly invalid_reason: string | null;
  readonly timestamp: string;
}

export interface Vote {
  readonly node_pubkey: string;
  readonly vote: VoteBody;
  readonly signature: string;
}

export function createVote(voter: Keypair, body: VoteBody): Vote {
  const text = canonicalJson(body);
  const signature = base58Encode(signEd25519(Buffer.from(text), decodePrivateKey(voter.privateKey)));
  return { node_pubkey: voter.publicKey, vote: body, signature };
}

/** True when the vote is signed by the key it names; every vote read from the store goes through this. */
export function checkVoteSignature(vote: Vote): boolean {
  if (typeof vote?.node_pubkey !== 'string' || typeof vote.vote !== 'object' || vote.vote === null)
    return false;
  return verifySignature(vote.node_pubkey, canonicalJson(vote.vote), vote.signature);
}
