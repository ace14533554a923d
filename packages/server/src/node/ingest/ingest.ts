import { spentTransactionIds, type CheckedTransaction, type SignedTransaction } from '@bigchaindb-ts/core';
import type { BacklogAddOutcome, TxStatusName } from '../../store/index.js';
import { defaultCommitWaitMs, ingestBatchMax, ingestWritesInFlightMax } from '../constants.js';
import type { NodeContext } from '../context.js';
import type { TxStatusEvent } from '../events.js';
import { LayeredLedgerView } from '../ledger/index.js';
import type { PostMode, StatusRecord, SubmitResult } from '../node-service.js';
import { SingleFlight } from '../single-flight.js';

interface IngestItem {
  readonly checked: CheckedTransaction;
  readonly resolve: (r: SubmitResult) => void;
  readonly reject: (e: unknown) => void;
}

/** What ingest needs from the node that runs it. */
export interface IngestHooks {
  /** The member that is to put a transaction in a block (the consensus mode decides). */
  assigneeOf(txId: string): string;
  /** `count` accepted transactions were written to the backlog. */
  accepted(count: number): void;
  /** A transaction's status as the node vouches for it (commit mode reads it). */
  getStatus(id: string): Promise<StatusRecord | undefined>;
}

export interface Ingest {
  submit(text: string, mode: PostMode): Promise<SubmitResult>;
  /** Resolves when no batch is being checked or written. */
  idle(): Promise<void>;
}

/**
 * Ingest: phase 1 in worker threads, then batches of whatever arrived in one event-loop turn are
 * checked together against the ledger, what this node accepted and not yet put in a block, and
 * the rules chain; what passes is written durably to the backlog with its assignee.
 */
