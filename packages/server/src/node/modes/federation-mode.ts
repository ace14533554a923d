import { createGenesisBlock, unixTimestamp } from '../../model/index.js';
import { blockPageSizeMax, type StoreChange } from '../../store/index.js';
import {
  defaultPollIntervalMs,
  flushIntervalMsMin,
  liveFallbackFactor,
  restartElectionWindowBlocks,
  staleMonitorEveryMsMin,
} from '../constants.js';
import type { NodeContext } from '../context.js';
import {
  assigneeOf,
  BlockPacing,
  createBlockMaker,
  createElection,
  createStaleMonitor,
  createVoter,
  reloadBacklog,
  VoteLog,
  type BlockMaker,
  type Election,
  type Kicks,
  type StaleMonitor,
  type UndecidedBlocks,
  type Voter,
  type VotingWanted,
} from '../pipelines/index.js';
import { SingleFlight } from '../single-flight.js';
import type { ConsensusMode, ModeEnvironment, ModeRuntime } from './consensus-mode.js';

/**
 * Federation voting (the seed's consensus): members share one store; the assignee of a backlog
 * transaction puts it in a block; every member votes on every block; a majority (or two thirds)
 * of the voters decides; a dead member's backlog is reassigned. Alone in its federation, a node
 * writes each block decided with its own vote.
 */
export const federationMode: ConsensusMode = {
  name: 'federation',
  create: (ctx, env) => new FederationRuntime(ctx, env),
};

class FederationRuntime implements ModeRuntime {
  readonly #pacing = new BlockPacing();
  readonly #voteLog = new VoteLog();
  readonly #undecided: UndecidedBlocks = new Map();
  /** What the next run of the vote pipeline is to do (see `wakeVoting`). */
  #voteWanted = false;
  #electWanted = false;
  #fullVoteScan = false;
  readonly #blockFlight: SingleFlight;
  readonly #voteFlight: SingleFlight;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #blockMaker: BlockMaker;
  readonly #voter: Voter;
  readonly #election: Election;
  readonly #staleMonitor: StaleMonitor;

  constructor(
    private readonly ctx: NodeContext,
    private readonly env: ModeEnvironment,
  ) {
    const onError = (what: string) => (err: unknown) => ctx.logger.error({ err }, `${what} failed`);
    this.#blockFlight = new SingleFlight(() => this.#blockMaker.run(), onError('block pipeline'));
    this.#voteFlight = new SingleFlight(() => this.#voteAndElect(), onError('vote pipeline'));
    const kicks: Kicks = {
      blocks: () => this.#blockFlight.kick(),
      voting: (what) => this.#wakeVoting(what),
    };
    this.#blockMaker = createBlockMaker(ctx, { pacing: this.#pacing, voteLog: this.#voteLog, kicks });
    this.#voter = createVoter(ctx, { voteLog: this.#voteLog, undecided: this.#undecided });
    this.#election = createElection(ctx, { undecided: this.#undecided, pacing: this.#pacing });
    this.#staleMonitor = createStaleMonitor(ctx, { kicks });
  }

  assigneeOf(txId: string): string {
    return assigneeOf(txId, this.ctx.liveness, this.ctx.federation);
  }

  /** Writes the genesis block if the ledger has none, and picks up what this node voted before it stopped. */
  async resume(): Promise<void> {
    const { store, logger } = this.ctx;
    if ((await store.latestHeight()) === null) {
      const genesis = createGenesisBlock(
        this.ctx.keypair,
        this.ctx.federation,
        unixTimestamp(this.ctx.clock),
      );
      // Members starting together on a new database: the first genesis written is the chain's.
      const { height, created } = await store.writeBlock(genesis, { onlyFirst: true });
      if (created) {
        this.ctx.madeHere.add(genesis.id);
        logger.info({ block: genesis.id, height }, 'wrote the genesis block');
      }
    }
    const last = await store.getLastVotedBlock(this.ctx.publicKey);
    if (last) this.#voteLog.record(last.block.id, last.height);
    // Blocks this node voted on shortly before stopping may still be undecided: pick them up again.
    let from = Math.max(-1, (last?.height ?? -1) - restartElectionWindowBlocks);
    for (;;) {
      const page = await store.getBlocksAfter(from, blockPageSizeMax);
      for (const b of page) if (b.status === 'undecided') this.#undecided.set(b.block.id, b);
      if (page.length < blockPageSizeMax) break;
      from = page[page.length - 1]!.height;
    }
  }

