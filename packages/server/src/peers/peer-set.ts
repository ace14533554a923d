import { evictionBackoffMsMax, evictionBackoffMsMin, peerFailuresMax, refusedPeersMax } from './constants.js';

export type PeerStateName = 'active' | 'evicted' | 'refused';

/** One peer as this node sees it (`GET /api/v1/peers`). */
export interface PeerState {
  readonly url: string;
  state: PeerStateName;
  /** Consecutive failed requests. */
  failures: number;
  /**
   * Consecutive better tips it claimed and did not serve (the catch-up failed or found nothing
   * better). Kept apart from `failures`, which any answer clears: a peer that answers every other
   * request but never serves its claims is evicted all the same, and is not brought back by
   * answering until its backoff ends.
   */
  unserved: number;
  lastSeenMs: number | null;
  lastError: string | null;
  /** When an evicted or refused peer may be tried again. */
  retryAtMs: number | null;
  backoffMs: number;
  nodeKey: string | null;
  height: number | null;
  /** Why it was refused (another network, an invalid chain), with the fault's code. */
  refusedReason: string | null;
}

/**
 * The peers of one node: at most `max` active (the seed's 3), never itself, a peer evicted after
 * `peerFailuresMax` consecutive failures and tried again after a backoff that doubles each time,
 * a peer that served an invalid chain or belongs to another network refused and recorded.
 */
export class PeerSet {
  readonly #peers = new Map<string, PeerState>();
  readonly #selfUrls = new Set<string>();

  constructor(
    selfUrl: string,
    private readonly max: number,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.#selfUrls.add(selfUrl);
  }

  /** Adds a peer if it is new, not this node and there is room (configured peers always fit). */
  add(url: string, configured = false): boolean {
    if (this.#selfUrls.has(url) || this.#peers.has(url)) return false;
    if (!configured && this.active().length >= this.max) return false;
    this.#peers.set(url, {
      url,
      state: 'active',
      failures: 0,
      unserved: 0,
      lastSeenMs: null,
      lastError: null,
      retryAtMs: null,
      backoffMs: evictionBackoffMsMin,
      nodeKey: null,
      height: null,
      refusedReason: null,
    });
    return true;
  }

  has(url: string): boolean {
    return this.#peers.has(url);
  }

  get roomLeft(): number {
    return Math.max(0, this.max - this.active().length);
  }

  active(): string[] {
    return [...this.#peers.values()].filter((p) => p.state === 'active').map((p) => p.url);
  }

  /** A peer answered: its failures are forgotten. */
  succeeded(url: string, info: { nodeKey?: string; height?: number } = {}): void {
    const p = this.#peers.get(url);
    if (!p || p.state === 'refused') return;
    p.lastSeenMs = this.nowMs();
    if (p.state === 'evicted' && p.unserved >= peerFailuresMax) return; // out until its backoff ends
    p.failures = 0;
    p.lastError = null;
    if (p.state === 'evicted') p.state = 'active';
    // An answer proves it alive, not honest: the backoff of one evicted for claims keeps doubling.
    if (p.unserved === 0) p.backoffMs = evictionBackoffMsMin;
    if (info.nodeKey !== undefined) p.nodeKey = info.nodeKey;
    if (info.height !== undefined) p.height = info.height;
  }

  /** A catch-up got what the peer claimed (or found nothing to get): its unserved claims are forgotten. */
  claimServed(url: string): void {
    const p = this.#peers.get(url);
    if (p) p.unserved = 0;
  }

  /** A better tip it claimed was not served; after `peerFailuresMax` in a row it is evicted. */
  claimUnserved(url: string, error: string): void {
    const p = this.#peers.get(url);
    if (!p || p.state !== 'active') return;
    p.unserved += 1;
    p.lastError = error;
    if (p.unserved >= peerFailuresMax) this.#evict(p);
  }

  /** Records what is wrong with a peer that still answers (shown as its last error). */
  note(url: string, what: string): void {
    const p = this.#peers.get(url);
    if (p) p.lastError = what;
  }

  /** A request failed; after `peerFailuresMax` in a row the peer is evicted with a backoff. */
  failed(url: string, error: string): void {
    const p = this.#peers.get(url);
    if (!p || p.state !== 'active') return;
    p.failures += 1;
    p.lastError = error;
    if (p.failures >= peerFailuresMax) this.#evict(p);
  }

  #evict(p: PeerState): void {
    p.state = 'evicted';
    p.retryAtMs = this.nowMs() + p.backoffMs;
    p.backoffMs = Math.min(p.backoffMs * 2, evictionBackoffMsMax);
  }

  /** Refuses a peer that served an invalid chain or belongs to another network; recorded. */
  refuse(url: string, reason: string): void {
    const p = this.#peers.get(url);
    if (!p) return;
    p.state = 'refused';
    p.refusedReason = reason;
    p.retryAtMs = this.nowMs() + evictionBackoffMsMax;
    const refused = [...this.#peers.values()].filter((q) => q.state === 'refused');
    if (refused.length > refusedPeersMax) this.#peers.delete(refused[0]!.url);
  }

  /** The address is this node itself (it answered with this node's key): forgotten for good. */
  isSelf(url: string): void {
    this.#selfUrls.add(url);
    this.#peers.delete(url);
  }

  /** Evicted (and refused) peers whose backoff is over get one more chance, while there is room. */
  retryDue(): string[] {
    const now = this.nowMs();
    const due: string[] = [];
    for (const p of this.#peers.values()) {
      if (p.state === 'active' || p.retryAtMs === null || p.retryAtMs > now) continue;
      if (this.active().length >= this.max) break;
      p.state = 'active';
      // One more failure (or unserved claim) evicts it again, with the doubled backoff.
      p.failures = peerFailuresMax - 1;
      if (p.unserved > 0) p.unserved = peerFailuresMax - 1;
      p.retryAtMs = null;
      due.push(p.url);
    }
    return due;
  }

  report(): PeerState[] {
    return [...this.#peers.values()].map((p) => ({ ...p }));
  }
}
