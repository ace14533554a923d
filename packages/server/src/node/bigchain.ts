import { RulesChain } from '../consensus/index.js';
import type { StoreChange } from '../store/index.js';
import { storeChangeSource, type ChangeSubscription } from './changes/index.js';
import { defaultWatchdogIntervalMs, livenessWindowMsMin } from './constants.js';
import { newTalliedValid, type BigchainOptions, type NodeContext } from './context.js';
import { NodeEvents } from './events.js';
import { createIngest, type Ingest } from './ingest/index.js';
import {
  FederationMonitor,
  MemberLiveness,
  reportTamperedRead,
  VoteChecks,
  Watchdog,
} from './integrity/index.js';
import { LedgerSnapshot, PendingPool } from './ledger/index.js';
import { federationMode, type ModeRuntime } from './modes/index.js';
import type { FederationReport, NodeService, PostMode, SubmitResult } from './node-service.js';
import { reloadBacklog } from './pipelines/index.js';
import { NodeReads } from './reads/index.js';
import { PhaseOne, StatelessValidator, type WorkerPoolStats } from './verify/index.js';

export type { BigchainOptions } from './context.js';

/**
 * One BigchainDB node: the seed's `Bigchain` (1.11.6) over a store. This class is lifecycle only:
 * it builds the node's state (`NodeContext`), ingest, the vetted reads and the consensus mode's
 * pipelines (docs/node-design.md), starts and stops them, and routes the changes its change source
 * announces. The pipelines live in `ingest/`, `pipelines/` and `modes/`, and never import it.
 *
 * Every pipeline works in batches and keeps no state that the store does not also hold, so a
 * `kill -9` at any point loses nothing that was acknowledged: the backlog, blocks, votes and
 * statuses are durable, and a restart resumes from them (unvoted blocks, undecided blocks, backlog).
 */
export class Bigchain implements NodeService {
  readonly publicKey: string;
  readonly keyring: readonly string[];
  readonly federation: readonly string[];
  readonly events: NodeEvents;
  readonly reads: NodeReads;
  readonly #ctx: NodeContext;
  readonly #ingest: Ingest;
  readonly #mode: ModeRuntime;
  #subscription: ChangeSubscription | undefined;
  #changesReceived = 0;
  #stopped = false;

