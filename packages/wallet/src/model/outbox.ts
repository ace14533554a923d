import type { SqlSession } from '../db/index.js';

/**
 * Writes an event for every configured handler into the outbox, inside the caller's transaction:
 * it is committed with the change it reports or not at all, and delivered after the commit by the
 * dispatcher (events/), which retries until delivered or given up. A conflicted transaction that
 * runs again writes its events again, and the first run's are rolled back with it.
 */
export async function enqueueEvent(
  s: SqlSession,
  handlers: readonly string[],
  eventName: string,
  data: unknown,
  nowMs: number,
): Promise<void> {
  if (handlers.length === 0) return;
  const text = JSON.stringify(data);
  for (const handler of handlers) {
    await s.run(
      `INSERT INTO event_outbox (handler, event_name, data, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)`,
      [handler, eventName, text, nowMs, nowMs],
    );
  }
}
