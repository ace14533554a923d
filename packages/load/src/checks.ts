import { headerOf, HttpClient } from './http-client.js';
import { Fate, type RunRecord } from './record.js';
import type { Workload } from './workload.js';

/** What the run did with each transaction, against what the workload expected of it. */
export interface Outcome {
  readonly sent: number;
  readonly notSent: number;
  readonly accepted: number;
  readonly valid: number;
  readonly invalid: number;
  /** Accepted, still `backlog` or `undecided` when the collection ended. */
  readonly pending: number;
  /** Accepted, and the node does not know it (404) or could not be asked. */
  readonly missing: number;
  /** Refusals of ordinary transactions, by code (failed requests included). */
  readonly refusedByCode: Readonly<Record<string, number>>;
  /** Accepted ordinary transactions decided invalid, by reason. */
  readonly invalidByReason: Readonly<Record<string, number>>;
  /** Deliberate double spends: sent, refused (by code), decided invalid (by reason), decided valid. */
  readonly conflicts: {
    readonly sent: number;
    readonly refusedByCode: Readonly<Record<string, number>>;
    readonly invalidByReason: Readonly<Record<string, number>>;
    readonly valid: number;
  };
  /** Ordinary transactions refused or invalid, plus conflicts decided valid: should be 0. */
  readonly unexpected: number;
  /**
   * Where the unexpected come from: conflicts decided valid; the ordinary transactions they beat
   * (the first-sent spender of the same output); ordinary ones refused or invalid after the
   * transaction they spend was not valid (a chain behind a lost link); anything else.
   */
  readonly unexpectedBreakdown: {
    readonly conflictsWon: number;
    readonly lostToConflict: number;
    readonly afterLostInput: number;
    readonly other: number;
  };
}

export function classify(workload: Workload, record: RunRecord): Outcome {
  const refusedByCode: Record<string, number> = {};
  const invalidByReason: Record<string, number> = {};
  const conflictRefused: Record<string, number> = {};
  const conflictInvalid: Record<string, number> = {};
  const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  let sent = 0;
  let accepted = 0;
  let valid = 0;
  let invalid = 0;
  let pending = 0;
  let missing = 0;
  let conflictsSent = 0;
  let conflictsValid = 0;
  let unexpected = 0;
  let lostToConflict = 0;
  let afterLostInput = 0;
  const isValid = (i: number) => record.accepted(i) && record.fate[i] === Fate.valid;
  // Why an ordinary transaction was refused or invalid, when the workload explains it.
  const explain = (i: number) => {
    unexpected++;
    const spent = workload.spendTx[i]!;
    // A conflict is placed right after its first-sent twin.
    const twin = i + 1 < workload.size && workload.conflict[i + 1] === 1 ? i + 1 : -1;
    if (twin >= 0 && workload.spendTx[twin] === spent && isValid(twin)) lostToConflict++;
    else if (spent >= 0 && !isValid(spent)) afterLostInput++;
  };
  for (let i = 0; i < workload.size; i++) {
    if (!record.sent(i)) continue;
    sent++;
    const conflict = workload.conflict[i] === 1;
    if (conflict) conflictsSent++;
    if (!record.accepted(i)) {
      const code = record.codeText(record.refusal[i]!) ?? `HTTP ${record.httpStatus[i]}`;
      if (conflict && record.httpStatus[i] === 400) bump(conflictRefused, code);
      else {
        bump(refusedByCode, code);
        explain(i);
      }
      continue;
    }
    accepted++;
    const fate = record.fate[i];
    if (fate === Fate.valid) {
      valid++;
      if (conflict) {
        conflictsValid++;
        unexpected++;
      }
    } else if (fate === Fate.invalid) {
      invalid++;
      const reason = record.codeText(record.reason[i]!) ?? 'no reason given';
      if (conflict) bump(conflictInvalid, reason);
      else {
        bump(invalidByReason, reason);
        explain(i);
      }
    } else if (fate === Fate.backlog || fate === Fate.undecided) pending++;
    else missing++;
  }
  return {
    sent,
    notSent: workload.size - sent,
    accepted,
    valid,
    invalid,
    pending,
    missing,
    refusedByCode,
    invalidByReason,
    conflicts: {
      sent: conflictsSent,
      refusedByCode: conflictRefused,
      invalidByReason: conflictInvalid,
      valid: conflictsValid,
    },
    unexpected,
    unexpectedBreakdown: {
      conflictsWon: conflictsValid,
      lostToConflict,
      afterLostInput,
      other: unexpected - conflictsValid - lostToConflict - afterLostInput,
    },
  };
}

/**
 * How many outputs are spent by two or more `valid` transactions, from the workload's knowledge
 * of what each transaction spends (`spendTx[i]`, `spendOut[i]`; -1 for none) and whether it is
 * valid. Any answer but 0 is a double spend the ledger let through.
 */
export function countOutputsSpentTwice(
  spendTx: Int32Array,
  spendOut: Int32Array,
  isValid: (i: number) => boolean,
): number {
  const spenders = new Map<number, number>();
  let twice = 0;
  for (let i = 0; i < spendTx.length; i++) {
    const tx = spendTx[i]!;
    if (tx < 0 || !isValid(i)) continue;
    const key = tx * 1024 + spendOut[i]!;
    const n = (spenders.get(key) ?? 0) + 1;
    spenders.set(key, n);
    if (n === 2) twice++;
  }
  return twice;
}

export interface OutputsCrossCheck {
  readonly keys: number;
  /** Links the node listed as unspent, over all keys asked. */
  readonly listed: number;
  /** Of those, spent by a transaction of this run that the node decided valid: should be 0. */
  readonly listedButSpent: number;
}

/**
 * Asks the node, for a few of the workload's chain keys, which of their outputs are unspent
 * (`GET /outputs?public_key=K&spent=false`, up to `maxLinks` links per key), and counts listed
 * outputs that a valid transaction of this run spends.
 */
export async function crossCheckOutputs(
  url: string,
  workload: Workload,
  record: RunRecord,
  options: { keys?: number; maxLinks?: number } = {},
): Promise<OutputsCrossCheck> {
  const spent = new Set<string>();
  for (let i = 0; i < workload.size; i++) {
    const tx = workload.spendTx[i]!;
    if (tx >= 0 && record.fate[i] === Fate.valid) spent.add(`${workload.id(tx)}:${workload.spendOut[i]}`);
  }
  const base = new URL(url);
  const root = base.pathname.replace(/\/$/, '');
  const client = new HttpClient(base.origin, { connections: 1, pipelining: 1 });
  const keys = workload.chainKeys.slice(0, options.keys ?? 4);
  const maxLinks = options.maxLinks ?? 10_000;
  let listed = 0;
  let listedButSpent = 0;
  try {
    for (const key of keys) {
      let cursor: string | undefined;
      for (let seen = 0; seen < maxLinks;) {
        const query = `public_key=${key}&spent=false&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const answer = await client.request('GET', `${root}/outputs?${query}`);
        if (answer.status !== 200)
          throw new Error(
            `GET /outputs answered ${answer.status || answer.error}: ${answer.body.toString()}`,
          );
        const links = JSON.parse(answer.body.toString()) as {
          transaction_id: string;
          output_index: number;
        }[];
        for (const l of links) if (spent.has(`${l.transaction_id}:${l.output_index}`)) listedButSpent++;
        listed += links.length;
        seen += links.length;
        cursor = headerOf(answer, 'x-next-cursor');
        if (!cursor || links.length === 0) break;
      }
    }
  } finally {
    client.close();
  }
  return { keys: keys.length, listed, listedButSpent };
}
