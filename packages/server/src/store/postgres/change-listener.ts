import type { StoreChange, StoreSubscription } from '../types.js';
import { changeChannel } from './postgres-notify.js';

/**
 * The part of a `pg` Client a change listener uses. A listener needs a connection of its own for
 * as long as it listens (LISTEN is per session, and a pooled connection goes back to the pool),
 * so the store is given a factory for them.
 */
export interface PostgresListenClient {
  connect(): Promise<unknown>;
  query(sql: string): Promise<unknown>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  end(): Promise<void>;
}

/** Waits before reconnecting, doubling from the first to the last. */
const reconnectDelaysMs = [250, 500, 1_000, 2_000, 5_000];

const kinds = new Set<StoreChange['kind']>(['block', 'vote', 'decision', 'backlog', 'tamper']);

/** Reads a trigger's payload; anything unexpected is passed on as a `resync`, never dropped. */
export function parseChange(payload: string | undefined): StoreChange {
  try {
    const p = JSON.parse(payload ?? '') as { kind?: unknown; detail?: unknown; assignees?: unknown };
    if (typeof p.kind === 'string' && kinds.has(p.kind as StoreChange['kind'])) {
      const kind = p.kind as StoreChange['kind'];
      const detail = typeof p.detail === 'string' ? p.detail : undefined;
      if (kind !== 'backlog') return detail === undefined ? { kind } : { kind, detail };
      const assignees = Array.isArray(p.assignees) ? p.assignees.filter((a) => typeof a === 'string') : null;
      return { kind, assignees };
    }
  } catch {
    // fall through
  }
  return { kind: 'resync' };
}

/**
 * One dedicated connection that LISTENs on the change channel and reconnects when it drops.
 * After a reconnect it announces `resync`: notifications sent while it was away are lost, and
 * whoever listens must read the tables again (the node's pipelines poll anyway).
 */
export class ChangeListener implements StoreSubscription {
  #client: PostgresListenClient | undefined;
  #connected = false;
  #closed = false;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connect: () => PostgresListenClient,
    private readonly onChange: (change: StoreChange) => void,
  ) {}

  get live(): boolean {
    return this.#connected;
  }

  /** Connects once; when that fails the listener keeps retrying in the background. */
  async start(): Promise<void> {
    await this.#open(false);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    this.#connected = false;
    await client?.end().catch(() => undefined);
  }

  async #open(announce: boolean): Promise<void> {
    if (this.#closed) return;
    const client = this.connect();
    this.#client = client;
    client.on('notification', (m) => {
      if (m.channel === changeChannel) this.onChange(parseChange(m.payload));
    });
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${changeChannel}`);
    } catch {
      this.#lost(client);
      return;
    }
    if (this.#client !== client) return;
    this.#connected = true;
    this.#attempt = 0;
    if (announce) this.onChange({ kind: 'resync' });
  }

  #lost(client: PostgresListenClient): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.#connected = false;
    void client.end().catch(() => undefined);
    if (this.#closed) return;
    const delay = reconnectDelaysMs[Math.min(this.#attempt, reconnectDelaysMs.length - 1)]!;
    this.#attempt += 1;
    this.#timer = setTimeout(() => void this.#open(true), delay);
    this.#timer.unref();
  }
}
