import { createHash } from 'node:crypto';
import {
  base58Encode,
  canonicalJson,
  decodePrivateKey,
  signEd25519,
  type Keypair,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import { assertDifficulty } from './proof.js';

/**
 * A block of the proof-of-work chain, as peers exchange it and the chain file holds it. Its hash
 * is the SHA-256 hex of its canonical JSON (not a display string, F-C1); the next block names it
 * as `previous_hash`. The miner signs the canonical JSON of the block without `signature`.
 */
export interface PowBlock {
  readonly height: number;
  /** Unix milliseconds, strictly increasing along the chain. */
  readonly timestamp: number;
  readonly previous_hash: string | null;
  readonly transactions: readonly SignedTransaction[];
  /** Null only in the genesis. */
  readonly proof: number | null;
  /** The miner's public key (base58); null only in the genesis. */
  readonly miner: string | null;
  /** The miner's Ed25519 signature (base58); null only in the genesis. */
  readonly signature: string | null;
  /** Genesis only: the network's name and its fixed difficulty. */
  readonly network?: string;
  readonly difficulty?: number;
}

/** What identifies a chain: the genesis is a pure function of these, so it is one per network. */
export interface PowNetwork {
  readonly name: string;
  readonly difficulty: number;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The block's hash: SHA-256 hex of its canonical JSON. */
export function blockHash(block: PowBlock): string {
  return sha256Hex(canonicalJson(block));
}

/** The deterministic genesis of a network (F-C5: the seed's differs per process). */
export function genesisBlock(network: PowNetwork): PowBlock {
  assertDifficulty(network.difficulty);
  return {
    height: 0,
    timestamp: 0,
    previous_hash: null,
    transactions: [],
    proof: null,
    miner: null,
    signature: null,
    network: network.name,
    difficulty: network.difficulty,
  };
}

/** The network id peers compare: the genesis hash. */
export function networkId(network: PowNetwork): string {
  return blockHash(genesisBlock(network));
}

/** The text a miner signs: the block without its signature. */
export function signedText(block: Omit<PowBlock, 'signature'> | PowBlock): string {
  const { signature: _unused, ...rest } = block as PowBlock;
  return canonicalJson(rest);
}

/** Builds and signs a mined block on top of `parent`. */
export function sealBlock(
  parent: PowBlock,
  fields: { timestamp: number; transactions: readonly SignedTransaction[]; proof: number },
  miner: Keypair,
): PowBlock {
  const unsigned = {
    height: parent.height + 1,
    timestamp: fields.timestamp,
    previous_hash: blockHash(parent),
    transactions: fields.transactions,
    proof: fields.proof,
    miner: miner.publicKey,
  };
  const text = signedText(unsigned);
  const signature = base58Encode(signEd25519(Buffer.from(text), decodePrivateKey(miner.privateKey)));
  return { ...unsigned, signature };
}
