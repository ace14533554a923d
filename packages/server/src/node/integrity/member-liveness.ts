import type { Clock } from '../../model/index.js';
import type { Store } from '../../store/index.js';

export interface MemberState {
  readonly publicKey: string;
  /** Height of the highest block it has voted on, null before its first vote. */
  readonly lastVoteHeight: number | null;
  /** It has not voted on blocks that have waited longer than the reassign delay. */
  readonly suspectedDown: boolean;
}

/**
 * Which members of the federation are keeping up, from the votes in the store: a live member
 * votes on every block within moments, so a member whose last vote is below a block that was
 * already there `windowMs` ago is taken to be down. The node then stops assigning new
 * transactions to it (the stale monitor moves what it already had) until it votes again, as a
 * restarted member does while it catches up. Only assignment follows this; elections never do.
 */
export class MemberLiveness {
  /** The chain's top as sampled over time, oldest first. */
  private samples: { atMs: number; height: number }[] = [];
  private readonly lastVote = new Map<string, number | null>();

  constructor(
    private readonly self: string,
    private readonly members: readonly string[],
    private readonly clock: Clock,
    private readonly windowMs: number,
  ) {}

  /** Reads the chain's top and every other member's last vote (two small queries). */
  async refresh(store: Store): Promise<void> {
    const [top, heights] = await Promise.all([store.latestHeight(), store.getVoteHeights(this.members)]);
    const now = this.clock.nowMs();
    if (top !== null) this.samples.push({ atMs: now, height: top });
    this.members.forEach((m, i) => this.lastVote.set(m, heights[i] ?? null));
    // Keep the newest sample old enough to judge by, and everything after it.
    const cutoff = now - this.windowMs;
    let keepFrom = 0;
    for (let i = 0; i < this.samples.length; i++) if (this.samples[i]!.atMs <= cutoff) keepFrom = i;
    this.samples = this.samples.slice(keepFrom);
  }

  isSuspect(member: string): boolean {
    if (member === this.self) return false;
    const old = this.samples[0];
    if (old === undefined || old.atMs > this.clock.nowMs() - this.windowMs) return false;
    return (this.lastVote.get(member) ?? -1) < old.height;
  }

  /** The members not suspected down (this node always among them), in federation order. */
  live(): string[] {
    return this.members.filter((m) => !this.isSuspect(m));
  }

  states(): MemberState[] {
    return this.members.map((publicKey) => ({
      publicKey,
      lastVoteHeight: this.lastVote.get(publicKey) ?? null,
      suspectedDown: this.isSuspect(publicKey),
    }));
  }
}