  constructor(private readonly opts: BigchainOptions) {
    const { store, clock, logger } = opts;
    this.publicKey = opts.keypair.publicKey;
    this.keyring = [...opts.keyring];
    this.federation = [...new Set([this.publicKey, ...opts.keyring])].sort();
    this.events = new NodeEvents((err, event) =>
      logger.error({ err, event }, 'a listener of the node events failed'),
    );
    const monitor = new FederationMonitor(logger, clock, (finding) => this.events.emit('finding', finding));
    const votes = new VoteChecks(monitor);
    const watchdog = new Watchdog({
      store,
      audit: { federation: this.federation, voteQuorum: opts.voteQuorum, voteSigned: (v) => votes.signed(v) },
      monitor,
      logger,
      clock,
      intervalMs: opts.watchdogIntervalMs ?? defaultWatchdogIntervalMs,
    });
    const phaseOne = new PhaseOne(new StatelessValidator(opts.limits, opts.threads), clock);
    const talliedValid = newTalliedValid();
    const rules = RulesChain.of(opts.rules);
    this.#ctx = {
      options: opts,
      store,
      keypair: opts.keypair,
      publicKey: this.publicKey,
      federation: this.federation,
      sole: this.federation.length === 1,
      rules,
      rulesCtx: { federation: this.federation },
      clock,
      logger,
      events: this.events,
      phaseOne,
      pending: new PendingPool(rules.claims),
      snapshot: new LedgerSnapshot(
        store,
        phaseOne,
        (t, id) => reportTamperedRead(watchdog, t, id),
        rules.claims,
      ),
      monitor,
      watchdog,
      liveness: new MemberLiveness(
        this.publicKey,
        this.federation,
        clock,
        Math.max(opts.backlogReassignDelayMs, livenessWindowMsMin),
      ),
      votes,
      madeHere: new Set(),
      talliedValid,
      stopped: () => this.#stopped,
    };
    this.reads = new NodeReads({
      store,
      federation: this.federation,
      watchdog,
      monitor,
      votes,
      talliedValid,
      confirmations: (blockId) => this.#mode.confirmations?.(blockId),
    });
    this.#mode = (opts.mode ?? federationMode).create(this.#ctx, {
      isLive: () => this.#subscription?.live === true,
    });
    this.#ingest = createIngest(this.#ctx, {
      assigneeOf: (id) => this.#mode.assigneeOf(id),
      accepted: (count) => this.#mode.accepted(count),
      getStatus: (id) => this.reads.getStatus(id),
    });
  }

  /** The node's store: the feed follows it; tests and tools read it. The API reads through `reads`. */
  get store() {
    return this.opts.store;
  }

  /** What the node was built with (keys, rules, clock, limits, quorum): for the library API. */
  get options(): BigchainOptions {
    return this.opts;
  }

  /** The rules chain the node judges with. */
  get rules(): RulesChain {
    return this.#ctx.rules;
  }

  /** The consensus mode's name (`federation`). */
  get modeName(): string {
    return (this.opts.mode ?? federationMode).name;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Creates the genesis block if the ledger has none, reloads the backlog and resumes every pipeline. */
  async start(): Promise<void> {
    const { store, logger } = this.opts;
    await this.#mode.resume();
    await reloadBacklog(this.#ctx);
    const backlog = await store.countBacklog(this.publicKey);
    logger.info(
      { federation: this.federation.length, backlog, mode: this.modeName },
      `node ${this.publicKey} started`,
    );
    // Other members' writes are announced (PostgreSQL); the mode's polls catch whatever a missed
    // notification would have said, so nothing depends on notifications alone.
    const source = this.opts.changeSource ?? storeChangeSource(store);
    this.#subscription = await source.listen((change) => this.#onChange(change));
    this.#ctx.watchdog.start();
    this.#mode.run();
  }

  /** Stops the pipelines after their current batch, then closes the validator (not the store). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#subscription?.close();
    await this.#ctx.watchdog.stop();
    await this.#ingest.idle();
    await this.#mode.stop();
    await this.#ctx.phaseOne.close();
  }

  /** Waits until every pipeline is idle: for tests and orderly shutdown. */
  async settle(): Promise<void> {
    await this.#ingest.idle();
    await this.#mode.settle();
  }

  /** Routes a change to whoever it concerns; the change itself is never trusted, only read again. */
  #onChange(change: StoreChange): void {
    this.#changesReceived += 1;
    if (change.kind === 'tamper' || change.kind === 'resync') this.#ctx.watchdog.kick();
    this.#mode.onChange(change);
  }

  // ---------------------------------------------------------------- the port

  submit(text: string, mode: PostMode): Promise<SubmitResult> {
    return this.#ingest.submit(text, mode);
  }

  /** The member that should put a transaction in a block (the consensus mode decides). */
  assigneeOf(txId: string): string {
    return this.#mode.assigneeOf(txId);
  }

  /**
   * One round of the stale-backlog monitor now (it also runs on a timer): gives transactions
   * that waited longer than `backlogReassignDelayMs` for their assignee to another member.
   * Returns how many moved. Public so tests with a manual clock can run it deterministically.
   */
  runStaleMonitor(): Promise<number> {
    return this.#mode.runStaleMonitor();
  }

  /** Runs a watchdog pass now and resolves when it is done: for tests and tools. */
  async runWatchdog(): Promise<void> {
    await this.#ctx.watchdog.runPass();
  }

  /** Checks the pending pool's invariant (tests). */
  assertPendingConsistent(): void {
    this.#ctx.pending.assertConsistent();
  }

  /**
   * The federation as this node sees it, for operators and the API: members and how far each has
   * voted, whether change notifications are live, what was ignored (blocks and votes from keys
   * outside the federation or with bad signatures) and what the watchdog found altered.
   */
  /** The signature-verification worker pool's load now (queued, in flight, busy workers): for metrics. */
  verifyPoolStats(): WorkerPoolStats {
    return this.#ctx.phaseOne.poolStats();
  }

  federationReport(): FederationReport {
    const { monitor, watchdog, liveness } = this.#ctx;
    return {
      publicKey: this.publicKey,
      federation: this.federation,
      voteQuorum: this.opts.voteQuorum,
      notifications: { live: this.#subscription?.live === true, received: this.#changesReceived },
      members: liveness.states(),
      findings: monitor.summary(),
      watchdog: watchdog.report(),
    };
  }
}
