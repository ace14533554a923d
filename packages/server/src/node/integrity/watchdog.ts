import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Clock } from '../../model/index.js';
import { digestPageSizeMax, type BlockDigest, type BlockStatus, type Store } from '../../store/index.js';
import { auditBlock, type AuditContext, type AuditFinding } from './block-audit.js';
import type { FederationMonitor, FindingCode } from './federation-monitor.js';
import { SingleFlight } from '../single-flight.js';

export interface WatchdogOptions {
  readonly store: Store;
  readonly audit: AuditContext;
  readonly monitor: FederationMonitor;
  readonly logger: Logger;
  readonly clock: Clock;
  /** How often a pass runs, besides the one at start and those a `tamper` notification asks for. */
  readonly intervalMs: number;
  /** Most blocks one pass compares; a longer chain is covered over several passes. */
  readonly blocksPerPass?: number;
}

/** Whether a block may be served as it is stored now, and with which decision. */
export type Vouch =
  | { readonly ok: true; readonly status: BlockStatus }
  | { readonly ok: false; readonly code: FindingCode; readonly detail: string };

export interface WatchdogReport {
  readonly passes: number;
  readonly lastPassAtMs: number | null;
  /** Decided blocks this node has verified and keeps fingerprints of. */
  readonly blocksVerified: number;
  /** Blocks that must not be served, with the reason. */
  readonly tamperedBlocks: readonly { blockId: string; height: number; code: FindingCode }[];
}

/** What the watchdog verified about one decided block, with the fingerprint it had then. */
interface Verified {
  readonly height: number;
  readonly blockId: string;
  readonly status: 'valid' | 'invalid';
  readonly digest: string;
  /** The digest read this is based on (see `reads`): a record newer than a page is not judged by it. */
  readonly read: number;
  readonly flaw: AuditFinding | null;
}

interface Flag {
  readonly height: number;
  readonly code: FindingCode;
  readonly detail: string;
}

/** Blocks fetched and audited per round of a pass. */
const verifyBatch = 50;
const defaultBlocksPerPass = 20_000;

/**
 * The internal watchdog of the seed (1.9.3): every node re-checks the stored chain at start and
 * then periodically, trusting no row, and never serves what fails as valid.
 *
 * A full check of a block (its id and maker's signature, which cover its transactions, each
 * transaction's id, every vote's signature, and that its decision follows from the valid votes of
 * members) costs a signature per vote and a hash of every transaction, so it is done once per
 * block: the watchdog keeps each verified block's digest (`Store.getBlockDigests`: a hash of its
 * stored rows and votes, computed by the database) and later passes only compare digests. A
 * digest that moved means the block is checked again; a verified block whose height is gone, or
 * holds another block, is reported missing or replaced. PostgreSQL announces edits of these
 * tables (`tamper` notifications), which start a pass at once.
 *
 * The record lives in memory (about 300 bytes per decided block). After a restart the first pass
 * verifies everything again from the signatures, which is what makes the record trustworthy;
 * what it cannot see after a restart is a block deleted, with its votes, while the node was down
 * (a gap in heights is still reported). The other nodes, which kept running, do see it.
 */
export class Watchdog {
  private readonly byHeight = new Map<number, Verified>();
  private readonly byId = new Map<string, Verified>();
  private readonly flagged = new Map<string, Flag>();
  private readonly inflight = new Map<string, Promise<Vouch>>();
  private readonly flight: SingleFlight;
  private timer: NodeJS.Timeout | undefined;
  private cursor = -1;
  private maxVerifiedHeight = -1;
  /**
   * Counts digest reads. A pass and the read path verify concurrently: a page of digests read
   * before a block was verified says nothing against that record (the block may not have been
   * decided, or written, when the page was read), so records carry the read they came from.
   */
  private reads = 0;
  private passes = 0;
  private lastPassAtMs: number | null = null;

  constructor(private readonly opts: WatchdogOptions) {
    this.flight = new SingleFlight(
      () => this.pass(),
      (err) => opts.logger.error({ err }, 'watchdog pass failed'),
    );
  }