  run(): void {
    const { options } = this.ctx;
    const pollMs = options.pollIntervalMs ?? defaultPollIntervalMs;
    const flushMs = Math.max(options.flushIntervalMs, flushIntervalMsMin);
    this.#timers.push(
      this.#fallbackTimer(
        flushMs,
        pollMs * liveFallbackFactor,
        () => this.#pacing.backlogDirty,
        () => this.#blockFlight.kick(),
      ),
    );
    this.#timers.push(
      this.#fallbackTimer(
        pollMs,
        pollMs * liveFallbackFactor,
        () => false,
        () => this.#wakeVoting({ vote: true, elect: true, full: true }),
      ),
    );
    const reassignEveryMs = Math.max(staleMonitorEveryMsMin, options.backlogReassignDelayMs / 2);
    this.#timers.push(
      setInterval(
        () =>
          void this.#staleMonitor
            .run()
            .catch((err: unknown) => this.ctx.logger.error({ err }, 'stale monitor failed')),
        reassignEveryMs,
      ),
    );
    for (const t of this.#timers) t.unref();
    this.#wakeVoting({ vote: true, elect: true, full: true });
    this.#blockFlight.kick();
  }

  accepted(count: number): void {
    this.#pacing.noteAccepted(count);
    // Blocks are cut every `flushIntervalMs` by the timer, or at once when a full block waits:
    // one block per ingest tick would make many tiny blocks, each paying for a signature, a
    // vote and three database transactions.
    if (this.#pacing.acceptedSinceBlock >= this.ctx.options.blockTxCountMax) this.#blockFlight.kick();
  }

  /** Kicks the pipeline a change concerns; the change itself is never trusted, only read again. */
  onChange(change: StoreChange): void {
    switch (change.kind) {
      case 'block':
        this.#wakeVoting({ vote: true });
        return;
      case 'vote':
        this.#wakeVoting({ elect: true });
        return;
      case 'decision':
        // A decided block may free transactions waiting on its outputs.
        this.#pacing.backlogDirty = true;
        this.#wakeVoting({ elect: true });
        return;
      case 'backlog':
        if (change.assignees == null || change.assignees.includes(this.ctx.publicKey))
          this.#pacing.backlogDirty = true;
        return;
      case 'tamper':
        return;
      case 'resync':
        this.#pacing.backlogDirty = true;
        this.#wakeVoting({ vote: true, elect: true, full: true });
        return;
    }
  }

  runStaleMonitor(): Promise<number> {
    return this.#staleMonitor.run();
  }

  async settle(): Promise<void> {
    await this.#blockFlight.idle();
    await this.#voteFlight.idle();
  }

  async stop(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    await this.settle();
  }

  /**
   * Asks the vote pipeline for a run: `vote` looks for blocks to vote on (`full`: from the start
   * of the chain, not only above the last one voted on), `elect` tallies. Notifications ask only
   * for what they concern, which halves the queries a federation's chatter costs.
   */
  #wakeVoting(what: VotingWanted): void {
    if (what.vote) this.#voteWanted = true;
    if (what.elect) this.#electWanted = true;
    if (what.full) this.#fullVoteScan = true;
    this.#voteFlight.kick();
  }

  async #voteAndElect(): Promise<void> {
    const vote = this.#voteWanted;
    const full = this.#fullVoteScan;
    let elect = this.#electWanted;
    this.#voteWanted = this.#electWanted = this.#fullVoteScan = false;
    try {
      // Blocks get heights in commit order, so everything at or below the last block this node
      // voted on has its vote; the polls (`full`) look from the start anyway.
      if (vote && (await this.#voter.voteAfter(full ? -1 : this.#voteLog.lastHeight))) elect = true;
      if (elect && !this.ctx.stopped()) {
        const requeued = await this.#election.run();
        if (requeued > 0) {
          await reloadBacklog(this.ctx);
          this.#blockFlight.kick();
        }
      }
    } catch (err) {
      // Whatever was asked for is asked again: the next run (a poll at the latest) redoes it.
      this.#voteWanted ||= vote;
      this.#electWanted ||= elect;
      this.#fullVoteScan = true;
      throw err;
    }
  }

  /**
   * A timer that runs `fn` every `fastMs` while the change source is not live, and only every
   * `slowMs` when it is, unless `due()` says there is work (notifications set it).
   */
  #fallbackTimer(fastMs: number, slowMs: number, due: () => boolean, fn: () => void): NodeJS.Timeout {
    let last = 0;
    return setInterval(() => {
      const now = Date.now();
      if (this.env.isLive() && !due() && now - last < slowMs) return;
      last = now;
      fn();
    }, fastMs);
  }
}
