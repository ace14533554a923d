import { Agent, request } from 'node:http';
import type { SignedTransaction } from '@bigchaindb-ts/core';
import type { Stream } from './workload.js';

/** What happened to one transaction on its way in. */
export interface Sent {
  readonly id: string;
  readonly sentAtMs: number;
  readonly answeredAtMs: number;
  /** HTTP status of the POST, or 0 when the request failed. */
  readonly httpStatus: number;
  readonly errorCode?: string;
}

export interface LoadRunOptions {
  /** API root, e.g. `http://127.0.0.1:9984/api/v1`. */
  readonly url: string;
  readonly streams: readonly Stream[];
  readonly concurrency: number;
  /** Transactions per second to aim for; null = as fast as the node answers. */
  readonly rate: number | null;
  readonly mode: 'async' | 'sync' | 'commit';
  readonly onProgress?: (done: number) => void;
  readonly nowMs?: () => number;
}

/**
 * Posts the streams over keep-alive HTTP with `concurrency` requests in flight: each client takes
 * the next stream and sends it in order (a chain's next TRANSFER only after the previous was
 * accepted). With `rate`, sends are paced by a shared schedule. Bodies are serialized up front.
 */
export async function runLoad(options: LoadRunOptions): Promise<Sent[]> {
  const now = options.nowMs ?? (() => Date.now());
  const endpoint = new URL(`${options.url.replace(/\/$/, '')}/transactions?mode=${options.mode}`);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const queue = options.streams.map((s) => s.map((tx) => ({ tx, body: JSON.stringify(tx) })));
  const results: Sent[] = [];
  const start = now();
  let next = 0;
  let sentCount = 0;
  const client = async () => {
    for (;;) {
      const stream = queue[next++];
      if (!stream) return;
      for (const { tx, body } of stream) {
        if (options.rate !== null) {
          const due = start + (sentCount * 1000) / options.rate;
          sentCount++;
          const wait = due - now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        const res = await post(endpoint, agent, tx, body, now);
        results.push(res);
        options.onProgress?.(results.length);
        if (res.httpStatus !== 202) break; // the rest of a broken chain cannot be valid
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  agent.destroy();
  return results;
}

function post(url: URL, agent: Agent, tx: SignedTransaction, body: string, now: () => number): Promise<Sent> {
  const sentAtMs = now();
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          let errorCode: string | undefined;
          if (status !== 202) {
            try {
              errorCode = (JSON.parse(Buffer.concat(chunks).toString()) as { code?: string }).code;
            } catch {
              errorCode = 'UnreadableAnswer';
            }
          }
          resolve({
            id: tx.id,
            sentAtMs,
            answeredAtMs: now(),
            httpStatus: status,
            ...(errorCode ? { errorCode } : {}),
          });
        });
      },
    );
    req.on('error', (err) =>
      resolve({ id: tx.id, sentAtMs, answeredAtMs: now(), httpStatus: 0, errorCode: err.message }),
    );
    req.end(body);
  });
}
