import { verifySignature } from '../model/index.js';
import { timestampFutureMsMax } from './constants.js';
import { blockHash, genesisBlock, signedText, type PowBlock, type PowNetwork } from './pow-block.js';
import { proofValid } from './proof.js';

/** Why a block does not extend its parent; the codes are stable (logs, the peers report, tests). */
export type BlockFault =
  | 'MalformedBlock'
  | 'WrongGenesis'
  | 'HeightGap'
  | 'BrokenLink'
  | 'InvalidProof'
  | 'TimestampNotIncreasing'
  | 'TimestampInFuture'
  | 'InvalidMinerSignature';

export type BlockCheckResult =
  { readonly ok: true } | { readonly ok: false; readonly fault: BlockFault; readonly detail: string };

const ok = { ok: true } as const;
const fail = (fault: BlockFault, detail: string): BlockCheckResult => ({ ok: false, fault, detail });

function isTx(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

/** The shape of a non-genesis block, without trusting any field's type. */
export function wellFormed(block: unknown): block is PowBlock {
  if (typeof block !== 'object' || block === null) return false;
  const b = block as Record<string, unknown>;
  return (
    Number.isSafeInteger(b.height) &&
    Number.isSafeInteger(b.timestamp) &&
    (b.previous_hash === null ||
      (typeof b.previous_hash === 'string' && /^[0-9a-f]{64}$/.test(b.previous_hash))) &&
    Array.isArray(b.transactions) &&
    b.transactions.every(isTx) &&
    (b.proof === null || Number.isSafeInteger(b.proof)) &&
    (b.miner === null || typeof b.miner === 'string') &&
    (b.signature === null || typeof b.signature === 'string')
  );
}

/**
 * Checks the chain rules of one block against its parent (C.3, fixed): heights continuous, the
 * link is the parent's hash, the proof is valid for the parent's proof at the network's
 * difficulty (the chain's, not the validator's, F-C7), the timestamp strictly increases and is not
 * far ahead of `nowMs`, and the miner's signature verifies. Transactions are the ledger's to judge.
 */
export function checkBlock(
  block: unknown,
  parent: PowBlock,
  network: PowNetwork,
  nowMs: number,
): BlockCheckResult {
  if (!wellFormed(block)) return fail('MalformedBlock', 'the block is not a well-formed proof-of-work block');
  if (block.height !== parent.height + 1)
    return fail('HeightGap', `height ${block.height} does not follow ${parent.height}`);
  if (block.previous_hash !== blockHash(parent))
    return fail('BrokenLink', `block ${block.height} does not link to the hash of block ${parent.height}`);
  if (block.proof === null || !proofValid(parent.proof, block.proof, network.difficulty))
    return fail(
      'InvalidProof',
      `block ${block.height}: proof ${String(block.proof)} is not valid at difficulty ${network.difficulty}`,
    );
  if (block.timestamp <= parent.timestamp)
    return fail(
      'TimestampNotIncreasing',
      `block ${block.height}: timestamp ${block.timestamp} is not after ${parent.timestamp}`,
    );
  if (block.timestamp > nowMs + timestampFutureMsMax)
    return fail(
      'TimestampInFuture',
      `block ${block.height}: timestamp ${block.timestamp} is too far in the future`,
    );
  if ('network' in block || 'difficulty' in block)
    return fail('MalformedBlock', `block ${block.height} carries genesis-only fields`);
  if (
    block.miner === null ||
    block.signature === null ||
    !verifySignature(block.miner, signedText(block), block.signature)
  )
    return fail('InvalidMinerSignature', `block ${block.height}: the miner's signature does not verify`);
  return ok;
}

/** A genesis is acceptable only if it is exactly this network's. */
export function checkGenesis(block: unknown, network: PowNetwork): BlockCheckResult {
  if (typeof block !== 'object' || block === null) return fail('MalformedBlock', 'no genesis block');
  return blockHash(block as PowBlock) === blockHash(genesisBlock(network))
    ? ok
    : fail('WrongGenesis', "the genesis block is not this network's");
}

/**
 * Checks a run of blocks extending `parent` (the chain rules only), and returns the first fault
 * with the index of the offending block.
 */
export function checkRun(
  blocks: readonly unknown[],
  parent: PowBlock,
  network: PowNetwork,
  nowMs: number,
): { ok: true } | { ok: false; index: number; fault: BlockFault; detail: string } {
  let prev = parent;
  for (let i = 0; i < blocks.length; i++) {
    const r = checkBlock(blocks[i], prev, network, nowMs);
    if (!r.ok) return { ok: false, index: i, fault: r.fault, detail: r.detail };
    prev = blocks[i] as PowBlock;
  }
  return { ok: true };
}

/**
 * Fork choice: with a fixed difficulty each block is the same work, so the longer chain has more;
 * between equal lengths the lower tip hash wins, so every node picks the same one at once.
 */
export function betterTip(
  candidate: { height: number; hash: string },
  current: { height: number; hash: string },
): boolean {
  if (candidate.height !== current.height) return candidate.height > current.height;
  return candidate.hash < current.hash;
}
