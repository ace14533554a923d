// HTTP helpers for tests that drive real node processes: post, read, poll a transaction's fate,
// and read the findings a node logged (run with BIGCHAINDB_LOG_FORMAT=json).
import type { PostMode, SignedTransaction } from '@bigchaindb-ts/core';
import { waitFor, type NodeProcess } from '@bigchaindb-ts/testing';

/** The POST modes (core's wire type). */
export type Mode = PostMode;

export interface Answer {
  /** The HTTP status, or null when no answer came (the node is down or died mid-request). */
  readonly status: number | null;
  readonly body: Record<string, unknown> | null;
}

export async function postTx(url: string, tx: SignedTransaction, mode: Mode = 'async'): Promise<Answer> {
  return request(`${url}/api/v1/transactions?mode=${mode}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(tx),
  });
}

export async function getJson(url: string): Promise<Answer> {
  return request(url, {});
}

async function request(url: string, init: RequestInit): Promise<Answer> {
  try {
    const res = await fetch(url, init);
    const text = await res.text();
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = null;
    }
    return { status: res.status, body };
  } catch {
    return { status: null, body: null };
  }
}

/** The status record of a transaction on a node, or null (404 or no answer). */
export async function statusOn(url: string, id: string): Promise<Record<string, unknown> | null> {
  const a = await getJson(`${url}/api/v1/transactions/${id}/status`);
  return a.status === 200 ? a.body : null;
}

/** Polls until the node says the transaction is one of `wanted`; returns the status record. */
export async function waitForStatusOn(
  url: string,
  id: string,
  wanted: readonly string[],
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  let last: unknown;
  try {
    return await waitFor(
      `${id} to be ${wanted.join(' or ')} at ${url}`,
      async () => {
        const s = await statusOn(url, id);
        last = s?.status;
        return s && wanted.includes(String(s.status)) ? s : undefined;
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message} (last: ${String(last)})`, { cause: err });
  }
}

/** Polls until the transaction is decided (valid or invalid) on the node. */
export function decidedOn(url: string, id: string, timeoutMs?: number): Promise<Record<string, unknown>> {
  return waitForStatusOn(url, id, ['valid', 'invalid'], timeoutMs);
}

/** One finding a node logged (see FederationMonitor): its code and what it names. */
export interface LoggedFinding {
  readonly finding: string;
  readonly source: string;
  readonly block?: string;
  readonly key?: string;
  readonly tx?: string;
  readonly height?: number;
}

/** The findings in a node's JSON log so far. */
export function loggedFindings(node: NodeProcess): LoggedFinding[] {
  const out: LoggedFinding[] = [];
  for (const line of node.output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const rec = JSON.parse(line) as Record<string, unknown>;
      if (typeof rec.finding === 'string') out.push(rec as unknown as LoggedFinding);
    } catch {
      // a line cut by a kill -9
    }
  }
  return out;
}

/** Waits until the node has logged a finding that `match` accepts. */
export function waitForFinding(
  node: NodeProcess,
  what: string,
  match: (f: LoggedFinding) => boolean,
  timeoutMs = 30_000,
): Promise<LoggedFinding> {
  return waitFor(
    `${what} to be reported by ${node.url}`,
    () => Promise.resolve(loggedFindings(node).find(match)),
    timeoutMs,
  ).catch((err: unknown) => {
    // Say what the node did report, so a failure explains itself.
    const seen = loggedFindings(node).map((f) => `${f.source}:${f.finding}:${String(f.block ?? '-')}`);
    throw new Error(`${(err as Error).message}; it reported: ${seen.join(', ') || 'nothing'}`);
  });
}
