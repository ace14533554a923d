import { EventEmitter } from 'node:events';
import {
  BoundedCache,
  inputLinks,
  spentTransactionIds,
  transactionId,
  ValidationError,
  type CheckedTransaction,
  type Keypair,
  type LedgerView,
  type Limits,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import type { Logger } from 'pino';
import { BlockValidationError, type ConsensusRules, type RulesContext } from '../consensus/index.js';
import type { NodeService, PostMode, StatusRecord, SubmitResult, TxStatus } from '../http/node-service.js';
import {
  checkBlockSignature,
  checkVoteSignature,
  createBlock,
  createGenesisBlock,
  createVote,
  tallyVotes,
  unixTimestamp,
  type Clock,
  type Vote,
  type VoteQuorum,
} from '../model/index.js';
import {
  blockPositionsMax,
  ConflictError,
  type BacklogAddOutcome,
  type LedgerTransaction,
  type Spender,
  type Store,
  type StoreChange,
  type StoredBlock,
  type StoreSubscription,
} from '../store/index.js';
import { FederationMonitor, type FindingsReport } from './federation-monitor.js';
import { linkKey, outputKey } from './ledger-maps.js';
import { MemberLiveness, type MemberState } from './member-liveness.js';
import { Watchdog, type WatchdogReport } from './watchdog.js';
import { SingleFlight } from './single-flight.js';
import { StatelessValidator } from './stateless-validator.js';

export interface BigchainOptions {
  readonly store: Store;
  readonly keypair: Keypair;
  /** The other federation members' public keys. */
  readonly keyring: readonly string[];
  readonly rules: ConsensusRules;
  readonly clock: Clock;
  readonly limits: Limits;
  readonly logger: Logger;
  /** Worker threads for signature checks; 0 validates on the main thread. */
  readonly threads: number;
  readonly blockTxCountMax: number;
  readonly flushIntervalMs: number;
  readonly backlogReassignDelayMs: number;
  readonly voteQuorum: VoteQuorum;
  /** How long `mode=commit` waits for the block's decision before answering with the status so far. */
  readonly commitWaitMs?: number;
  /**
   * How often the node looks for blocks and votes written by other members. With live change
   * notifications (PostgreSQL) this poll is only the fallback for missed ones, and runs 4× slower.
   */
  readonly pollIntervalMs?: number;
  /** How often the watchdog re-checks the stored chain (it also runs at start and on tamper notifications). */
  readonly watchdogIntervalMs?: number;
}

/** What a node knows of its federation's health: see `Bigchain.federationReport`. */
export interface FederationReport {
  readonly publicKey: string;
  readonly federation: readonly string[];
  readonly voteQuorum: VoteQuorum;
  /** Whether the store announces other members' writes (else the node only polls), and how many came. */
  readonly notifications: { readonly live: boolean; readonly received: number };
  readonly members: readonly MemberState[];
  /** Blocks and votes ignored, and stored data found altered, by code. */
  readonly findings: FindingsReport;
  readonly watchdog: WatchdogReport;
}

/** Events: `tx` ({ id, status, reasonCode?, reason? }) and `block` ({ id, height, status }). */
export interface TxEvent {
  readonly id: string;
  readonly status: TxStatus;
  readonly reasonCode?: string;
  readonly reason?: string;
  readonly blockId?: string;
  readonly height?: number;
}
export interface BlockEvent {
  readonly id: string;
  readonly height: number;
  readonly status: 'valid' | 'invalid';
  readonly transactionIds: readonly string[];
}

interface IngestItem {
  readonly checked: CheckedTransaction;
  readonly resolve: (r: SubmitResult) => void;
  readonly reject: (e: unknown) => void;
}

/** How many votes back a restarted node looks for blocks it voted on but whose election it has not seen. */
const restartElectionWindowBlocks = 200;
const ingestBatchMax = 1000;
/** Checked ingest batches whose backlog write may be in flight at once. */
const ingestWritesInFlightMax = 4;
/** Under a steady stream of transactions, a block waits at most this many flush intervals to fill. */
const blockHoldFactor = 10;
/** Phase-1 results kept for reuse (about 1-2 KB each). */
const checkedCacheSize = 20_000;
/** Blocks per page when scanning the chain (the store's `blockPageSizeMax`). */
const blockPageSize = 100;
/** Vote signatures remembered as checked: the election reads every undecided block's votes on each poll. */
const voteChecksCacheSize = 20_000;
/** With live notifications, the fallback polls run this many times slower. */
const liveFallbackFactor = 4;
/** What a valid status becomes when the block behind it fails this node's checks. */
export const tamperedReasonCode = 'Tampered';

/**
 * One BigchainDB node: the seed's `Bigchain` class (1.11.6) over a store, and the pipelines of
 * docs/node-design.md: ingest → backlog → block → vote → election, plus the stale-backlog monitor.
 *
 * Every pipeline works in batches and keeps no state that the store does not also hold, so a
 * `kill -9` at any point loses nothing that was acknowledged: the backlog, blocks, votes and
 * statuses are durable, and a restart resumes from them (unvoted blocks, undecided blocks, backlog).
 */
export class Bigchain extends EventEmitter implements NodeService {
  readonly publicKey: string;
  readonly keyring: readonly string[];
  /** The federation: keyring plus this node, sorted, as blocks list their voters. */
  readonly federation: readonly string[];
  /** Alone in the federation: its own vote decides its blocks (see `makeBlock`). */
  private readonly sole: boolean;

  private readonly validator: StatelessValidator;
  private readonly rulesCtx: RulesContext;
  /**
   * Phase-1 results of transactions this process verified recently, so that making a block or
   * voting on one never verifies a signature twice. Bounded; a miss only costs a re-verification.
   * Results that depend on the clock (timeouts) are not reused.
   */
  private readonly checked = new BoundedCache<string, CheckedTransaction>(checkedCacheSize);
  /** Blocks this process made (and so validated) itself. */
  private readonly madeHere = new Set<string>();
  /**
   * Backlog transactions accepted here (whichever member they are assigned to) and the outputs
   * they spend: ingest's view of what is not in a block yet, so a client can post a transfer right
   * after the transaction it spends. Dropped once in a block (written or voted on here) or rejected.
   */
  private readonly pendingTxs = new Map<string, SignedTransaction>();
  private readonly pendingSpends = new Map<string, string>();
  /** Blocks voted on but not yet decided, by id. */
  private readonly undecided = new Map<string, StoredBlock>();
  private lastVotedBlockId: string | null = null;
  private lastVotedHeight = -1;
  /** What the next run of the vote pipeline is to do (see `wakeVoting`). */
  private voteWanted = false;
  private electWanted = false;
  private fullVoteScan = false;
  /** Ignored blocks and votes, and the watchdog's findings: counted, logged once each. */
  private readonly monitor: FederationMonitor;
  private readonly watchdog: Watchdog;
  private readonly liveness: MemberLiveness;
  /** Vote signatures checked by this process: key → verified. */
  private readonly voteChecks = new BoundedCache<string, boolean>(voteChecksCacheSize);
  /**
   * Blocks this node itself counted a valid quorum for (its judgment and signature checks came
   * first, when it voted): reads serve them without asking the watchdog to verify them again.
   * Later edits are the watchdog's to find (a `tamper` notification, or its next pass), and a
   * flagged block is never served, whatever this says.
   */
  private readonly talliedValid = new BoundedCache<string, true>(checkedCacheSize);
  private subscription: StoreSubscription | undefined;
  private changesReceived = 0;
  /** Set by whatever may have given this node backlog to put in a block; cleared when the block pipeline runs. */
  private backlogDirty = true;
  /** This node's latest block while it is undecided, and since when (see `makeBlocks`). */
  private ownUndecided: string | null = null;
  private ownUndecidedSinceMs = 0;

  private ingestQueue: IngestItem[] = [];
  /** Backlog writes of checked batches, still in flight (see `flushIngest`). */
  private readonly ingestWrites = new Set<Promise<void>>();
  private ingestScheduled = false;
  /** Transactions accepted since the block pipeline last ran (decides when a full block is due). */
  private acceptedSinceBlock = 0;
  /** When the first and the latest of those were accepted (real time; see `makeBlocks`). */
  private firstAcceptedAtMs = 0;
  private lastAcceptedAtMs = 0;
  private readonly ingestFlight: SingleFlight;
  private readonly blockFlight: SingleFlight;
  private readonly voteFlight: SingleFlight;
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(private readonly opts: BigchainOptions) {
    super();
    this.setMaxListeners(0);
    this.publicKey = opts.keypair.publicKey;
    this.keyring = [...opts.keyring];
    this.federation = [...new Set([this.publicKey, ...opts.keyring])].sort();
    this.sole = this.federation.length === 1;
    this.rulesCtx = { federation: this.federation };
    this.validator = new StatelessValidator(opts.limits, opts.threads);
    this.monitor = new FederationMonitor(opts.logger, opts.clock);
    this.watchdog = new Watchdog({
      store: opts.store,
      audit: {
        federation: this.federation,
        voteQuorum: opts.voteQuorum,
        voteSigned: (v) => this.voteSigned(v),
      },
      monitor: this.monitor,
      logger: opts.logger,
      clock: opts.clock,
      intervalMs: opts.watchdogIntervalMs ?? 60_000,
    });
    this.liveness = new MemberLiveness(
      this.publicKey,
      this.federation,
      opts.clock,
      Math.max(opts.backlogReassignDelayMs, 1000),
    );
    const onError = (what: string) => (err: unknown) => opts.logger.error({ err }, `${what} failed`);
    this.ingestFlight = new SingleFlight(() => this.flushIngest(), onError('ingest'));
    this.blockFlight = new SingleFlight(() => this.makeBlocks(), onError('block pipeline'));
    this.voteFlight = new SingleFlight(() => this.voteAndElect(), onError('vote pipeline'));
  }

  get store(): Store {
    return this.opts.store;
  }

  /** What the node was built with (keys, rules, clock, limits, quorum): for the library API. */
  get options(): BigchainOptions {
    return this.opts;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Creates the genesis block if the ledger has none, reloads the backlog and resumes every pipeline. */
  async start(): Promise<void> {
    const { store, logger } = this.opts;
    if ((await store.latestHeight()) === null) {
      const genesis = createGenesisBlock(this.opts.keypair, this.federation, unixTimestamp(this.opts.clock));
      // Members starting together on a new database: the first genesis written is the chain's.
      const { height, created } = await store.writeBlock(genesis, { onlyFirst: true });
      if (created) {
        this.madeHere.add(genesis.id);
        logger.info({ block: genesis.id, height }, 'wrote the genesis block');
      }
    }
    const last = await store.getLastVotedBlock(this.publicKey);
    this.lastVotedBlockId = last?.block.id ?? null;
    this.lastVotedHeight = last?.height ?? -1;
    // Blocks this node voted on shortly before stopping may still be undecided: pick them up again.
    let from = Math.max(-1, (last?.height ?? -1) - restartElectionWindowBlocks);
    for (;;) {
      const page = await store.getBlocksAfter(from, blockPageSize);
      for (const b of page) if (b.status === 'undecided') this.undecided.set(b.block.id, b);
      if (page.length < blockPageSize) break;
      from = page[page.length - 1]!.height;
    }
    await this.reloadBacklog();
    const backlog = await store.countBacklog(this.publicKey);
    logger.info(
      { federation: this.federation.length, backlog, undecided: this.undecided.size },
      `node ${this.publicKey} started`,
    );
    // Other members' writes are announced (PostgreSQL); the polls below catch whatever a missed
    // notification would have said, so nothing depends on notifications alone.
    this.subscription = await store.listen((change) => this.onStoreChange(change));
    const pollMs = this.opts.pollIntervalMs ?? 250;
    const flushMs = Math.max(this.opts.flushIntervalMs, 5);
    this.timers.push(
      this.fallbackTimer(
        flushMs,
        pollMs * liveFallbackFactor,
        () => this.backlogDirty,
        () => this.blockFlight.kick(),
      ),
    );
    this.timers.push(
      this.fallbackTimer(
        pollMs,
        pollMs * liveFallbackFactor,
        () => false,
        () => this.wakeVoting({ vote: true, elect: true, full: true }),
      ),
    );
    const reassignEveryMs = Math.max(1000, this.opts.backlogReassignDelayMs / 2);
    this.timers.push(
      setInterval(() => void this.reassignStale().catch(this.logError('stale monitor')), reassignEveryMs),
    );
    for (const t of this.timers) t.unref();
    this.watchdog.start();
    this.wakeVoting({ vote: true, elect: true, full: true });
    this.blockFlight.kick();
  }

  /**
   * Asks the vote pipeline for a run: `vote` looks for blocks to vote on (`full`: from the start
   * of the chain, not only above the last one voted on), `elect` tallies. Notifications ask only
   * for what they concern, which halves the queries a federation's chatter costs.
   */
  private wakeVoting(what: { vote?: boolean; elect?: boolean; full?: boolean }): void {
    if (what.vote) this.voteWanted = true;
    if (what.elect) this.electWanted = true;
    if (what.full) this.fullVoteScan = true;
    this.voteFlight.kick();
  }

  /**
   * A timer that runs `fn` every `fastMs` while the store's notifications are not live, and only
   * every `slowMs` when they are, unless `due()` says there is work (notifications set it).
   */
  private fallbackTimer(fastMs: number, slowMs: number, due: () => boolean, fn: () => void): NodeJS.Timeout {
    let last = 0;
    return setInterval(() => {
      const now = Date.now();
      if (this.subscription?.live === true && !due() && now - last < slowMs) return;
      last = now;
      fn();
    }, fastMs);
  }

  /** Kicks the pipeline a change concerns; the change itself is never trusted, only read again. */
  private onStoreChange(change: StoreChange): void {
    this.changesReceived += 1;
    switch (change.kind) {
      case 'block':
        this.wakeVoting({ vote: true });
        return;
      case 'vote':
        this.wakeVoting({ elect: true });
        return;
      case 'decision':
        // A decided block may free transactions waiting on its outputs.
        this.backlogDirty = true;
        this.wakeVoting({ elect: true });
        return;
      case 'backlog':
        if (change.assignees == null || change.assignees.includes(this.publicKey)) this.backlogDirty = true;
        return;
      case 'tamper':
        this.watchdog.kick();
        return;
      case 'resync':
        this.backlogDirty = true;
        this.wakeVoting({ vote: true, elect: true, full: true });
        this.watchdog.kick();
        return;
    }
  }

  /** Stops the pipelines after their current batch, then closes the validator (not the store). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.subscription?.close();
    await this.watchdog.stop();
    await this.ingestFlight.idle();
    await this.blockFlight.idle();
    await this.voteFlight.idle();
    await this.validator.close();
  }

  private logError(what: string) {
    return (err: unknown) => this.opts.logger.error({ err }, `${what} failed`);
  }

  private async reloadBacklog(): Promise<void> {
    for (const item of await this.opts.store.takeBacklog(this.publicKey, 10_000)) this.trackPending(item.tx);
  }

  private trackPending(tx: SignedTransaction): void {
    this.pendingTxs.set(tx.id, tx);
    for (const link of inputLinks(tx)) this.pendingSpends.set(linkKey(link), tx.id);
  }

  private untrackPending(id: string): void {
    const tx = this.pendingTxs.get(id);
    if (!tx) return;
    this.pendingTxs.delete(id);
    for (const link of inputLinks(tx)) {
      const key = linkKey(link);
      if (this.pendingSpends.get(key) === id) this.pendingSpends.delete(key);
    }
  }

  /**
   * The member that should put a transaction in a block: spread by id over the members that keep
   * up with voting (a member that stopped voting gets nothing new until it votes again; what it
   * holds is moved by the stale monitor). The same on every node while they agree on who is up.
   */
  assigneeOf(txId: string): string {
    const live = this.liveness.live();
    const members = live.length > 0 ? live : this.federation;
    return members[parseInt(txId.slice(0, 8), 16) % members.length] as string;
  }

  // ---------------------------------------------------------------- ingest

  async submit(text: string, mode: PostMode): Promise<SubmitResult> {
    if (this.stopped) throw new Error('the node is stopping');
    const res = await this.validator.validate(text, this.opts.clock.nowMs());
    if (!res.ok) return { ok: false, error: new ValidationError(res.code, res.message) };
    const accepted = await new Promise<SubmitResult>((resolve, reject) => {
      this.ingestQueue.push({ checked: res.checked, resolve, reject });
      this.scheduleIngest();
    });
    if (!accepted.ok || mode !== 'commit' || accepted.status === 'valid' || accepted.status === 'invalid') {
      return accepted;
    }
    return this.waitForDecision(accepted.tx, accepted.status);
  }

  private scheduleIngest(): void {
    if (this.ingestQueue.length >= ingestBatchMax) {
      this.ingestFlight.kick();
      return;
    }
    if (this.ingestScheduled) return;
    this.ingestScheduled = true;
    // One tick lets concurrent requests join the batch: one status query, one prefetch and one
    // durable backlog write for all of them.
    setImmediate(() => {
      this.ingestScheduled = false;
      this.ingestFlight.kick();
    });
  }

  private async flushIngest(): Promise<void> {
    while (this.ingestQueue.length > 0) {
      // The checks of batches run one after another; the durable backlog write of one batch
      // overlaps the checks of the next (a few at most), since each waits its turn at the store's
      // writer, which may be committing a block.
      while (this.ingestWrites.size >= ingestWritesInFlightMax) await Promise.race(this.ingestWrites);
      const batch = this.ingestQueue.splice(0, ingestBatchMax);
      await new Promise<void>((checked) => {
        const write = this.ingestBatch(batch, checked)
          .catch((err: unknown) => {
            for (const item of batch) item.reject(err);
          })
          .finally(() => {
            checked();
            this.ingestWrites.delete(write);
          });
        this.ingestWrites.add(write);
      });
    }
    await Promise.all(this.ingestWrites);
  }

  /** Checks a batch and writes what passed to the backlog; `checked` is called between the two. */
  private async ingestBatch(batch: IngestItem[], checked: () => void): Promise<void> {
    const { store } = this.opts;
    const ids = [...new Set(batch.map((b) => b.checked.tx.id))];
    const statuses = new Map<string, TxStatus>();
    (await store.getStatuses(ids)).forEach((s) => s && statuses.set(s.txId, s.status));

    const fresh = batch.filter((b) => {
      const known = statuses.get(b.checked.tx.id);
      return known === undefined || known === 'invalid';
    });
    // What this process holds outside blocks, copied *before* the store is read: an entry leaves
    // these maps only once its block is written (or it is rejected), so whatever is missing from
    // the copy is in the store's answer. Reading them after the await lost inputs whose block was
    // written meanwhile (InputDoesNotExist for a transfer posted right after its input).
    const pendingTx = new Map<string, SignedTransaction>();
    const pendingSpend = new Map<string, string>();
    for (const { checked } of fresh) {
      for (const id of [checked.tx.id, ...spentTransactionIds(checked.tx)]) {
        const p = this.pendingTxs.get(id);
        if (p) pendingTx.set(id, p);
      }
      for (const link of inputLinks(checked.tx)) {
        const p = this.pendingSpends.get(linkKey(link));
        if (p) pendingSpend.set(linkKey(link), p);
      }
    }
    // Their own ids are not looked up: the status read above says none of them is in a block.
    const ledger = await this.prefetch(
      fresh.map((b) => b.checked.tx),
      true,
      false,
    );
    const waiting = await this.backlogInputs(
      fresh.map((b) => b.checked.tx),
      (id) => pendingTx.has(id) || ledger.txs.has(id),
    );

    const acceptedTx = new Map<string, SignedTransaction>();
    const acceptedSpends = new Map<string, string>();
    const view: LedgerView = {
      getTransaction: (id) =>
        acceptedTx.get(id) ?? pendingTx.get(id) ?? ledger.txs.get(id)?.tx ?? waiting.get(id),
      getSpender: (txId, index) => {
        const key = outputKey(txId, index);
        return acceptedSpends.get(key) ?? pendingSpend.get(key) ?? ledger.spenders.get(key)?.txId;
      },
    };
    const outcome = new Map<string, SubmitResult>();
    for (const { checked } of fresh) {
      const id = checked.tx.id;
      if (outcome.has(id)) continue;
      const result = this.applyRules(checked, view);
      if (result.ok) {
        acceptedTx.set(id, result.tx);
        for (const link of inputLinks(result.tx)) acceptedSpends.set(linkKey(link), id);
        outcome.set(id, { ok: true, tx: result.tx, status: 'backlog' });
      } else {
        outcome.set(id, result);
      }
    }
    const checkedById = new Map(fresh.map((b) => [b.checked.tx.id, b.checked]));
    const toAdd = [...acceptedTx.values()];
    // Tracked before the write, so that the next batch, checked while this one is written, sees
    // these inputs and spends; whatever the store does not take is untracked again. Tracked
    // whoever the assignee is: a transfer posted next must see its input even when another member
    // will put that input in a block (before, it got InputDoesNotExist).
    const tentative = toAdd.filter((tx) => !this.pendingTxs.has(tx.id));
    for (const tx of tentative) this.trackPending(tx);
    checked();
    if (toAdd.length > 0) {
      let added: BacklogAddOutcome[];
      try {
        added = await store.addToBacklog(toAdd.map((tx) => ({ tx, assignee: this.assigneeOf(tx.id) })));
      } catch (err) {
        for (const tx of tentative) this.untrackPending(tx.id);
        throw err;
      }
      const wasTentative = new Set(tentative.map((tx) => tx.id));
      added.forEach((a, i) => {
        const tx = toAdd[i] as SignedTransaction;
        this.checked.set(tx.id, checkedById.get(tx.id)!);
        if (!a.added && wasTentative.has(tx.id)) this.untrackPending(tx.id);
        outcome.set(tx.id, { ok: true, tx, status: a.status });
      });
      // Blocks are cut every `flushIntervalMs` by the timer, or at once when a full block waits:
      // one block per ingest tick would make many tiny blocks, each paying for a signature, a
      // vote and three database transactions.
      const now = performance.now();
      if (this.acceptedSinceBlock === 0) this.firstAcceptedAtMs = now;
      this.lastAcceptedAtMs = now;
      this.acceptedSinceBlock += toAdd.length;
      this.backlogDirty = true;
      if (this.acceptedSinceBlock >= this.opts.blockTxCountMax) this.blockFlight.kick();
    }
    for (const item of batch) {
      const id = item.checked.tx.id;
      item.resolve(
        outcome.get(id) ?? { ok: true, tx: item.checked.tx, status: statuses.get(id) ?? 'backlog' },
      );
    }
  }

  /** Runs the consensus rules' ledger checks; a plugin's non-validation error counts as a rule violation. */
  private applyRules(
    checked: CheckedTransaction,
    view: LedgerView,
  ): { ok: true; tx: SignedTransaction } | { ok: false; error: ValidationError } {
    try {
      return { ok: true, tx: this.opts.rules.validateTransaction(this.rulesCtx, checked, view) };
    } catch (err) {
      if (err instanceof ValidationError) return { ok: false, error: err };
      if (this.opts.rules.name !== 'default' && err instanceof Error) {
        return { ok: false, error: new ValidationError('RuleViolation', err.message) };
      }
      throw err;
    }
  }

  /**
   * Inputs of a batch found neither here nor in blocks, looked up in the shared backlog: a
   * transfer posted to this member may spend a transaction still waiting in another member's
   * backlog (before, that was InputDoesNotExist). Such an input was accepted by a member but not
   * decided yet; the block maker waits for it. Ids still missing are read from the blocks once
   * more, since an input may have moved from the backlog into a block between the two reads.
   */
  private async backlogInputs(
    txs: readonly SignedTransaction[],
    known: (id: string) => boolean,
  ): Promise<Map<string, SignedTransaction>> {
    const out = new Map<string, SignedTransaction>();
    const missing = [...new Set(txs.flatMap((tx) => spentTransactionIds(tx)))].filter((id) => !known(id));
    if (missing.length === 0) return out;
    const rows = await this.opts.store.getBacklogTransactions(missing);
    rows.forEach((row, i) => row && this.intact(row.tx, missing[i]!) && out.set(missing[i]!, row.tx));
    const still = missing.filter((id) => !out.has(id));
    if (still.length > 0) {
      const found = await this.opts.store.getTransactions(still, { includeUndecided: true });
      found.forEach((t, i) => t && this.intact(t.tx, still[i]!) && out.set(still[i]!, t.tx));
    }
    return out;
  }

  /** True when a transaction read from the store still hashes to the id it was read by. */
  private intact(tx: SignedTransaction, id: string): boolean {
    if (tx?.id !== id) return false;
    try {
      return transactionId(tx) === id;
    } catch {
      return false;
    }
  }

  /** Loads, in one query each, the transactions a batch spends from and the live spenders of its outputs. */
  private async prefetch(
    txs: readonly SignedTransaction[],
    includeUndecided: boolean,
    ownIds = true,
  ): Promise<{ txs: Map<string, LedgerTransaction>; spenders: Map<string, Spender> }> {
    const { store } = this.opts;
    const ids = [
      ...new Set(
        txs.flatMap((tx) => (ownIds ? [tx.id, ...spentTransactionIds(tx)] : spentTransactionIds(tx))),
      ),
    ];
    const links = txs.flatMap((tx) => inputLinks(tx));
    // Transactions this process verified are taken from memory, and only their status is read:
    // no JSON to parse, no hash to check (a row edited since is the watchdog's to find; what is
    // spent is what was verified). Chains spend what was posted moments before, so this is most.
    const known = ids.filter((id) => this.checked.has(id));
    const unknown = known.length === 0 ? ids : ids.filter((id) => !this.checked.has(id));
    const [found, statuses, spenders] = await Promise.all([
      unknown.length ? store.getTransactions(unknown, { includeUndecided }) : Promise.resolve([]),
      known.length ? store.getStatuses(known) : Promise.resolve([]),
      links.length ? store.getSpenders(links) : Promise.resolve([]),
    ]);
    const txMap = new Map<string, LedgerTransaction>();
    found.forEach((t, i) => {
      if (!t) return;
      // Never trust the row: an input whose content no longer hashes to its id was edited in the
      // database (an owner or amount changed), and spending it as stored would honour the edit.
      if (this.intact(t.tx, unknown[i]!)) txMap.set(t.tx.id, t);
      else this.tamperedRead(t, unknown[i]!);
    });
    statuses.forEach((s, i) => {
      if (s === null || s.blockId === null || s.height === null) return;
      if (s.status !== 'valid' && !(includeUndecided && s.status === 'undecided')) return;
      const tx = this.checked.get(known[i]!)?.tx;
      if (tx) txMap.set(tx.id, { tx, height: s.height, blockId: s.blockId, status: s.status });
    });
    const spenderMap = new Map<string, Spender>();
    spenders.forEach((s, i) => s && spenderMap.set(linkKey(links[i]!), s));
    return { txs: txMap, spenders: spenderMap };
  }

  private waitForDecision(tx: SignedTransaction, status: TxStatus): Promise<SubmitResult> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (r: SubmitResult) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.off('tx', onTx);
        resolve(r);
      };
      const onTx = (e: TxEvent) => {
        if (e.id === tx.id && (e.status === 'valid' || e.status === 'invalid'))
          finish({ ok: true, tx, status: e.status });
      };
      // Events only say what this process saw. The store has the last word: read it once the
      // listener is in place (the decision may have come between ingest and now, e.g. for a
      // resubmitted transaction) and again on timeout (another member may have rejected it).
      const fromStore = async (timedOut: boolean) => {
        const s = await this.getStatus(tx.id).catch(() => undefined);
        const now = s?.status ?? status;
        if (now === 'valid' || now === 'invalid') finish({ ok: true, tx, status: now });
        else if (timedOut) finish({ ok: true, tx, status: now, timedOut: true });
      };
      const timer = setTimeout(() => void fromStore(true), this.opts.commitWaitMs ?? 10_000);
      this.on('tx', onTx);
      void fromStore(false);
    });
  }

  // ---------------------------------------------------------------- block pipeline

  private async makeBlocks(): Promise<void> {
    const { store, blockTxCountMax } = this.opts;
    let window = blockTxCountMax;
    // While this node's previous block is still being voted on, the next one waits (at most a
    // poll interval) unless a full block is ready: what arrives meanwhile joins one block instead
    // of many. In a federation every block costs a vote and an election on every member, and
    // blocks of a transaction or two made at 150 tx/s more work than three nodes on two cores
    // could do (latency went from 0.1 s to 7 s). One node decides its block as it votes on it,
    // so there the wait never happens.
    const holdMs = this.opts.pollIntervalMs ?? 250;
    if (
      this.ownUndecided !== null &&
      performance.now() - this.ownUndecidedSinceMs < holdMs &&
      this.acceptedSinceBlock < blockTxCountMax
    )
      return;
    // While transactions keep arriving, the block waits for more, up to `blockHoldFactor` flush
    // intervals: each block costs a hash of its body, two signatures and a commit, so under load
    // few large blocks are much cheaper than many small ones (one node: ~480 µs of CPU per
    // transaction with 10 ms blocks, ~310 µs with 300 ms blocks). A lone transaction is cut
    // as soon as a flush interval passes without another.
    const now = performance.now();
    const flushMs = Math.max(this.opts.flushIntervalMs, 5);
    if (
      this.acceptedSinceBlock > 0 &&
      this.acceptedSinceBlock < blockTxCountMax &&
      now - this.lastAcceptedAtMs < flushMs &&
      now - this.firstAcceptedAtMs < flushMs * blockHoldFactor
    )
      return;
    this.acceptedSinceBlock = 0;
    this.backlogDirty = false;
    for (;;) {
      if (this.stopped) return;
      const items = await store.takeBacklog(this.publicKey, window);
      if (items.length === 0) return;
      const made = await this.makeBlock(items.map((i) => i.tx));
      const more = items.length === window;
      if (made) {
        // Keep going while the backlog had more than this round took.
        if (!more) return;
        window = blockTxCountMax;
      } else {
        // Everything taken waits for inputs further back in the backlog: a transaction requeued
        // from an invalid block comes back behind the transfers that spend it. Taking the same
        // head again would wait forever, so look further.
        if (!more || window >= blockPositionsMax) return;
        window = Math.min(window * 4, blockPositionsMax);
      }
    }
  }

  /** Validates backlog transactions against the ledger and each other, rejects the invalid, writes a block. */
  private async makeBlock(candidates: SignedTransaction[]): Promise<boolean> {
    const { store, logger } = this.opts;
    const rejections: { txId: string; code: string; reason: string }[] = [];
    const checkedList = await this.checkStateless(candidates, rejections);
    const ledger = await this.prefetch(
      checkedList.map((c) => c.tx),
      true,
    );
    // Inputs in no block may still be waiting in the backlog (of any member): ask the store, not
    // this process's memory, which knows neither other members' backlogs nor their rejections.
    // Read after the ledger, an input may since have been placed in a block (another member's):
    // that too means "wait", and the next round sees it in the ledger.
    const unplaced = [
      ...new Set(checkedList.flatMap((c) => spentTransactionIds(c.tx)).filter((id) => !ledger.txs.has(id))),
    ];
    const notYet = new Set<string>();
    if (unplaced.length > 0)
      (await store.getStatuses(unplaced)).forEach((s) => s && s.status !== 'invalid' && notYet.add(s.txId));
    const inBlock = new Map<string, SignedTransaction>();
    const blockSpends = new Map<string, string>();
    const view: LedgerView = {
      // Only valid blocks (and earlier transactions of this block) count as existing inputs.
      getTransaction: (id) => {
        const here = inBlock.get(id);
        if (here) return here;
        const t = ledger.txs.get(id);
        return t?.status === 'valid' ? t.tx : undefined;
      },
      getSpender: (txId, index) => {
        const key = outputKey(txId, index);
        return blockSpends.get(key) ?? ledger.spenders.get(key)?.txId;
      },
    };
    let deferred = 0;
    for (const checked of checkedList) {
      // The window taken from the backlog may be wider than a block (see makeBlocks).
      if (inBlock.size >= this.opts.blockTxCountMax) break;
      const tx = checked.tx;
      // An input still in the backlog or in an undecided block is not yet spendable; wait for it.
      const waiting = spentTransactionIds(tx).some(
        (id) => !inBlock.has(id) && (ledger.txs.get(id)?.status === 'undecided' || notYet.has(id)),
      );
      if (waiting) {
        deferred++;
        continue;
      }
      const result = this.applyRules(checked, view);
      if (result.ok) {
        inBlock.set(tx.id, result.tx);
        for (const link of inputLinks(tx)) blockSpends.set(linkKey(link), tx.id);
      } else {
        rejections.push({ txId: tx.id, code: result.error.code, reason: result.error.message });
      }
    }
    await this.reject(rejections);

    let txs = [...inBlock.values()];
    let timestamp = Number(unixTimestamp(this.opts.clock));
    for (let attempt = 0; txs.length > 0; attempt++) {
      const block = createBlock(txs, this.opts.keypair, this.federation, String(timestamp));
      // Alone in its federation, this node's vote is the quorum: the block is written decided.
      const vote = this.sole
        ? createVote(this.opts.keypair, {
            voting_for_block: block.id,
            previous_block: this.lastVotedBlockId ?? block.id,
            is_block_valid: true,
            invalid_reason: null,
            timestamp: unixTimestamp(this.opts.clock),
          })
        : undefined;
      try {
        const { height, created } = await store.writeBlock(block, vote ? { decideWith: vote } : {});
        if (!created) {
          // A block with this very body is stored already: this node made it in the same second
          // with the same transactions, and it was voted invalid and requeued them. Its id names
          // that old block, so writing "again" wrote nothing; stamp this one a second later.
          timestamp += 1;
          attempt -= 1;
          continue;
        }
        this.madeHere.add(block.id);
        for (const tx of txs) this.untrackPending(tx.id);
        logger.debug(
          { block: block.id, height, txs: txs.length, decided: vote !== undefined },
          'wrote block',
        );
        if (vote) {
          this.lastVotedBlockId = block.id;
          this.lastVotedHeight = Math.max(this.lastVotedHeight, height);
          this.talliedValid.set(block.id, true);
          this.announce({ block, height, status: 'valid' }, 'valid');
          return true;
        }
        this.ownUndecided = block.id;
        // Real time, not the node's clock: this paces work, it decides nothing.
        this.ownUndecidedSinceMs = performance.now();
        this.wakeVoting({ vote: true });
        return true;
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt >= 3) throw err;
        // Lost a race with another live block: drop the losers (double spends are final) and retry.
        const losers = new Set(err.losers);
        await this.reject(
          err.spends.map((c) => ({
            txId: c.txId,
            code: 'DoubleSpend',
            reason: `input \`${c.output.transaction_id}\` was already spent by ${c.spentBy}`,
          })),
        );
        for (const id of losers) this.untrackPending(id);
        // Transactions of this block that spend a loser's outputs lose their input with it: they
        // leave the block too and stay in the backlog, where the next round judges them against
        // the ledger (InputDoesNotExist). Kept, they made a block the other members vote invalid,
        // and with one member down a 1-1 split that never decides. Block order lists inputs first.
        const dropped = new Set(losers);
        for (const tx of txs) if (spentTransactionIds(tx).some((id) => dropped.has(id))) dropped.add(tx.id);
        txs = txs.filter((tx) => !dropped.has(tx.id));
      }
    }
    return rejections.length > 0 || deferred < candidates.length;
  }

  /**
   * Phase 1 for a batch: reuses what this process verified at ingest, and verifies (in the worker
   * pool) only what it has not seen: after a restart, from another member, or clock-dependent.
   */
  private async checkStateless(
    txs: readonly SignedTransaction[],
    rejections: { txId: string; code: string; reason: string }[],
  ): Promise<CheckedTransaction[]> {
    const nowMs = this.opts.clock.nowMs();
    const out = await Promise.all(
      txs.map(async (tx): Promise<CheckedTransaction | undefined> => {
        const known = this.checked.get(tx.id);
        if (known && !known.clockDependent) return known;
        const res = await this.validator.validate(JSON.stringify(tx), nowMs);
        if (res.ok) {
          this.checked.set(tx.id, res.checked);
          return res.checked;
        }
        rejections.push({ txId: tx.id, code: res.code, reason: res.message });
        return undefined;
      }),
    );
    return out.filter((c): c is CheckedTransaction => c !== undefined);
  }

  private async reject(rejections: readonly { txId: string; code: string; reason: string }[]): Promise<void> {
    if (rejections.length === 0) return;
    const outcomes = await this.opts.store.rejectTransactions(rejections);
    outcomes.forEach((o, i) => {
      const r = rejections[i]!;
      this.untrackPending(r.txId);
      if (o.rejected)
        this.emit('tx', { id: r.txId, status: 'invalid', reasonCode: r.code, reason: r.reason });
    });
  }

  // ---------------------------------------------------------------- vote pipeline and election

  private async voteAndElect(): Promise<void> {
    const { store } = this.opts;
    const vote = this.voteWanted;
    const full = this.fullVoteScan;
    let elect = this.electWanted;
    this.voteWanted = this.electWanted = this.fullVoteScan = false;
    try {
      // Blocks get heights in commit order, so everything at or below the last block this node
      // voted on has its vote; the polls (`full`) look from the start anyway.
      for (let after = full ? -1 : this.lastVotedHeight; vote;) {
        if (this.stopped) return;
        const blocks = await store.getUnvotedBlocks(this.publicKey, { afterHeight: after, limit: 16 });
        if (blocks.length === 0) break;
        for (const b of blocks) await this.voteOn(b);
        after = blocks[blocks.length - 1]!.height;
        elect = true;
      }
      if (elect) await this.elect();
    } catch (err) {
      // Whatever was asked for is asked again: the next run (a poll at the latest) redoes it.
      this.voteWanted ||= vote;
      this.electWanted ||= elect;
      this.fullVoteScan = true;
      throw err;
    }
  }

  private async voteOn(stored: StoredBlock): Promise<void> {
    const block = stored.block;
    const verdict = this.madeHere.has(block.id) ? null : await this.judgeBlock(stored);
    const vote = createVote(this.opts.keypair, {
      voting_for_block: block.id,
      previous_block: this.lastVotedBlockId ?? block.id,
      is_block_valid: verdict === null,
      invalid_reason: verdict,
      timestamp: unixTimestamp(this.opts.clock),
    });
    await this.opts.store.writeVotes([vote]);
    this.lastVotedBlockId = block.id;
    this.lastVotedHeight = Math.max(this.lastVotedHeight, stored.height);
    // Its transactions are in the ledger now (another member's block may hold some accepted here).
    for (const tx of block.block.transactions) this.untrackPending(tx.id);
    if (verdict !== null) {
      this.opts.logger.warn(
        { block: block.id, height: stored.height, reason: verdict },
        'voted a block invalid',
      );
      this.reportBlockVerdict(stored, verdict);
    }
    if (stored.status === 'undecided') this.undecided.set(block.id, stored);
  }

  /** Block-level refusals are the federation's business: who made a block it must ignore, and why. */
  private reportBlockVerdict(stored: StoredBlock, verdict: string): void {
    const block = stored.block;
    const maker = typeof block.block?.node_pubkey === 'string' ? block.block.node_pubkey : '?';
    const base = { source: 'pipeline' as const, blockId: block.id, height: stored.height, key: maker };
    if (verdict === 'NotInFederation')
      this.monitor.report(
        {
          ...base,
          code: 'BlockFromOutsider',
          detail: `block ${block.id} was made by ${maker}, not a member: voted invalid`,
        },
        block.id,
      );
    else if (
      verdict === 'InvalidBlockSignature' ||
      verdict === 'InvalidBlockHash' ||
      verdict === 'MalformedBlock' ||
      verdict === 'InvalidVoters'
    )
      this.monitor.report(
        {
          ...base,
          code: verdict,
          detail: `block ${block.id} by ${maker} fails its checks (${verdict}): voted invalid`,
        },
        block.id,
      );
  }

  /** Null when the block is valid, else the reason: a block-level reason or a transaction's error code. */
  private async judgeBlock(stored: StoredBlock): Promise<string | null> {
    const block = stored.block;
    try {
      this.opts.rules.validateBlock(this.rulesCtx, block);
    } catch (err) {
      if (err instanceof BlockValidationError) return err.reason;
      if (err instanceof Error) return 'RuleViolation';
      throw err;
    }
    const rejections: { txId: string; code: string; reason: string }[] = [];
    const checkedList = await this.checkStateless(block.block.transactions, rejections);
    if (rejections.length > 0) return rejections[0]!.code;
    const byId = new Map(checkedList.map((c) => [c.tx.id, c]));
    const ledger = await this.prefetch(block.block.transactions, true);
    const inBlock = new Map<string, SignedTransaction>();
    const blockSpends = new Map<string, string>();
    const view: LedgerView = {
      getTransaction: (id) => {
        const mine = inBlock.get(id);
        if (mine) return mine;
        const t = ledger.txs.get(id);
        return t && t.status === 'valid' && t.blockId !== block.id ? t.tx : undefined;
      },
      getSpender: (txId, index) => {
        const key = outputKey(txId, index);
        const s = ledger.spenders.get(key);
        return blockSpends.get(key) ?? (s && s.blockId !== block.id ? s.txId : undefined);
      },
    };
    for (const tx of block.block.transactions) {
      const checked = byId.get(tx.id);
      if (!checked) return 'InvalidSignature';
      const result = this.applyRules(checked, view);
      if (!result.ok) return result.error.code;
      inBlock.set(tx.id, tx);
      for (const link of inputLinks(tx)) blockSpends.set(linkKey(link), tx.id);
    }
    return null;
  }

  /** Tallies the votes on every undecided block this node knows of and records decisions. */
  private async elect(): Promise<void> {
    if (this.undecided.size === 0) return;
    const { store, voteQuorum } = this.opts;
    const blocks = [...this.undecided.values()].sort((a, b) => a.height - b.height);
    const votes = await store.getVotes(blocks.map((b) => b.block.id));
    let requeued = 0;
    for (const [i, stored] of blocks.entries()) {
      const block = stored.block;
      const signed = (votes[i] ?? []).filter((v: Vote) => this.countable(stored, v));
      // Only members listed as voters count, over a quorum of the larger of the two lists.
      const tally = tallyVotes(block.block.voters, signed, voteQuorum, this.federation);
      // A member's vote on a block that does not list it is no outsider's: the block is the problem.
      for (const v of tally.ignored.filter((x) => !this.federation.includes(x.node_pubkey)))
        this.monitor.report(
          {
            code: 'VoteFromOutsider',
            source: 'pipeline',
            blockId: block.id,
            height: stored.height,
            key: v.node_pubkey,
            detail: `${v.node_pubkey} voted on block ${block.id} but is not one of its member voters: ignored`,
          },
          voteSubject(block.id, v),
        );
      for (const key of tally.equivocations)
        this.monitor.report(
          {
            code: 'Equivocation',
            source: 'pipeline',
            blockId: block.id,
            height: stored.height,
            key,
            detail: `${key} cast different votes on block ${block.id}: its first one counts`,
          },
          `${block.id} ${key}`,
        );
      if (tally.decision === 'undecided') continue;
      // An invalid block's transactions come back to this node, which is alive (it is counting
      // votes) and reloads its backlog below; by default they would go back to the block's maker,
      // likely the faulty member, and wait there for the stale monitor.
      const decision = await store.decideBlock(block.id, tally.decision === 'valid', {
        requeueTo: this.publicKey,
      });
      this.undecided.delete(block.id);
      if (block.id === this.ownUndecided) this.ownUndecided = null;
      if (decision.status === 'valid' && tally.decision === 'valid') this.talliedValid.set(block.id, true);
      // Transactions waiting on this block's outputs may go into a block now.
      this.backlogDirty = true;
      requeued += decision.requeued;
      // Announced even when another member recorded the decision first (`changed` false): this
      // node still learns the outcome here, once, and `mode=commit` waiters on it depend on that.
      this.announce(stored, decision.status);
    }
    if (requeued > 0) {
      await this.reloadBacklog();
      this.blockFlight.kick();
    }
  }

  /**
   * Whether a vote read from the store may be counted: it names this block and its signature
   * verifies (once per process; the election reads the same votes on every poll). A vote that
   * fails is reported once and ignored.
   */
  private countable(stored: StoredBlock, v: Vote): boolean {
    const blockId = stored.block.id;
    const voter = typeof v?.node_pubkey === 'string' ? v.node_pubkey : '?';
    const base = { source: 'pipeline' as const, blockId, height: stored.height, key: voter };
    if (v?.vote?.voting_for_block !== blockId) {
      this.monitor.report(
        {
          ...base,
          code: 'VoteForAnotherBlock',
          detail: `a vote by ${voter} stored under block ${blockId} is not for it`,
        },
        voteSubject(blockId, v),
      );
      return false;
    }
    if (this.voteSigned(v)) return true;
    this.monitor.report(
      {
        ...base,
        code: 'InvalidVoteSignature',
        detail: `the vote of ${voter} on block ${blockId} does not verify: ignored`,
      },
      voteSubject(blockId, v),
    );
    return false;
  }

  /** Checks a vote's signature, remembering the answer for this exact vote. */
  private voteSigned(v: Vote): boolean {
    const key = `${String(v?.node_pubkey)}\n${String(v?.signature)}\n${JSON.stringify(v?.vote)}`;
    const known = this.voteChecks.get(key);
    if (known !== undefined) return known;
    return this.voteChecks.set(key, checkVoteSignature(v));
  }

  private announce(stored: StoredBlock, status: 'valid' | 'invalid'): void {
    const block = stored.block;
    const ids = block.block.transactions.map((tx) => tx.id);
    this.emit('block', {
      id: block.id,
      height: stored.height,
      status,
      transactionIds: ids,
    } satisfies BlockEvent);
    for (const id of ids) {
      this.emit('tx', {
        id,
        status: status === 'valid' ? 'valid' : 'backlog',
        blockId: block.id,
        height: stored.height,
      } satisfies TxEvent);
    }
  }

  // ---------------------------------------------------------------- stale backlog

  /**
   * One round of the stale-backlog monitor now (it also runs on a timer): gives transactions
   * that waited longer than `backlogReassignDelayMs` for their assignee to another member.
   * Returns how many moved. Public so tests with a manual clock can run it deterministically.
   */
  async runStaleMonitor(): Promise<number> {
    return this.reassignStale();
  }

  private async reassignStale(): Promise<number> {
    if (this.federation.length < 2) return 0;
    await this.liveness.refresh(this.opts.store);
    await this.prunePending();
    const cutoff = this.opts.clock.nowMs() - this.opts.backlogReassignDelayMs;
    const live = this.liveness.live();
    const moved = await this.opts.store.reassignStale(cutoff, ({ assignee }) => {
      // Prefer members that keep up with voting: a dead one would only hold them again.
      const others = live.filter((k) => k !== assignee);
      const pool = others.length > 0 ? others : this.federation.filter((k) => k !== assignee);
      return pool[Math.floor(Math.random() * pool.length)] as string;
    });
    if (moved.length > 0) {
      this.opts.logger.info({ count: moved.length }, 'reassigned stale backlog transactions');
      this.blockFlight.kick();
    }
    return moved.length;
  }

  /**
   * Forgets accepted transactions that left the backlog without this node seeing it (another
   * member rejected them), so they neither leak nor make ingest refuse a later spend of their
   * inputs as a double spend.
   */
  private async prunePending(): Promise<void> {
    const ids = [...this.pendingTxs.keys()];
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      const statuses = await this.opts.store.getStatuses(chunk);
      statuses.forEach((s, j) => s?.status !== 'backlog' && this.untrackPending(chunk[j]!));
    }
  }

  // ---------------------------------------------------------------- reads (seed's Bigchain API)

  /**
   * A transaction in a valid or undecided block, as long as its stored content still hashes to
   * its id and (when valid) its block passes this node's watchdog; otherwise undefined: a node
   * never serves tampered data.
   */
  async getTransaction(id: string): Promise<SignedTransaction | undefined> {
    const [found] = await this.opts.store.getTransactions([id], { includeUndecided: true });
    if (!found) return undefined;
    return (await this.servable(found, id)) ? found.tx : undefined;
  }

  /**
   * A transaction's status. `valid` is only said after checking the block behind it (the
   * transaction's content hashes to its id, the block passes the watchdog); when that fails the
   * answer is `undecided` with reason code `Tampered`: this node cannot vouch for a decision.
   */
  async getStatus(id: string): Promise<StatusRecord | undefined> {
    const [s] = await this.opts.store.getStatuses([id]);
    if (!s) return undefined;
    const record: StatusRecord = {
      status: s.status,
      reasonCode: s.reasonCode,
      reason: s.reason,
      blockId: s.blockId,
      updatedAtMs: s.updatedAtMs,
    };
    if (s.status !== 'valid') return record;
    const [found] = await this.opts.store.getTransactions([id]);
    if (found && found.blockId === s.blockId && (await this.servable(found, id))) return record;
    if (!found || found.blockId !== s.blockId)
      this.monitor.report(
        {
          code: 'BlockMissing',
          source: 'read',
          txId: id,
          ...(s.blockId === null ? {} : { blockId: s.blockId }),
          ...(s.height === null ? {} : { height: s.height }),
          detail: `transaction ${id} is recorded valid but no stored block at height ${String(s.height)} holds it`,
        },
        `${id} status`,
      );
    return {
      ...record,
      status: 'undecided',
      reasonCode: tamperedReasonCode,
      reason: `the block recorded as deciding ${id} fails this node's checks; see the federation report`,
    };
  }

  /** True when the watchdog (or a read) found the block's stored form or decision altered. */
  isTampered(blockId: string): boolean {
    return this.watchdog.isTampered(blockId);
  }

  /**
   * The transactions of a query result that may be served (for the API's lists: outputs'
   * transactions, an asset's history, search results): those whose content still hashes to their
   * id and whose block passes the watchdog. Order is kept.
   */
  async vetTransactions<T extends LedgerTransaction>(items: readonly T[]): Promise<T[]> {
    const ok = await Promise.all(items.map((t) => this.servable(t, t.tx.id)));
    return items.filter((_, i) => ok[i]);
  }

  /**
   * A stored block as it may be served: null when its stored form fails its id and signature
   * check or the watchdog flagged it; a block recorded valid is only served valid once vouched.
   */
  async vetBlock(stored: StoredBlock): Promise<StoredBlock | null> {
    const id = stored.block?.id;
    if (typeof id !== 'string' || this.watchdog.isTampered(id)) return null;
    if (!checkBlockSignature(stored.block).ok) {
      this.watchdog.flag(id, stored.height, {
        code: 'BlockAltered',
        subject: id,
        detail: `block ${id} at height ${stored.height} as stored fails its id and signature check`,
      });
      return null;
    }
    if (stored.status !== 'valid' || this.talliedValid.get(id)) return stored;
    const v = await this.watchdog.vouch(id, stored.height);
    return v.ok && v.status === 'valid' ? stored : null;
  }

  /** The votes on a block that count: for that block, signed by their voter, by a member voter of it. */
  vetVotes(stored: StoredBlock, votes: readonly Vote[]): Vote[] {
    const voters = Array.isArray(stored.block?.block?.voters) ? stored.block.block.voters : [];
    return votes.filter(
      (v) =>
        this.countable(stored, v) &&
        this.federation.includes(v.node_pubkey) &&
        voters.includes(v.node_pubkey),
    );
  }

  /**
   * The federation as this node sees it, for operators and the API: members and how far each has
   * voted, whether change notifications are live, what was ignored (blocks and votes from keys
   * outside the federation or with bad signatures) and what the watchdog found altered.
   */
  federationReport(): FederationReport {
    return {
      publicKey: this.publicKey,
      federation: this.federation,
      voteQuorum: this.opts.voteQuorum,
      notifications: { live: this.subscription?.live === true, received: this.changesReceived },
      members: this.liveness.states(),
      findings: this.monitor.summary(),
      watchdog: this.watchdog.report(),
    };
  }

  /** Runs a watchdog pass now and resolves when it is done: for tests and tools. */
  async runWatchdog(): Promise<void> {
    await this.watchdog.runPass();
  }

  /** Whether a transaction read from a block may be served as the store holds it. */
  async vetBlocks(blocks: readonly { readonly id: string; readonly height: number }[]): Promise<Set<string>> {
    const ok = await Promise.all(blocks.map((b) => this.servableBlock(b.id, b.height)));
    return new Set(blocks.filter((_, i) => ok[i]).map((b) => b.id));
  }

  private async servableBlock(blockId: string, height: number): Promise<boolean> {
    if (this.watchdog.isTampered(blockId)) return false;
    if (this.talliedValid.get(blockId)) return true;
    const v = await this.watchdog.vouch(blockId, height);
    return v.ok && v.status === 'valid';
  }

  private async servable(t: LedgerTransaction, id: string): Promise<boolean> {
    if (!this.intact(t.tx, id)) {
      this.tamperedRead(t, id);
      return false;
    }
    if (this.watchdog.isTampered(t.blockId)) return false;
    if (t.status !== 'valid' || this.talliedValid.get(t.blockId)) return true;
    const v = await this.watchdog.vouch(t.blockId, t.height);
    return v.ok && v.status === 'valid';
  }

  /** A transaction read from a block no longer hashes to its id: its block is not to be trusted. */
  private tamperedRead(t: LedgerTransaction, id: string): void {
    this.watchdog.flag(t.blockId, t.height, {
      code: 'TamperedInput',
      txId: id,
      subject: `${t.blockId} ${id}`,
      detail: `transaction ${id} as stored in block ${t.blockId} no longer hashes to its id`,
    });
  }

  /** Waits until every pipeline is idle: for tests and orderly shutdown. */
  async settle(): Promise<void> {
    await this.ingestFlight.idle();
    await this.blockFlight.idle();
    await this.voteFlight.idle();
  }
}

/** How a vote is named when reported: one report per block, voter and signature. */
function voteSubject(blockId: string, v: Vote): string {
  return `${blockId} ${String(v?.node_pubkey)} ${String(v?.signature)}`;
}
