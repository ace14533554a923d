import { eventAttemptsMaxDefault, eventRetryBaseMs, eventRetryCapMs } from '../constants.js';
import type { ConflictResolver } from '../db/index.js';
import { idText } from '../db/index.js';
import type { Logger } from '../log/index.js';
import type { EventHandler } from './handlers.js';

export interface DispatcherOptions {
  readonly attemptsMax?: number;
  readonly retryBaseMs?: number;
  readonly retryCapMs?: number;
  readonly now?: () => number;
}

/**
 * Delivers the outbox: for each handler, its events in the order they were committed. A failed
 * delivery is retried after 0.5 s, 1 s, 2 s, ... (capped at a minute) and the handler's later
 * events wait behind it, so a receiver sees them in order; after `attemptsMax` failures the event
 * is given up (logged at error, kept in the table with `gave_up_at`). Delivery is at least once:
 * a crash between delivering and recording it delivers it again, so receivers should key on
 * (`transaction`, `confirmations`). Nothing here runs inside a database transaction.
 */
export class EventDispatcher {
  readonly #attemptsMax: number;
  readonly #baseMs: number;
  readonly #capMs: number;
  readonly #now: () => number;

  constructor(
    readonly resolver: ConflictResolver,
    readonly handlers: readonly EventHandler[],
    readonly log: Logger,
    options: DispatcherOptions = {},
  ) {
    this.#attemptsMax = options.attemptsMax ?? eventAttemptsMaxDefault;
    this.#baseMs = options.retryBaseMs ?? eventRetryBaseMs;
    this.#capMs = options.retryCapMs ?? eventRetryCapMs;
    this.#now = options.now ?? Date.now;
  }

  /** Delivers what is due for every handler; returns how many were delivered. */
  async step(): Promise<number> {
    let delivered = 0;
    for (const handler of this.handlers) delivered += await this.#drain(handler);
    return delivered;
  }

  async #drain(handler: EventHandler): Promise<number> {
    let delivered = 0;
    for (;;) {
      const head = await this.resolver.read((s) =>
        s.get(
          `SELECT id, event_name, data, attempts, next_attempt_at FROM event_outbox
           WHERE handler = ? AND delivered_at IS NULL AND gave_up_at IS NULL ORDER BY id LIMIT 1`,
          [handler.name],
        ),
      );
      if (head === undefined || Number(head.next_attempt_at) > this.#now()) return delivered;
      const id = idText(head.id);
      const attempts = Number(head.attempts) + 1;
      try {
        await handler.deliver(String(head.event_name), String(head.data));
      } catch (err) {
        const giveUp = attempts >= this.#attemptsMax;
        const waitMs = Math.min(this.#capMs, this.#baseMs * 2 ** (attempts - 1));
        const now = this.#now();
        await this.resolver.managedTransaction((s) =>
          s.run(
            `UPDATE event_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, gave_up_at = ? WHERE id = ?`,
            [
              attempts,
              now + waitMs,
              String((err as Error).message ?? err).slice(0, 500),
              giveUp ? now : null,
              Number(id),
            ],
          ),
        );
        if (giveUp)
          this.log.error('event given up after its last attempt', {
            handler: handler.name,
            event: id,
            attempts,
            error: err,
          });
        else
          this.log.warn('event delivery failed; retrying', {
            handler: handler.name,
            event: id,
            attempts,
            retry_in_ms: waitMs,
            error: err,
          });
        if (!giveUp) return delivered;
        continue;
      }
      await this.resolver.managedTransaction((s) =>
        s.run(`UPDATE event_outbox SET attempts = ?, delivered_at = ? WHERE id = ?`, [
          attempts,
          this.#now(),
          Number(id),
        ]),
      );
      delivered += 1;
    }
  }

  /** Events still waiting (for the status page). */
  async backlog(): Promise<number> {
    const row = await this.resolver.read((s) =>
      s.get<{ n: unknown }>(
        `SELECT COUNT(*) AS n FROM event_outbox WHERE delivered_at IS NULL AND gave_up_at IS NULL`,
      ),
    );
    return Number(row?.n ?? 0);
  }
}
