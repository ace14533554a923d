/**
 * Which node to ask next (BEP-14). A node that fails is skipped until its backoff expires: the
 * delay starts at `baseMs`, doubles with each further failure in a row, and is capped at `capMs`.
 * One success clears it. The state lives as long as the Connection, so later calls avoid a node
 * that just failed, but nothing else carries over between calls (each has its own attempts and
 * deadline).
 */

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly factor: number;
  readonly capMs: number;
}

/** `round-robin` spreads calls over the healthy nodes; `in-order` always asks the first healthy one. */
export type Selection = 'round-robin' | 'in-order';

/** The delay after `failures` failures in a row (1 → base, 2 → base × factor, ...), capped. */
export function backoffDelayMs(policy: BackoffPolicy, failures: number): number {
  if (failures <= 0) return 0;
  // Computed by repeated multiplication with an early stop, so a long outage cannot overflow.
  let delay = policy.baseMs;
  for (let i = 1; i < failures && delay < policy.capMs; i++) delay *= policy.factor;
  return Math.min(delay, policy.capMs);
}

interface Health {
  failures: number;
  /** Clock time before which the node is skipped. */
  retryAtMs: number;
}

export type Pick<N> = { readonly node: N } | { readonly waitMs: number };

export class NodePool<N> {
  private readonly health: Health[];
  private cursor = 0;

  constructor(
    readonly nodes: readonly N[],
    private readonly policy: BackoffPolicy,
    private readonly selection: Selection = 'round-robin',
    private readonly nowMs: () => number = Date.now,
  ) {
    if (nodes.length === 0) throw new TypeError('a connection needs at least one node');
    this.health = nodes.map(() => ({ failures: 0, retryAtMs: 0 }));
  }

  /** A node whose backoff has expired, or how long until the first one does. */
  pick(): Pick<N> {
    const now = this.nowMs();
    const n = this.nodes.length;
    const start = this.selection === 'round-robin' ? this.cursor : 0;
    for (let k = 0; k < n; k++) {
      const i = (start + k) % n;
      if ((this.health[i] as Health).retryAtMs <= now) {
        this.cursor = (i + 1) % n;
        return { node: this.nodes[i] as N };
      }
    }
    const soonest = Math.min(...this.health.map((h) => h.retryAtMs));
    return { waitMs: Math.max(0, soonest - now) };
  }

  /** The node failed (unreachable, timed out, 5xx): back it off. */
  fail(node: N): void {
    const h = this.healthOf(node);
    h.failures += 1;
    h.retryAtMs = this.nowMs() + backoffDelayMs(this.policy, h.failures);
  }

  /** The node answered (even with a 4xx): it is healthy again. */
  succeed(node: N): void {
    const h = this.healthOf(node);
    h.failures = 0;
    h.retryAtMs = 0;
  }

  /** Failures in a row of a node (0 when healthy). */
  failuresOf(node: N): number {
    return this.healthOf(node).failures;
  }

  private healthOf(node: N): Health {
    const i = this.nodes.indexOf(node);
    if (i < 0) throw new TypeError('not a node of this pool');
    return this.health[i] as Health;
  }
}
