import type { Logger } from 'pino';
import type { PowChain } from '../node/index.js';
import { betterTip, blockHash, type PowBlock } from '../pow/index.js';
import { hashesBatchMax, syncBatchMax } from './constants.js';
import type { PeerClient, PeerTip } from './peer-client.js';

/** How a catch-up with one peer ended. */
export type SyncResult =
  | { readonly kind: 'uptodate' }
  | { readonly kind: 'adopted'; readonly height: number }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'ignored'; readonly reason: string };

function hashOf(block: unknown): string | undefined {
  try {
    return blockHash(block as PowBlock);
  } catch {
    return undefined;
  }
}

/**
 * Catches up with a peer whose tip looks better than ours: finds where the chains part by
 * comparing hashes backwards in pages, then fetches the peer's blocks after that point in batches
 * and offers them to the chain, which checks every block (rules and transactions) before adopting
 * anything. Blocks are offered as soon as they make a better chain than ours, so a node far
 * behind adopts batch by batch; the peer's claimed height is only a reason to ask, never trusted.
 */
export async function catchUp(
  chain: PowChain,
  client: PeerClient,
  peer: string,
  peerTip: PeerTip,
  logger: Logger,
): Promise<SyncResult> {
  if (!betterTip(peerTip, chain.tip())) return { kind: 'uptodate' };
  // Where do the chains part? Compare the peer's hashes with ours, a page at a time, backwards.
  let fork = -1;
  for (let top = Math.min(chain.tip().height, peerTip.height); fork < 0 && top >= 0;) {
    const from = Math.max(0, top - hashesBatchMax + 1);
    const theirs = await client.hashes(peer, from, top - from + 1);
    const ours = new Map(chain.hashes(from, top - from + 1).map((h) => [h.height, h.hash]));
    for (let i = theirs.length - 1; i >= 0; i--) {
      const h = theirs[i]!;
      if (ours.get(h.height) === h.hash) {
        fork = h.height;
        break;
      }
    }
    top = from - 1;
  }
  if (fork < 0) return { kind: 'refused', reason: 'WrongGenesis: no common block, not this network' };
  let pending: unknown[] = [];
  let adopted = -1;
  for (let next = fork + 1; next <= peerTip.height;) {
    const batch = await client.blocks(peer, next, syncBatchMax);
    if (batch.length === 0) break;
    // The peer's chain may have moved between two requests: a batch that does not continue the
    // last one is no proof of a bad peer; stop here and try again at the next tip check.
    const before = pending.length > 0 ? hashOf(pending[pending.length - 1]) : chain.hashes(fork, 1)[0]?.hash;
    if ((batch[0] as { previous_hash?: unknown } | undefined)?.previous_hash !== before)
      return { kind: 'ignored', reason: 'PeerChainMoved' };
    pending.push(...batch);
    next += batch.length;
    const last = pending[pending.length - 1];
    const hash = hashOf(last);
    const height = fork + pending.length;
    if (hash === undefined)
      return { kind: 'refused', reason: 'MalformedBlock: a block that cannot be hashed' };
    // Not better yet (a branch shorter than ours so far): fetch on, up to the peer's tip.
    if (!betterTip({ height, hash }, chain.tip()) && next <= peerTip.height) continue;
    const outcome = await chain.offer(fork, pending);
    if (outcome.status === 'refused')
      return { kind: 'refused', reason: `${outcome.fault}: ${outcome.detail}` };
    if (outcome.status === 'ignored') return { kind: 'ignored', reason: outcome.reason };
    adopted = outcome.height;
    fork = outcome.height;
    pending = [];
    logger.debug({ peer, height: adopted }, 'caught up a batch');
  }
  return adopted >= 0 ? { kind: 'adopted', height: adopted } : { kind: 'ignored', reason: 'NotBetter' };
}
