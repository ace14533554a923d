import {
  BlockFollower,
  LedgerBackend,
  pollOpenTransactions,
  scanReceived,
  type ScanReport,
} from '../backend/index.js';
import { Broadcaster, type BroadcastHooks } from '../broadcaster/index.js';
import type { WalletConfig } from '../config/index.js';
import { followPollMs, openTransactionPollMs, eventPollMs } from '../constants.js';
import { ConflictResolver, initializeDatabase, openDatabase, type Database } from '../db/index.js';
import {
  EventDispatcher,
  httpEventHandler,
  inProcessEventHandler,
  loadCallback,
  scriptEventHandler,
  type EventCallback,
  type EventHandler,
} from '../events/index.js';
import { Keystore } from '../keystore/index.js';
import { createLogger, type Logger } from '../log/index.js';
import { WalletBook, type CoinRules } from '../model/index.js';
import { Loop } from './loop.js';
import { isTransient } from './transient.js';

export interface CoinRuntime {
  readonly rules: CoinRules;
  readonly backend: LedgerBackend;
  readonly follower: BlockFollower;
  readonly broadcaster: Broadcaster;
}

export interface WalletServiceOptions {
  readonly log?: Logger;
  /** Fault points of the broadcaster (the crash tests). */
  readonly hooks?: BroadcastHooks;
  /** In-process event handlers given as functions (by handler name), instead of a `callback` module in the config. */
  readonly callbacks?: Readonly<Record<string, EventCallback>>;
}

/**
 * The wallet opened from its config: database (tables made if missing), keystore, books, and a
 * backend, follower and broadcaster per coin. `start()` runs the helper service's jobs; commands
 * and applications that only keep books use `book` without starting anything.
 */
export class WalletService {
  readonly loops: Loop[] = [];
  #servers: { close(): Promise<void> }[] = [];
  #subscriptions: { close(): void }[] = [];
  #fatal: ((subsystem: string, err: unknown) => void) | undefined;
  lastScan: Map<string, ScanReport> = new Map();
  startedAt: number | undefined;

  private constructor(
    readonly config: WalletConfig,
    readonly db: Database,
    readonly resolver: ConflictResolver,
    readonly keystore: Keystore,
    readonly book: WalletBook,
    readonly coins: ReadonlyMap<string, CoinRuntime>,
    readonly dispatcher: EventDispatcher,
    readonly log: Logger,
  ) {}

  static async open(config: WalletConfig, options: WalletServiceOptions = {}): Promise<WalletService> {
    const log = options.log ?? createLogger();
    const db = await openDatabase(config.database.target);
    try {
      await initializeDatabase(db);
      const resolver = new ConflictResolver(db, config.database.transactionRetries);
      const keystore = await Keystore.unlock(resolver, config.passphrase);
      const handlers: EventHandler[] = [];
      for (const e of config.events) {
        if (e.kind === 'http') handlers.push(httpEventHandler(e.name, e.url));
        else if (e.kind === 'script')
          handlers.push(scriptEventHandler(e.name, e.script, e.logOutput, log.child('events')));
        else
          handlers.push(
            inProcessEventHandler(
              e.name,
              options.callbacks?.[e.name] ?? (await loadCallback(e.callback, config.baseDir)),
            ),
          );
      }
      for (const name of Object.keys(options.callbacks ?? {}))
        if (!handlers.some((h) => h.name === name))
          handlers.push(inProcessEventHandler(name, options.callbacks![name]!));
      const rules = new Map([...config.coins].map(([name, c]) => [name, c.rules]));
      const book = new WalletBook(resolver, {
        now: Date.now,
        coins: rules,
        eventHandlers: handlers.map((h) => h.name),
        keystore,
      });
      const coins = new Map<string, CoinRuntime>();
      for (const [name, c] of config.coins) {
        const backend = new LedgerBackend(c.rules, c.urls);
        coins.set(name, {
          rules: c.rules,
          backend,
          follower: new BlockFollower(book, backend, log.child(`follow.${name}`)),
          broadcaster: new Broadcaster(
            book,
            backend,
            keystore,
            log.child(`broadcast.${name}`),
            options.hooks,
          ),
        });
      }
      const attemptsMax = Math.max(1, ...config.events.map((e) => e.attemptsMax));
      const dispatcher = new EventDispatcher(resolver, handlers, log.child('events'), { attemptsMax });
      return new WalletService(config, db, resolver, keystore, book, coins, dispatcher, log);
    } catch (err) {
      await db.close().catch(() => undefined);
      throw err;
    }
  }

  /** The helper service's jobs: follower, open-transaction poll, broadcaster, event delivery; then a rescan. */
  async start(onFatal: (subsystem: string, err: unknown) => void): Promise<void> {
    this.#fatal = onFatal;
    this.startedAt = Date.now();
    const loop = (name: string, periodMs: number, step: () => Promise<unknown>) => {
      const l = new Loop(name, periodMs, step, this.log, isTransient, (n, e) => this.#fatal?.(n, e));
      this.loops.push(l);
      return l;
    };
    const events = loop('events', eventPollMs, () => this.dispatcher.step());
    for (const [name, coin] of this.coins) {
      await coin.follower.start().catch((err: unknown) => {
        if (!isTransient(err)) throw err;
        this.log.warn('the node is not reachable yet; the follower starts when it is', {
          coin: name,
          error: err,
        });
      });
      const follow = loop(`follow.${name}`, followPollMs, async () => {
        await coin.follower.start();
        if ((await coin.follower.step()) > 0) events.kick();
      });
      loop(`confirmations.${name}`, openTransactionPollMs, async () => {
        if ((await pollOpenTransactions(this.book, coin.backend, this.log)) > 0) events.kick();
      });
      loop(`broadcast.${name}`, this.config.service.broadcastPeriodSeconds * 1000, async () => {
        await coin.broadcaster.cycle();
        follow.kick();
      });
      // The block stream only wakes the follower; polling goes on without it.
      this.#subscriptions.push(
        coin.backend.watchBlocks(
          () => follow.kick(),
          (err) => this.log.debug('block stream', { coin: name, error: err }),
        ),
      );
      loop(`rescan.${name}`, 24 * 3_600_000, async () => {
        await coin.follower.start();
        this.lastScan.set(
          name,
          await scanReceived(this.book, coin.backend, this.log.child(`rescan.${name}`)),
        );
        events.kick();
      });
    }
    for (const l of this.loops) l.start();
  }

  /** Adds a server (status, API) to be closed on stop. */
  addServer(server: { close(): Promise<void> }): void {
    this.#servers.push(server);
  }

  /** Clean shutdown: no new work, running jobs finish, servers close, the database closes. */
  async stop(): Promise<void> {
    for (const s of this.#subscriptions) s.close();
    await Promise.all(this.loops.map((l) => l.stop()));
    for (const s of this.#servers) await s.close().catch(() => undefined);
    await this.db.close();
  }
}