export function createIngest(ctx: NodeContext, hooks: IngestHooks): Ingest {
  const queue: IngestItem[] = [];
  /** Backlog writes of checked batches, still in flight (see `flush`). */
  const writes = new Set<Promise<void>>();
  let scheduled = false;
  const flight = new SingleFlight(
    () => flush(),
    (err) => ctx.logger.error({ err }, 'ingest failed'),
  );

  async function submit(text: string, mode: PostMode): Promise<SubmitResult> {
    if (ctx.stopped()) throw new Error('the node is stopping');
    const res = await ctx.phaseOne.check(text);
    if (!res.ok) {
      ctx.events.emit('rejected', { code: res.code, reason: res.message, stage: 'ingest' });
      return { ok: false, error: { code: res.code, message: res.message } };
    }
    const accepted = await new Promise<SubmitResult>((resolve, reject) => {
      queue.push({ checked: res.checked, resolve, reject });
      schedule();
    });
    if (!accepted.ok) {
      const { code, message } = accepted.error;
      ctx.events.emit('rejected', { id: res.checked.tx.id, code, reason: message, stage: 'ingest' });
      return accepted;
    }
    if (mode !== 'commit' || accepted.status === 'valid' || accepted.status === 'invalid') return accepted;
    return waitForDecision(accepted.tx, accepted.status);
  }

  function schedule(): void {
    if (queue.length >= ingestBatchMax) {
      flight.kick();
      return;
    }
    if (scheduled) return;
    scheduled = true;
    // One tick lets concurrent requests join the batch: one status query, one prefetch and one
    // durable backlog write for all of them.
    setImmediate(() => {
      scheduled = false;
      flight.kick();
    });
  }

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      // The checks of batches run one after another; the durable backlog write of one batch
      // overlaps the checks of the next (a few at most), since each waits its turn at the store's
      // writer, which may be committing a block.
      while (writes.size >= ingestWritesInFlightMax) await Promise.race(writes);
      const batch = queue.splice(0, ingestBatchMax);
      await new Promise<void>((checked) => {
        const write = ingestBatch(batch, checked)
          .catch((err: unknown) => {
            for (const item of batch) item.reject(err);
          })
          .finally(() => {
            checked();
            writes.delete(write);
          });
        writes.add(write);
      });
    }
    await Promise.all(writes);
  }

  /** Checks a batch and writes what passed to the backlog; `checked` is called between the two. */
  async function ingestBatch(batch: IngestItem[], checked: () => void): Promise<void> {
    const { store, pending } = ctx;
    const ids = [...new Set(batch.map((b) => b.checked.tx.id))];
    const statuses = new Map<string, TxStatusName>();
    (await store.getStatuses(ids)).forEach((s) => s && statuses.set(s.txId, s.status));

    const outcome = new Map<string, SubmitResult>();
    const fresh = batch.filter((b) => {
      const id = b.checked.tx.id;
      const known = statuses.get(id);
      // Already decided valid: BigchainDB 2.x answers 400 DuplicateTransaction, and clients rely
      // on it. One still in the backlog or an undecided block is a safe re-post (202 again).
      if (known === 'valid')
        outcome.set(id, {
          ok: false,
          error: { code: 'DuplicateTransaction', message: `transaction \`${id}\` is already in the ledger` },
        });
      return known === undefined || known === 'invalid';
    });
    const freshTxs = fresh.map((b) => b.checked.tx);
    // What plugins' rules read besides the inputs is named first, so it is copied and read with them.
    const refs = await ctx.rules.references(freshTxs, store);
    const copied = pending.copyFor(freshTxs, spentTransactionIds, refs);
    // Their own ids are not looked up: the status read above says none of them is in a block.
    const ledger = await ctx.snapshot.prefetch(freshTxs, true, false, refs);
    const waiting = await ctx.snapshot.backlogInputs(
      freshTxs,
      (id) => copied.txs.has(id) || ledger.txs.has(id),
      refs,
    );
    const view = new LayeredLedgerView({
      pending: copied,
      ledger,
      countsTx: () => true,
      countsSpender: () => true,
      waiting,
      claimRules: ctx.rules.claims,
    });
    for (const { checked: c } of fresh) {
      const id = c.tx.id;
      if (outcome.has(id)) continue;
      const result = ctx.rules.validateTransaction(ctx.rulesCtx, c, view);
      if (result.ok) {
        view.accept(result.tx);
        outcome.set(id, { ok: true, tx: result.tx, status: 'backlog' });
      } else {
        outcome.set(id, result);
      }
    }
    const checkedById = new Map(fresh.map((b) => [b.checked.tx.id, b.checked]));
    const toAdd = view.accepted();
    // Tracked before the write, so that the next batch, checked while this one is written, sees
    // these inputs and spends; whatever the store does not take is untracked again. Tracked
    // whoever the assignee is: a transfer posted next must see its input even when another member
    // will put that input in a block (before, it got InputDoesNotExist).
    const tentative = toAdd.filter((tx) => !pending.has(tx.id));
    for (const tx of tentative) pending.track(tx);
    checked();
    if (toAdd.length > 0) {
      const assignees = toAdd.map((tx) => hooks.assigneeOf(tx.id));
      let added: BacklogAddOutcome[];
      try {
        added = await store.addToBacklog(toAdd.map((tx, i) => ({ tx, assignee: assignees[i]! })));
      } catch (err) {
        for (const tx of tentative) pending.untrack(tx.id);
        throw err;
      }
      const wasTentative = new Set(tentative.map((tx) => tx.id));
      added.forEach((a, i) => {
        const tx = toAdd[i] as SignedTransaction;
        ctx.phaseOne.remember(checkedById.get(tx.id)!);
        if (!a.added && wasTentative.has(tx.id)) pending.untrack(tx.id);
        if (a.added) ctx.events.emit('accepted', { id: tx.id, assignee: assignees[i]! });
        outcome.set(tx.id, { ok: true, tx, status: a.status });
      });
      hooks.accepted(toAdd.length);
    }
    for (const item of batch) {
      const id = item.checked.tx.id;
      item.resolve(
        outcome.get(id) ?? { ok: true, tx: item.checked.tx, status: statuses.get(id) ?? 'backlog' },
      );
    }
  }

  function waitForDecision(tx: SignedTransaction, status: TxStatusName): Promise<SubmitResult> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (r: SubmitResult) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        ctx.events.off('status', onStatus);
        resolve(r);
      };
      const onStatus = (e: TxStatusEvent) => {
        if (e.id === tx.id && (e.status === 'valid' || e.status === 'invalid'))
          finish({ ok: true, tx, status: e.status });
      };
      // Events only say what this process saw. The store has the last word: read it once the
      // listener is in place (the decision may have come between ingest and now, e.g. for a
      // resubmitted transaction) and again on timeout (another member may have rejected it).
      const fromStore = async (timedOut: boolean) => {
        const s = await hooks.getStatus(tx.id).catch(() => undefined);
        const now = s?.status ?? status;
        if (now === 'valid' || now === 'invalid') finish({ ok: true, tx, status: now });
        else if (timedOut) finish({ ok: true, tx, status: now, timedOut: true });
      };
      const timer = setTimeout(() => void fromStore(true), ctx.options.commitWaitMs ?? defaultCommitWaitMs);
      ctx.events.on('status', onStatus);
      void fromStore(false);
    });
  }

  return { submit, idle: () => flight.idle() };
}
