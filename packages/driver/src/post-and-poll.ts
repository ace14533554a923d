// Posting a transaction with idempotent retries, and waiting for its fate: the two calls of
// Connection that are more than one request.
import { transactionStates, type SignedTransaction } from '@bigchaindb-ts/core';
import type { PostMode, TransactionState, TransactionStatus } from './api-types.js';
import type { CallOptions, PollOptions, PollResult, Submitted } from './connection-types.js';
import { delay } from './delay.js';
import { HttpError, TimeoutError, isRetryable } from './errors.js';
import type { Failover } from './failover.js';
import * as limits from './limits.js';
import type { NodeTarget } from './node-spec.js';

/**
 * Posts `tx` with failover. When an attempt's outcome is unknown (network error, timeout, 5xx),
 * the next attempt first asks its node for the transaction's status by id, and resolves without
 * re-sending if that already gives what `mode` waits for (see Connection.postTransaction).
 */
export async function submitTransaction<T extends SignedTransaction>(
  failover: Failover,
  tx: T,
  mode: PostMode,
  options: CallOptions,
): Promise<Submitted<T>> {
  const timeoutMs =
    options.timeoutMs ?? (mode === 'commit' ? failover.commitTimeoutMs : failover.requestTimeoutMs);
  const id = typeof tx.id === 'string' ? tx.id : undefined;
  let outcomeUnknown = false;
  return failover.call(options, async (node, deadline) => {
    if (outcomeUnknown && id !== undefined) {
      const known = await statusOn(failover, node, id, deadline);
      if (known !== undefined && statusSatisfies(known.status, mode)) {
        return { transaction: tx, status: known.status };
      }
    }
    try {
      const reply = await failover.send(
        node,
        { method: 'POST', path: '/transactions', query: { mode }, body: tx, timeoutMs },
        deadline,
      );
      const status = reply.headers.get('x-transaction-status');
      return { transaction: reply.json as T, status: isTransactionState(status) ? status : null };
    } catch (err) {
      if (isRetryable(err)) outcomeUnknown = true;
      throw err;
    }
  });
}

/** The reads a poll makes: the connection's own methods, each with failover. */
export interface StatusReads {
  getStatus(id: string, options?: CallOptions): Promise<TransactionStatus>;
  getTransaction(id: string, options?: CallOptions): Promise<SignedTransaction>;
}

/**
 * Polls the status until the transaction is decided; when valid, fetches it. A 404 counts as
 * "not there yet". Throws TimeoutError when `timeoutMs` passes first.
 */
export async function pollStatusAndFetch(
  reads: StatusReads,
  id: string,
  options: PollOptions,
): Promise<PollResult> {
  const intervalMs = options.intervalMs ?? limits.pollIntervalMs;
  const timeoutMs = options.timeoutMs ?? limits.pollTimeoutMs;
  const deadline = Date.now() + timeoutMs;
  let last: TransactionStatus | undefined;
  const timedOut = (cause?: unknown) =>
    new TimeoutError(
      `transaction ${id} not decided within ${timeoutMs} ms (last status: ${last?.status ?? 'unknown'})`,
      { timeoutMs, cause },
    );
  for (;;) {
    const callTimeoutMs = Math.max(1, deadline - Date.now());
    try {
      last = await reads.getStatus(id, { callTimeoutMs });
      if (last.status === 'invalid') return { status: 'invalid', record: last };
      if (last.status === 'valid') {
        const transaction = await reads.getTransaction(id, { callTimeoutMs });
        return { status: 'valid', record: last, transaction };
      }
    } catch (err) {
      // A request cut short by the poll's own deadline is the poll timing out.
      if (err instanceof TimeoutError && Date.now() >= deadline) throw timedOut(err);
      if (!(err instanceof HttpError && err.status === 404)) throw err;
    }
    if (Date.now() + intervalMs > deadline) throw timedOut();
    await delay(intervalMs);
  }
}

/** The status of a transaction on one node (no failover: used inside an attempt). Undefined on 404. */
async function statusOn(
  failover: Failover,
  node: NodeTarget,
  id: string,
  deadline: number,
): Promise<TransactionStatus | undefined> {
  try {
    const path = `/transactions/${encodeURIComponent(id)}/status`;
    const reply = await failover.send(
      node,
      { method: 'GET', path, timeoutMs: failover.requestTimeoutMs },
      deadline,
    );
    return reply.json as TransactionStatus;
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) return undefined;
    throw err;
  }
}

function isTransactionState(s: string | null): s is TransactionState {
  return s !== null && (transactionStates as readonly string[]).includes(s);
}

/** Whether a known status already gives what a post in `mode` waits for. `invalid` never does: re-posting gets the reason. */
function statusSatisfies(status: TransactionStatus['status'], mode: PostMode): boolean {
  if (status === 'valid') return true;
  return mode !== 'commit' && (status === 'backlog' || status === 'undecided');
}
