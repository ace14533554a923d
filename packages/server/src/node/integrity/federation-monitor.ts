import { BoundedCache } from '@bigchaindb-ts/core';
import type { Logger } from 'pino';
import type { Clock } from '../../model/index.js';
import { recentFindingsMax, seenSubjectsMax } from '../constants.js';

/**
 * What a node refuses to trust, by stable code:
 *
 * Seen by the pipelines (ignored, never counted):
 * - `BlockFromOutsider`: a block made by a key outside the federation (voted invalid).
 * - `InvalidBlockSignature`, `InvalidBlockHash`, `MalformedBlock`, `InvalidVoters`: a block that
 *   fails its checks (voted invalid).
 * - `VoteFromOutsider`: a vote by a key that is not a voter of the block among the members.
 * - `InvalidVoteSignature`: a vote whose signature does not verify.
 * - `VoteForAnotherBlock`: a vote stored under one block that votes for another.
 * - `Equivocation`: two different votes of one key on one block.
 * - `TamperedInput`: a transaction read from a block whose content no longer hashes to its id.
 *
 * Seen by the watchdog (re-checks of stored, decided blocks):
 * - `BlockAltered`: a block's stored content no longer hashes to its id or carries no valid
 *   signature of its maker (covers any edit of a transaction inside it).
 * - `TransactionIdMismatch`: a transaction inside a block whose content does not hash to its id.
 * - `DecisionWithoutQuorum`: a block recorded valid without enough valid votes of members.
 * - `DecisionContradicted`: a block recorded invalid whose votes make it valid.
 * - `ValidBlockFromOutsider`: a block recorded valid that a non-member made.
 * - `DecisionChanged`: a decision this node verified is no longer what is stored.
 * - `BlockMissing`: a block this node verified is gone; `BlockReplaced`: another block sits at
 *   its height; `HeightGap`: heights skip, so a block this node never saw is gone.
 * - `BlockUnreadable`: the stored rows no longer assemble into a block.
 */
export type FindingCode =
  | 'BlockFromOutsider'
  | 'InvalidBlockSignature'
  | 'InvalidBlockHash'
  | 'MalformedBlock'
  | 'InvalidVoters'
  | 'VoteFromOutsider'
  | 'InvalidVoteSignature'
  | 'VoteForAnotherBlock'
  | 'Equivocation'
  | 'TamperedInput'
  | 'BlockAltered'
  | 'TransactionIdMismatch'
  | 'DecisionWithoutQuorum'
  | 'DecisionContradicted'
  | 'ValidBlockFromOutsider'
  | 'DecisionChanged'
  | 'BlockMissing'
  | 'BlockReplaced'
  | 'HeightGap'
  | 'BlockUnreadable';

export type FindingSource = 'pipeline' | 'watchdog' | 'read';

export interface Finding {
  readonly code: FindingCode;
  readonly source: FindingSource;
  readonly blockId?: string;
  readonly height?: number;
  /** The public key concerned: a block's maker, a vote's voter. */
  readonly key?: string;
  readonly txId?: string;
  readonly detail: string;
  readonly atMs: number;
}

/** What one node refused to trust, for an operator (see `FederationReport`). */
export interface FindingsReport {
  /** Distinct findings by code since the node started (each subject counted once). */
  readonly counts: Readonly<Partial<Record<FindingCode, number>>>;
  readonly total: number;
  /** The latest distinct findings, newest last (at most `recentFindingsMax`). */
  readonly recent: readonly Finding[];
}

/**
 * Counts and logs what the node ignores or finds altered. Each subject (a block, a vote, a
 * transaction) is reported once per code, however often the pipelines read it again, so the
 * counters count things, not reads, and the log is not flooded.
 */
export class FederationMonitor {
  private readonly seen = new BoundedCache<string, true>(seenSubjectsMax);
  private readonly counts = new Map<FindingCode, number>();
  private readonly recent: Finding[] = [];
  private total = 0;

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
    /** Told of each new finding (the node's `finding` event). */
    private readonly onFinding: (finding: Finding) => void = () => {},
  ) {}

  /** Records a finding unless this subject was already reported under this code; true if new. */
  report(finding: Omit<Finding, 'atMs'>, subject: string): boolean {
    const key = `${finding.code}\n${subject}`;
    if (this.seen.get(key)) return false;
    this.seen.set(key, true);
    const full: Finding = { ...finding, atMs: this.clock.nowMs() };
    this.counts.set(finding.code, (this.counts.get(finding.code) ?? 0) + 1);
    this.total += 1;
    this.recent.push(full);
    if (this.recent.length > recentFindingsMax) this.recent.shift();
    const { code, source, blockId, height, key: pubkey, txId, detail } = full;
    this.logger.warn(
      {
        finding: code,
        source,
        ...(blockId === undefined ? {} : { block: blockId }),
        ...(height === undefined ? {} : { height }),
        ...(pubkey === undefined ? {} : { key: pubkey }),
        ...(txId === undefined ? {} : { tx: txId }),
      },
      `${source === 'watchdog' ? 'watchdog' : 'federation'}: ${code}: ${detail}`,
    );
    this.onFinding(full);
    return true;
  }

  summary(): FindingsReport {
    return { counts: Object.fromEntries(this.counts), total: this.total, recent: [...this.recent] };
  }
}