  start(): void {
    this.flight.kick();
    this.timer = setInterval(() => this.flight.kick(), this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flight.idle();
  }

  /** Asks for a pass soon (several asks during a pass make one more pass). */
  kick(): void {
    this.flight.kick();
  }

  /** Runs a pass now and resolves when it is done: for tests and tools. */
  async runPass(): Promise<void> {
    this.flight.kick();
    await this.flight.idle();
  }

  isTampered(blockId: string): boolean {
    return this.flagged.has(blockId);
  }

  /**
   * Whether the block may be served, and as what: from the record when this node verified it,
   * else after verifying it now (once; concurrent asks share the check).
   */
  async vouch(blockId: string, height: number | null): Promise<Vouch> {
    const flag = this.flagged.get(blockId);
    if (flag) return { ok: false, code: flag.code, detail: flag.detail };
    const known = this.byId.get(blockId);
    if (known) return known.flaw ? bad(known.flaw) : { ok: true, status: known.status };
    if (height === null) return { ok: false, code: 'BlockMissing', detail: `block ${blockId} is not stored` };
    let check = this.inflight.get(blockId);
    if (!check) {
      check = this.checkOne(blockId, height).finally(() => this.inflight.delete(blockId));
      this.inflight.set(blockId, check);
    }
    return check;
  }

  /** Marks a block unservable on evidence found elsewhere (the read path), and reports it. */
  flag(blockId: string, height: number, finding: Omit<AuditFinding, 'blockId' | 'height'>): void {
    this.opts.monitor.report({ ...finding, blockId, height, source: 'read' }, finding.subject);
    if (!this.flagged.has(blockId))
      this.flagged.set(blockId, { height, code: finding.code, detail: finding.detail });
    this.kick();
  }

  report(): WatchdogReport {
    return {
      passes: this.passes,
      lastPassAtMs: this.lastPassAtMs,
      blocksVerified: this.byHeight.size,
      tamperedBlocks: [...this.flagged].map(([blockId, f]) => ({ blockId, height: f.height, code: f.code })),
    };
  }

  // ---------------------------------------------------------------- passes

  private async pass(): Promise<void> {
    const { store } = this.opts;
    const budget = this.opts.blocksPerPass ?? defaultBlocksPerPass;
    let after = this.cursor;
    let expected = after + 1;
    let scanned = 0;
    for (;;) {
      const read = ++this.reads;
      const topVerified = this.maxVerifiedHeight;
      const page = await store.getBlockDigests(after, digestPageSizeMax);
      const toVerify: BlockDigest[] = [];
      for (const d of page) {
        for (let h = expected; h < d.height; h++) this.missing(h, read);
        expected = d.height + 1;
        if (this.compare(d, read)) toVerify.push(d);
      }
      for (let i = 0; i < toVerify.length; i += verifyBatch) {
        await this.verify(toVerify.slice(i, i + verifyBatch), read);
        await yieldToLoop();
      }
      scanned += page.length;
      if (page.length < digestPageSizeMax) {
        // The end of the chain: blocks verified before the page was read and above it are gone.
        for (let h = expected; h <= topVerified; h++) this.missing(h, read);
        this.cursor = -1;
        break;
      }
      after = page[page.length - 1]!.height;
      if (scanned >= budget) {
        this.cursor = after;
        break;
      }
    }
    this.passes += 1;
    this.lastPassAtMs = this.opts.clock.nowMs();
    this.opts.logger.debug(
      { scanned, verified: this.byHeight.size, tampered: this.flagged.size },
      'watchdog pass done',
    );
  }

  /** Compares a digest with the record; true when the block must be verified (again). */
  private compare(d: BlockDigest, read: number): boolean {
    const known = this.byHeight.get(d.height);
    if (known && known.read > read) return false; // verified from a later read
    if (known && known.blockId !== d.blockId) {
      this.reportVerified(
        'BlockReplaced',
        known,
        `block ${known.blockId}, verified at height ${d.height}, was replaced by block ${d.blockId}`,
        `${known.blockId} replaced`,
      );
      this.byHeight.delete(d.height);
    } else if (known && d.status !== known.status) {
      this.reportVerified(
        'DecisionChanged',
        known,
        `block ${known.blockId} was verified ${known.status} and is now recorded ${d.status}`,
        `${known.blockId} ${known.status}->${d.status}`,
      );
      if (d.status === 'undecided') return false;
    } else if (known && known.digest === d.digest) {
      // Unchanged since verified; a block found missing before and now back as it was is fine again.
      if (!known.flaw) this.flagged.delete(d.blockId);
      return false;
    }
    // Undecided blocks are checked by the vote pipeline, and by the read path if anyone asks.
    return d.status !== 'undecided';
  }

  private missing(height: number, read: number): void {
    const known = this.byHeight.get(height);
    if (known && known.read > read) return;
    if (!known) {
      this.opts.monitor.report(
        {
          code: 'HeightGap',
          source: 'watchdog',
          height,
          detail: `no block is stored at height ${height}, below the chain's top: one was deleted`,
        },
        `gap ${height}`,
      );
      return;
    }
    this.reportVerified(
      'BlockMissing',
      known,
      `block ${known.blockId}, verified ${known.status} at height ${height}, is gone`,
      `${known.blockId} missing`,
    );
  }

  private reportVerified(code: FindingCode, known: Verified, detail: string, subject: string): void {
    this.opts.monitor.report(
      { code, source: 'watchdog', blockId: known.blockId, height: known.height, detail },
      subject,
    );
    if (!this.flagged.has(known.blockId))
      this.flagged.set(known.blockId, { height: known.height, code, detail });
  }

  private async checkOne(blockId: string, height: number): Promise<Vouch> {
    const read = ++this.reads;
    const [d] = await this.opts.store.getBlockDigests(height - 1, 1);
    if (!d || d.height !== height || d.blockId !== blockId)
      return { ok: false, code: 'BlockMissing', detail: `block ${blockId} is not at height ${height}` };
    const verdicts = await this.verify([d], read);
    return verdicts.get(blockId) ?? { ok: false, code: 'BlockMissing', detail: `block ${blockId} is gone` };
  }

  /**
   * Fetches and audits blocks whose digests were read first (so a change after the digest is
   * seen by the next pass), reports what the audit finds and records decided blocks.
   */
  private async verify(digests: readonly BlockDigest[], read: number): Promise<Map<string, Vouch>> {
    const ids = digests.map((d) => d.blockId);
    // Blocks first, then votes: votes are only ever added, so the votes read after a block's
    // decision include every vote that decided it (read the other way round, a decision made
    // between the two reads would look like one without a quorum).
    const blocks = await this.readEach(ids, (list) => this.opts.store.getBlocksById(list));
    const votes = await this.readEach(ids, (list) => this.opts.store.getVotes(list));
    const out = new Map<string, Vouch>();
    digests.forEach((d, i) => {
      const stored = blocks[i];
      const blockVotes = votes[i];
      if (stored === null) return; // deleted since the digest was read: the next pass sees it gone
      if (stored === undefined || blockVotes === undefined) {
        const flaw: AuditFinding = {
          code: 'BlockUnreadable',
          blockId: d.blockId,
          height: d.height,
          subject: `${d.blockId} unreadable`,
          detail: `block ${d.blockId} at height ${d.height}: its stored ${stored === undefined ? 'rows' : 'votes'} no longer parse`,
        };
        this.record(d, read, d.status, [flaw], flaw);
        out.set(d.blockId, bad(flaw));
        return;
      }
      const audit = auditBlock(stored, blockVotes, this.opts.audit);
      this.record(d, read, stored.status, audit.findings, audit.flaw);
      out.set(d.blockId, audit.flaw ? bad(audit.flaw) : { ok: true, status: stored.status });
    });
    return out;
  }

  private record(
    d: BlockDigest,
    read: number,
    status: BlockStatus,
    findings: readonly AuditFinding[],
    flaw: AuditFinding | null,
  ): void {
    for (const f of findings) this.opts.monitor.report({ ...f, source: 'watchdog' }, f.subject);
    if (flaw) {
      if (!this.flagged.has(d.blockId))
        this.flagged.set(d.blockId, { height: d.height, code: flaw.code, detail: flaw.detail });
    } else {
      this.flagged.delete(d.blockId);
    }
    if (status === 'undecided') return;
    const entry: Verified = { height: d.height, blockId: d.blockId, status, digest: d.digest, read, flaw };
    this.byHeight.set(d.height, entry);
    this.byId.set(d.blockId, entry);
    this.maxVerifiedHeight = Math.max(this.maxVerifiedHeight, d.height);
  }

  /**
   * Reads a batch, and when the batch fails (a row that no longer parses) each id alone, so one
   * damaged block does not hide the others: undefined marks the unreadable ones.
   */
  private async readEach<T>(
    ids: readonly string[],
    read: (ids: readonly string[]) => Promise<T[]>,
  ): Promise<(T | undefined)[]> {
    try {
      return await read(ids);
    } catch {
      return Promise.all(
        ids.map(async (id) => {
          try {
            return (await read([id]))[0];
          } catch {
            return undefined;
          }
        }),
      );
    }
  }
}

function bad(f: { code: FindingCode; detail: string }): Vouch {
  return { ok: false, code: f.code, detail: f.detail };
}
