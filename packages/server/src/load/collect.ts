import { Agent, request } from 'node:http';

export interface Fate {
  readonly id: string;
  /** `valid`/`invalid` when decided, `backlog`/`undecided` if still pending at the deadline, `missing` if unknown. */
  readonly status: string;
  readonly decidedAtMs?: number;
  readonly reasonCode?: string;
}

/**
 * Asks the node for the final status of every accepted transaction, after the load has been sent
 * (so the polling does not compete with the measured work), until each is decided or `timeoutMs`
 * passes. Decision times come from the node (`updated_at_ms`), so latency is measured where it happens.
 */
export async function collectFates(
  url: string,
  ids: readonly string[],
  options: { concurrency?: number; timeoutMs?: number; onProgress?: (decided: number) => void } = {},
): Promise<Fate[]> {
  const base = url.replace(/\/$/, '');
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency ?? 16 });
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const fates = new Map<string, Fate>();
  let pending = [...ids];
  while (pending.length > 0) {
    const still: string[] = [];
    let cursor = 0;
    const worker = async () => {
      for (;;) {
        const id = pending[cursor++];
        if (id === undefined) return;
        const fate = await getStatus(`${base}/transactions/${id}/status`, agent, id);
        fates.set(id, fate);
        if (fate.status !== 'valid' && fate.status !== 'invalid') still.push(id);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
    options.onProgress?.(ids.length - still.length);
    pending = still;
    if (pending.length === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  agent.destroy();
  return ids.map((id) => fates.get(id) ?? { id, status: 'missing' });
}

function getStatus(url: string, agent: Agent, id: string): Promise<Fate> {
  return new Promise((resolve) => {
    const req = request(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode === 404) return resolve({ id, status: 'missing' });
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString()) as {
            status: string;
            updated_at_ms?: number;
            reason_code?: string;
          };
          resolve({
            id,
            status: body.status,
            ...(body.updated_at_ms === undefined ? {} : { decidedAtMs: body.updated_at_ms }),
            ...(body.reason_code ? { reasonCode: body.reason_code } : {}),
          });
        } catch {
          resolve({ id, status: 'missing' });
        }
      });
    });
    req.on('error', () => resolve({ id, status: 'missing' }));
    req.end();
  });
}
