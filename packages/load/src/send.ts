import { HttpClient } from './http-client.js';
import { clientNow, type RunRecord } from './record.js';
import type { Workload } from './workload.js';

export type SendMode = 'async' | 'sync' | 'commit';

export interface SendOptions {
  /** API roots, e.g. `http://127.0.0.1:9984/api/v1`; stream `s` goes to target `s % targets.length`. */
  readonly targets: readonly string[];
  readonly workload: Workload;
  readonly record: RunRecord;
  /** Requests in flight at once, over all targets. */
  readonly concurrency: number;
  /**
   * Sockets per target (default: as many as requests in flight for `commit`, where each request
   * waits for a block; 8 otherwise, with the requests pipelined over them).
   */
  readonly connections?: number;
  /** Transactions per second to offer, over all targets; null = as fast as the nodes answer. */
  readonly rate: number | null;
  readonly mode: SendMode;
  /** Stop sending after this long (ms); the rest of the workload stays unsent. */
  readonly durationMs?: number | null;
  readonly onProgress?: (sent: number) => void;
}

export interface SendResult {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly requests: number;
  /** Connections and pipelining depth used per target. */
  readonly connections: number;
  readonly pipelining: number;
}

/**
 * Posts the workload's streams: `concurrency` senders each take the next stream and send it in
 * order, the next transaction only once the previous one was accepted. A refused transaction ends
 * its stream (what follows spends it), unless it is a deliberate conflict, whose refusal is its
 * expected fate; with several targets it goes to the next one. With `rate`, sends follow a shared
 * schedule per target.
 */
export async function sendWorkload(options: SendOptions): Promise<SendResult> {
  const { workload, record, targets } = options;
  const perTarget = Math.max(1, Math.round(options.concurrency / targets.length));
  const connections = Math.max(
    1,
    Math.min(perTarget, options.connections ?? (options.mode === 'commit' ? perTarget : 8)),
  );
  const pipelining = Math.ceil(perTarget / connections);
  const startedAt = clientNow();
  const stopAt = options.durationMs ? startedAt + options.durationMs : Infinity;
  let sent = 0;
  let requests = 0;
  const clients = targets.map((t) => new HttpClient(new URL(t).origin, { connections, pipelining }));
  const paths = targets.map(
    (t) => `${new URL(t).pathname.replace(/\/$/, '')}/transactions?mode=${options.mode}`,
  );
  try {
    await Promise.all(
      targets.map(async (_, t) => {
        const rate = options.rate === null ? null : options.rate / targets.length;
        let nextStream = t;
        let slot = 0;
        const sender = async () => {
          for (;;) {
            const s = nextStream;
            if (s >= workload.streams || clientNow() >= stopAt) return;
            nextStream += targets.length;
            for (let i = workload.streamStart[s]!; i < workload.streamStart[s + 1]!; i++) {
              if (rate !== null) {
                const wait = startedAt + (slot++ * 1000) / rate - clientNow();
                if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
              }
              if (clientNow() >= stopAt) return;
              record.sentAt[i] = clientNow();
              // With several nodes a conflict goes to the next one, so the double spend crosses members.
              const via = workload.conflict[i] === 1 ? (t + 1) % targets.length : t;
              const answer = await clients[via]!.request('POST', paths[via]!, workload.body(i));
              record.answeredAt[i] = clientNow();
              record.httpStatus[i] = answer.status;
              requests++;
              if (++sent % 1000 === 0) options.onProgress?.(sent);
              if (answer.status === 202) continue;
              record.refusal[i] = record.code(
                answer.status === 0 ? `request failed: ${answer.error}` : errorCode(answer),
              );
              if (workload.conflict[i] !== 1) break;
            }
          }
        };
        await Promise.all(Array.from({ length: perTarget }, sender));
      }),
    );
  } finally {
    for (const c of clients) c.close();
  }
  options.onProgress?.(sent);
  return { startedAt, endedAt: clientNow(), requests, connections, pipelining };
}

function errorCode(answer: { status: number; body: Buffer }): string {
  try {
    const code = (JSON.parse(answer.body.toString()) as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  } catch {
    // not JSON: the status says it
  }
  return `HTTP ${answer.status}`;
}
