import {
  base58Decode,
  base58Encode,
  canonicalJson,
  decodePrivateKey,
  decodePublicKey,
  sha3Hex,
  signEd25519,
  verifyEd25519,
  type Keypair,
  type SignedTransaction,
} from '@bigchaindb-ts/core';

/**
 * The block model of the seed (1.9.7): the body holds the timestamp, the transactions, the maker's
 * public key and the federation's keys at the time (`voters`). `id` is the SHA3-256 of the body's
 * canonical JSON; `signature` is the maker's Ed25519 signature (base58) over that same text.
 */
export interface BlockBody {
  readonly timestamp: string;
  readonly transactions: readonly SignedTransaction[];
  readonly node_pubkey: string;
  readonly voters: readonly string[];
  /**
   * What a consensus mode other than federation voting records with the block (proof of work: the
   * mined block's header). Absent in federation blocks; covered by the id and the signature.
   */
  readonly consensus?: Readonly<Record<string, unknown>>;
}

export interface Block {
  readonly id: string;
  readonly block: BlockBody;
  readonly signature: string;
}

/** Builds and signs a block. The transactions must already be validated (seed: `create_block`). */
export function createBlock(
  transactions: readonly SignedTransaction[],
  maker: Keypair,
  voters: readonly string[],
  timestamp: string,
  consensus?: Readonly<Record<string, unknown>>,
): Block {
  const body: BlockBody = {
    timestamp,
    transactions,
    node_pubkey: maker.publicKey,
    voters,
    ...(consensus === undefined ? {} : { consensus }),
  };
  const text = canonicalJson(body);
  const signature = base58Encode(signEd25519(Buffer.from(text), decodePrivateKey(maker.privateKey)));
  return { id: sha3Hex(text), block: body, signature };
}

export type BlockCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'InvalidBlockHash' | 'InvalidBlockSignature' | 'MalformedBlock' };

/** Checks a block's id and its maker's signature; every block read from the store goes through this. */
export function checkBlockSignature(block: Block): BlockCheck {
  if (typeof block?.block?.node_pubkey !== 'string' || !Array.isArray(block.block.transactions)) {
    return { ok: false, reason: 'MalformedBlock' };
  }
  const text = canonicalJson(block.block);
  if (sha3Hex(text) !== block.id) return { ok: false, reason: 'InvalidBlockHash' };
  return verifySignature(block.block.node_pubkey, text, block.signature)
    ? { ok: true }
    : { ok: false, reason: 'InvalidBlockSignature' };
}

/** Verifies a base58 Ed25519 signature by a base58 public key over UTF-8 text. Never throws. */
export function verifySignature(publicKey: string, text: string, signature: string): boolean {
  const sig = base58Decode(signature);
  if (sig === undefined) return false;
  let pub: Uint8Array;
  try {
    pub = decodePublicKey(publicKey);
  } catch {
    return false;
  }
  return verifyEd25519(pub, Buffer.from(text), sig);
}

/** The genesis block: no transactions, made by the node that initialised the store. */
export function createGenesisBlock(maker: Keypair, voters: readonly string[], timestamp: string): Block {
  return createBlock([], maker, voters, timestamp);
}
