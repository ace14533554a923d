import type { SignedTransaction } from '@bigchaindb-ts/core';
import type { BlockFault, PowBlock, PowNetwork } from '../../../pow/index.js';

/** A chain's tip as peers compare it. */
export interface TipInfo {
  readonly height: number;
  readonly hash: string;
}

/** What became of a branch a peer offered. */
export type OfferOutcome =
  | { readonly status: 'adopted'; readonly height: number; readonly abandoned: number }
  | { readonly status: 'ignored'; readonly reason: 'NotBetter' | 'BeyondFinality' | 'UnknownFork' }
  | {
      readonly status: 'refused';
      readonly fault: BlockFault | 'InvalidTransaction';
      readonly detail: string;
      /** The height of the first bad block. */
      readonly height: number;
    };

/**
 * The proof-of-work mode's chain as the peers layer sees it: what to serve, what to compare and
 * where to offer what peers send. Every offer is checked in full (chain rules and transactions)
 * before anything is adopted; nothing a peer claims is trusted.
 */
export interface PowChain {
  readonly network: PowNetwork;
  /** The genesis hash: peers of another network are refused. */
  readonly networkId: string;
  readonly confirmations: number;
  tip(): TipInfo;
  /** The highest height decided final here; no reorganisation goes below it. */
  finalHeight(): number;
  /** Heights and hashes of the current chain from `from` on (from memory). */
  hashes(from: number, limit: number): TipInfo[];
  /** Mined blocks of the current chain from `from` on. */
  blocks(from: number, limit: number): Promise<PowBlock[]>;
  /** Offers the blocks after our block at `forkHeight`: adopted if valid and better (most work, then lower tip hash). */
  offer(forkHeight: number, blocks: readonly unknown[]): Promise<OfferOutcome>;
  /** Called whenever the tip changes (`mined`: this node sealed the new tip). Returns an unsubscribe. */
  onTip(listener: (tip: TipInfo, mined: boolean) => void): () => void;
  /**
   * Runs a catch-up with a peer whose tip is better. Meanwhile this node neither seals blocks
   * (they would extend a tip it knows is beaten) nor makes blocks final (the better branch may
   * part below them); both resume when the last catch-up ends.
   */
  catchingUp<T>(fn: () => Promise<T>): Promise<T>;
  /** This node's pending transactions (its backlog), oldest first. */
  backlog(limit: number): Promise<SignedTransaction[]>;
}
