/**
 * The shape of a load-test workload, decided before anything is signed: a list of units, each sent
 * as one stream (in order, each transaction once the previous one was accepted).
 *
 * A unit of length L with k conflicts is a CREATE followed by L-1 TRANSFERs, each spending output 0
 * of the one before, and k deliberate double spends: a conflict is a second TRANSFER of the output
 * that link j spends, sent right after link j, whose expected fate is refusal or `invalid`. A unit
 * of length 1 is a lone CREATE.
 */
export type WorkloadKind = 'create' | 'transfer' | 'mix';

export interface PlanOptions {
  readonly kind: WorkloadKind;
  /** Transactions in all, conflicts included. */
  readonly count: number;
  /** Length of each transfer chain, CREATE included (default 10). */
  readonly chainLength?: number;
  /** Fraction of `count` that are deliberate double spends (default 0). */
  readonly conflicts?: number;
}

export interface Plan {
  /** Per unit: chain length (1 = a lone CREATE). */
  readonly unitLength: Int32Array;
  /** Per unit: how many conflicts it carries. */
  readonly unitConflicts: Int32Array;
  /** Per unit: index of its first transaction; one more entry holds the total. */
  readonly unitStart: Int32Array;
}

export function planWorkload(options: PlanOptions): Plan {
  const count = options.count;
  const fraction = options.conflicts ?? 0;
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError('count must be an integer >= 1');
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError('conflicts must be a fraction in [0, 1)');
  const chainLength = Math.max(2, Math.floor(options.chainLength ?? 10));
  const conflicts = Math.round(count * fraction);
  const chains: { length: number; conflicts: number }[] = [];
  let creates = 0;
  if (options.kind === 'create') {
    // A double spend needs something to spend: each conflict comes as CREATE, TRANSFER, conflict.
    creates = count - 3 * conflicts;
    if (creates < 0)
      throw new RangeError('--kind create allows at most 1/3 conflicts (each needs a CREATE and a TRANSFER)');
    for (let i = 0; i < conflicts; i++) chains.push({ length: 2, conflicts: 1 });
  } else {
    const regular = count - conflicts;
    const chained = options.kind === 'transfer' ? regular : Math.floor(regular / 2);
    creates = regular - chained;
    for (let left = chained; left > 0; left -= chainLength)
      chains.push({ length: Math.min(chainLength, left), conflicts: 0 });
    // Spread the conflicts evenly over the chains' transfers, at most one per link.
    const slots = chains.reduce((n, c) => n + c.length - 1, 0);
    if (conflicts > slots)
      throw new RangeError(`${conflicts} conflicts need as many transfers; this workload has ${slots}`);
    let placed = 0;
    for (let pass = 0; placed < conflicts; pass++) {
      for (let c = 0; c < chains.length && placed < conflicts; c++) {
        const target =
          Math.floor(((c + 1) * conflicts) / chains.length) - Math.floor((c * conflicts) / chains.length);
        const chain = chains[c]!;
        const want = pass === 0 ? target : 1;
        const take = Math.min(want, chain.length - 1 - chain.conflicts, conflicts - placed);
        chain.conflicts += take;
        placed += take;
      }
    }
  }
  // Chains and lone CREATEs interleaved evenly, so the mix is the same all through the run.
  const units = chains.length + creates;
  const unitLength = new Int32Array(units);
  const unitConflicts = new Int32Array(units);
  const unitStart = new Int32Array(units + 1);
  let c = 0;
  let total = 0;
  for (let u = 0; u < units; u++) {
    const chainDue = Math.floor(((u + 1) * chains.length) / units) > c;
    const chain = chainDue ? chains[c++]! : { length: 1, conflicts: 0 };
    unitLength[u] = chain.length;
    unitConflicts[u] = chain.conflicts;
    unitStart[u] = total;
    total += chain.length + chain.conflicts;
  }
  unitStart[units] = total;
  return { unitLength, unitConflicts, unitStart };
}

/** One transaction of a unit, in stream order. */
export interface Role {
  /** Chain link (0 = the CREATE); a conflict has the link of its twin. */
  readonly link: number;
  readonly conflict: boolean;
  /** Index within the unit of the transaction whose output 0 this spends; -1 for the CREATE. */
  readonly spends: number;
}

/** The transactions of a unit in stream order: links, each conflict right after its twin. */
export function unitRoles(length: number, conflicts: number): Role[] {
  const at = new Set<number>();
  for (let t = 0; t < conflicts; t++) at.add(1 + Math.floor((t * (length - 1)) / conflicts));
  const roles: Role[] = [{ link: 0, conflict: false, spends: -1 }];
  let previousLink = 0;
  for (let link = 1; link < length; link++) {
    roles.push({ link, conflict: false, spends: previousLink });
    if (at.has(link)) roles.push({ link, conflict: true, spends: previousLink });
    previousLink = roles.length - (at.has(link) ? 2 : 1);
  }
  return roles;
}
