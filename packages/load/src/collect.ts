import { HttpClient } from './http-client.js';
import { Fate as FateCode, fateNames, RunRecord } from './record.js';

export interface CollectOptions {
  /** Requests in flight (default 32, over 4 pipelined connections). */
  readonly concurrency?: number;
  /** Give up when no transaction was decided for this long (default 60 s). */
  readonly stallMs?: number;
  /** Give up after this long in all (default 30 min). */
  readonly timeoutMs?: number;
  readonly onProgress?: (decided: number, asked: number) => void;
}

/** After a round finds this many undecided answers in a row, the rest wait for the next round. */
const undecidedRun = 2000;

/**
 * Asks the node for the status of transactions `indices` of a run (after the load was sent, so the
 * polling does not compete with the measured work) until each is decided, storing the fate, the
 * node's decision time (`updated_at_ms`: latency is measured where it happens) and the reason of
 * an invalid one in `record`. Rounds go oldest first and stop early at a long run of undecided
 * answers, so polling stays light while a large backlog drains.
 */
export async function collectDecisions(
  url: string,
  idOf: (i: number) => string,
  indices: Int32Array,
  record: RunRecord,
  options: CollectOptions = {},
): Promise<void> {
  const base = new URL(url);
  const root = base.pathname.replace(/\/$/, '');
  const concurrency = options.concurrency ?? 32;
  const client = new HttpClient(base.origin, {
    connections: Math.min(4, concurrency),
    pipelining: Math.ceil(concurrency / Math.min(4, concurrency)),
  });
  const started = Date.now();
  let lastProgress = started;
  let pending = indices;
  let startAt = 0;
  try {
    while (pending.length > 0) {
      let cursor = startAt;
      let run = 0;
      let decidedNow = 0;
      const still: number[] = [];
      const worker = async () => {
        while (cursor < pending.length && run < undecidedRun) {
          const i = pending[cursor++]!;
          const answer = await client.request('GET', `${root}/transactions/${idOf(i)}/status`);
          store(record, i, answer.status, answer.body);
          const fate = record.fate[i];
          if (fate === FateCode.valid || fate === FateCode.invalid || fate === FateCode.missing) {
            decidedNow++;
            run = 0;
          } else {
            run++;
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      for (const i of pending) {
        const f = record.fate[i];
        if (f !== FateCode.valid && f !== FateCode.invalid && f !== FateCode.missing) still.push(i);
      }
      // A round that stopped early without progress starts the next one after where it stopped,
      // so a stuck head cannot hide the decisions behind it.
      // (Without progress nothing left the list, so `cursor` still points into it.)
      startAt = decidedNow === 0 && cursor < pending.length ? cursor : 0;
      pending = Int32Array.from(still);
      options.onProgress?.(indices.length - pending.length, indices.length);
      const now = Date.now();
      if (decidedNow > 0) lastProgress = now;
      if (pending.length === 0) break;
      if (
        now - lastProgress > (options.stallMs ?? 60_000) ||
        now - started > (options.timeoutMs ?? 1_800_000)
      )
        break;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    client.close();
  }
}

function store(record: RunRecord, i: number, status: number, body: Buffer): void {
  if (status === 404) {
    record.fate[i] = FateCode.missing;
    return;
  }
  if (status !== 200) return;
  try {
    const s = JSON.parse(body.toString()) as {
      status?: string;
      updated_at_ms?: number;
      reason_code?: string;
    };
    const fate = fateNames.indexOf(s.status as (typeof fateNames)[number]);
    if (fate <= 0 || fate === FateCode.missing) return;
    record.fate[i] = fate;
    if (typeof s.updated_at_ms === 'number') record.decidedAt[i] = s.updated_at_ms;
    if (fate === FateCode.invalid) record.reason[i] = record.code(s.reason_code ?? 'no reason given');
  } catch {
    // unreadable: stays unknown and is asked again
  }
}

/** The fate of one transaction, as `collectFates` reports it. */
export interface Fate {
  readonly id: string;
  /** `valid`/`invalid` when decided, `backlog`/`undecided` if still pending at the end, `missing` if unknown. */
  readonly status: string;
  readonly decidedAtMs?: number;
  readonly reasonCode?: string;
}

/** `collectDecisions` for a plain list of ids. */
export async function collectFates(
  url: string,
  ids: readonly string[],
  options: CollectOptions = {},
): Promise<Fate[]> {
  const record = new RunRecord(ids.length);
  await collectDecisions(
    url,
    (i) => ids[i]!,
    Int32Array.from(ids, (_, i) => i),
    record,
    options,
  );
  return ids.map((id, i) => {
    const f = record.fate[i]!;
    const reason = record.codeText(record.reason[i]!);
    return {
      id,
      status: f === FateCode.unknown ? 'missing' : fateNames[f]!,
      ...(Number.isNaN(record.decidedAt[i]!) ? {} : { decidedAtMs: record.decidedAt[i]! }),
      ...(reason === undefined ? {} : { reasonCode: reason }),
    };
  });
}
