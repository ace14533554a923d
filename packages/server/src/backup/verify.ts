import assert from 'node:assert/strict';
import { defaultLimits, MemoryLedger, ValidationError, type SignedTransaction } from '@bigchaindb-ts/core';
import type { RulesChain, RulesLedgerView } from '../consensus/index.js';
import { checkBlockSignature, checkVoteSignature, tallyVotes } from '../model/index.js';
import { StatelessValidator, type VerifyResult } from '../node/index.js';
import {
  dumpFormat,
  dumpFormatVersion,
  DumpReadError,
  readDumpLines,
  type DumpBlockLine,
  type DumpHeader,
  type DumpTrailer,
  type ReadLine,
} from './format.js';

/** Where a check failed: as precise as the failure allows. */
export interface DumpPosition {
  readonly file: string;
  readonly line: number;
  readonly height?: number;
  readonly blockId?: string;
  readonly txId?: string;
}

/** A dump that fails a check: the reason and where. Nothing is written when one is raised. */
export class DumpRefusal extends Error {
  readonly position: DumpPosition;
  readonly reason: string;
  constructor(position: DumpPosition, reason: string) {
    const where = [
      `${position.file}, line ${position.line}`,
      position.height === undefined ? null : `height ${position.height}`,
      position.blockId === undefined ? null : `block ${position.blockId}`,
      position.txId === undefined ? null : `transaction ${position.txId}`,
    ].filter((p) => p !== null);
    super(`${where.join(', ')}: ${reason}`);
    this.name = 'DumpRefusal';
    this.position = position;
    this.reason = reason;
  }
}

/**
 * How far phase 1 (schema, id, signatures: in worker threads) runs ahead of the checks made in
 * ledger order on this thread: at most this many lines read but not yet checked, and at most this
 * many of their transactions. Enough to keep every worker busy while a block is checked against
 * the ledger; bounded so a long dump does not sit in memory.
 */
const linesAhead = 64;
const transactionsAhead = 8_192;

/** A line read from a dump, parsed, waiting for its turn to be checked in order. */
interface ReadAhead {
  readonly at: DumpPosition;
  /** False when the line is not JSON (refused in its turn, not when read). */
  readonly json: boolean;
  /** Null for a line that is the JSON `null`. */
  readonly doc: { type?: unknown } | null;
  /** For a trailer: the digest of the bytes before it, taken when it was read (see `ReadLine`). */
  readonly digestBefore: string | null;
  readonly bytes: number;
  /** Phase 1 of a valid block's transactions, one result each, started when the line was read. */
  readonly phaseOne: Promise<VerifyResult[]> | null;
  readonly transactions: number;
}

/** What a chain of files held, once every check passed. */
export interface ChainSummary {
  readonly files: number;
  readonly blocks: number;
  readonly votes: number;
  readonly transactions: number;
  readonly bytes: number;
  /** The last height of the chain, or null when it holds no block. */
  readonly toHeight: number | null;
  /** The digest of the last file. */
  readonly digest: string;
  /** False when the chain starts with an incremental dump: the ledger rules could not be checked. */
  readonly ledgerChecked: boolean;
}

/**
 * Checks a chain of dump files (a full one, then incremental ones continuing it), line by line, and
 * hands each checked block to `onBlock` (restore writes it there). The checks, in order: the header,
 * each block's height (no gap), id and maker's signature, each vote's signature and target, the
 * decision against the tally of the votes under the header's federation and quorum, every
 * transaction of a valid block (its id is the hash of its body, its signatures, and the consensus
 * rules against the ledger built so far in ledger order), the trailer's counts and digest, and that
 * each file continues the one before. Votes' `previous_block` links must name blocks of the chain
 * (checked at the end, as a voter may vote on a block before the one below it).
 */
export class ChainVerifier {
  readonly #rules: RulesChain;
  readonly #threads: number;
  /** Started on the first block, closed by `close`. */
  #validator: StatelessValidator | null = null;
  readonly #ledger = new MemoryLedger();
  readonly #claims = new Map<string, string>();
  readonly #blockIds = new Set<string>();
  /** Vote links to blocks not seen yet: resolved at `finish`. */
  readonly #pendingLinks = new Map<string, DumpPosition>();
  #files = 0;
  #blocks = 0;
  #votes = 0;
  #transactions = 0;
  #bytes = 0;
  #lastHeight: number | null = null;
  #lastDigest: string | null = null;
  #ledgerChecked = true;

  /**
   * `threads`: worker threads for phase 1 (0 runs it on this thread). By default one per core:
   * this thread then spends its time on the checks that must run in ledger order.
   */
  constructor(rules: RulesChain, options: { readonly threads?: number } = {}) {
    this.#rules = rules;
    this.#threads = options.threads ?? StatelessValidator.defaultThreads();
  }

  /** Stops the worker threads (idle ones do not keep the process alive, but a caller should). */
  async close(): Promise<void> {
    const validator = this.#validator;
    this.#validator = null;
    await validator?.close();
  }

  /** False once the chain turned out to start with an incremental dump (see `ChainSummary`). */
  get ledgerChecked(): boolean {
    return this.#ledgerChecked;
  }

  /** Checks one file, continuing the files checked before. */
  async verifyFile(
    file: string,
    onBlock?: (line: DumpBlockLine) => Promise<void>,
    onProgress?: (state: { blocks: number; transactions: number; bytes: number }) => void,
  ): Promise<DumpTrailer> {
    // Set inside `check` below: declared so that the compiler does not narrow them to null here.
    let header = null as DumpHeader | null;
    let trailer = null as DumpTrailer | null;
    let lineNo = 0;
    let blocks = 0;
    let votes = 0;
    let transactions = 0;
    let bytes = 0;
    let lastHeight: number | null = null;
    // Each line is checked exactly as if it were checked when read, in file order; only phase 1
    // of valid blocks' transactions runs earlier, in the worker pool, and its verdicts are read
    // in their turn, so a refusal names the same line, block and transaction as it would alone.
    const check = async (entry: ReadAhead): Promise<void> => {
      const { at } = entry;
      // A `null` line fails below as it did before lines were read ahead.
      const doc = entry.doc as { type?: unknown };
      bytes = entry.bytes;
      if (trailer !== null) throw new DumpRefusal(at, 'a line after the trailer');
      if (!entry.json) throw new DumpRefusal(at, 'the line is not JSON');
      if (header === null) {
        header = this.#checkHeader(at, doc);
        lastHeight = header.after_height;
        return;
      }
      if (doc.type === 'trailer') {
        trailer = doc as DumpTrailer;
        const digest = entry.digestBefore;
        if (trailer.digest !== digest)
          throw new DumpRefusal(
            at,
            `the trailer's digest ${String(trailer.digest)} is not the file's ${String(digest)}`,
          );
        const counted = { blocks, votes, transactions, to_height: lastHeight };
        for (const [k, v] of Object.entries(counted))
          if (trailer[k as keyof typeof counted] !== v)
            throw new DumpRefusal(
              at,
              `the trailer says ${k} ${String(trailer[k as keyof typeof counted])}, the file holds ${String(v)}`,
            );
        return;
      }
      if (doc.type !== 'block') throw new DumpRefusal(at, `unknown line type ${JSON.stringify(doc.type)}`);
      const line = doc as DumpBlockLine;
      const expected = lastHeight === null ? 0 : lastHeight + 1;
      if (line.height !== expected)
        throw new DumpRefusal(
          { ...at, height: line.height, blockId: line.block?.id },
          `height gap: expected block ${expected}, found ${String(line.height)} (a block is missing)`,
        );
      await this.#checkBlock(at, line, header, entry.phaseOne);
      lastHeight = line.height;
      blocks++;
      votes += line.votes.length;
      transactions += line.block.block.transactions.length;
      if (onBlock) await onBlock(line);
      onProgress?.({
        blocks: this.#blocks + blocks,
        transactions: this.#transactions + transactions,
        bytes: this.#bytes + bytes,
      });
    };
    const waiting: ReadAhead[] = [];
    let transactionsWaiting = 0;
    const checkOldest = async (): Promise<void> => {
      const entry = waiting.shift()!;
      transactionsWaiting -= entry.transactions;
      await check(entry);
    };
    try {
      try {
        for await (const read of readDumpLines(file)) {
          lineNo = read.line;
          const entry = this.#readAhead(file, read);
          waiting.push(entry);
          transactionsWaiting += entry.transactions;
          while (waiting.length > linesAhead || transactionsWaiting > transactionsAhead) await checkOldest();
        }
      } catch (err) {
        if (!(err instanceof DumpReadError)) throw err;
        // The lines read before the damage are checked first: one of them may be refused, as it
        // would have been before the damage was reached.
        while (waiting.length > 0) await checkOldest();
        throw err;
      }
      while (waiting.length > 0) await checkOldest();
    } catch (err) {
      if (err instanceof DumpReadError)
        throw new DumpRefusal({ file, line: err.line }, `truncated or damaged: ${err.message}`);
      throw err;
    }
    if (header === null) throw new DumpRefusal({ file, line: 0 }, 'the file is empty');
    if (trailer === null)
      throw new DumpRefusal({ file, line: lineNo }, 'truncated: the file ends without its trailer');
    this.#files++;
    this.#blocks += blocks;
    this.#votes += votes;
    this.#transactions += transactions;
    this.#bytes += bytes;
    this.#lastHeight = lastHeight;
    this.#lastDigest = trailer.digest;
    return trailer;
  }

  /** The end of the chain: every vote link must have found its block. */
  finish(): ChainSummary {
    for (const [id, at] of this.#pendingLinks)
      if (!this.#blockIds.has(id))
        throw new DumpRefusal(
          at,
          `a vote's previous_block ${id} is not a block of the chain (a missing block?)`,
        );
    assert.ok(this.#lastDigest !== null, 'finish before any file was checked');
    return {
      files: this.#files,
      blocks: this.#blocks,
      votes: this.#votes,
      transactions: this.#transactions,
      bytes: this.#bytes,
      toHeight: this.#lastHeight,
      digest: this.#lastDigest,
      ledgerChecked: this.#ledgerChecked,
    };
  }

  /**
   * Parses a line as it is read and, for a valid block, hands its transactions' phase 1 to the
   * worker pool. Nothing is judged here: a line that later turns out to be refused only cost
   * some wasted verification.
   */
  #readAhead(file: string, read: ReadLine): ReadAhead {
    const at: DumpPosition = { file, line: read.line };
    let doc: { type?: unknown } | null;
    let json = true;
    try {
      doc = JSON.parse(read.text) as { type?: unknown };
    } catch {
      doc = {};
      json = false;
    }
    // Only a trailer needs it, and it must be taken before the next line is read.
    const digestBefore = doc?.type === 'trailer' ? read.digestBefore() : null;
    let phaseOne: Promise<VerifyResult[]> | null = null;
    let count = 0;
    const line = doc as Partial<DumpBlockLine> | null;
    const txs: unknown = line?.block?.block?.transactions;
    if (line?.type === 'block' && line.status === 'valid' && Array.isArray(txs)) {
      const nowMs = blockTimeMs(line as DumpBlockLine);
      const validator = (this.#validator ??= new StatelessValidator(defaultLimits, this.#threads));
      count = txs.length;
      phaseOne = Promise.all((txs as SignedTransaction[]).map((tx) => validator.validateParsed(tx, nowMs)));
      // Seen in the line's turn (a crashed worker); until then it must not count as unhandled,
      // and if an earlier line is refused it is never looked at.
      phaseOne.catch(() => undefined);
    }
    return { at, json, doc, digestBefore, bytes: read.bytes, phaseOne, transactions: count };
  }

  #checkHeader(at: DumpPosition, doc: { type?: unknown }): DumpHeader {
    const h = doc as Partial<DumpHeader>;
    if (h.type !== 'header' || h.format !== dumpFormat)
      throw new DumpRefusal(at, 'not a BigchainDB dump (no header)');
    if (h.version !== dumpFormatVersion)
      throw new DumpRefusal(
        at,
        `dump format version ${String(h.version)}; this node reads version ${dumpFormatVersion}`,
      );
    if (!Array.isArray(h.federation) || (h.vote_quorum !== 'majority' && h.vote_quorum !== 'two_thirds'))
      throw new DumpRefusal(at, 'the header has no federation or vote quorum');
    const after = h.after_height ?? null;
    if (this.#files === 0) {
      // A chain that starts with an incremental dump lacks the transactions its blocks spend.
      if (after !== null) this.#ledgerChecked = false;
    } else {
      if (after !== this.#lastHeight)
        throw new DumpRefusal(
          at,
          `does not continue the previous file: it starts after height ${String(after)}, the previous file ends at ${String(this.#lastHeight)}`,
        );
      if (h.previous_digest != null && h.previous_digest !== this.#lastDigest)
        throw new DumpRefusal(
          at,
          `does not continue the previous file: it names digest ${h.previous_digest}, the previous file's is ${String(this.#lastDigest)}`,
        );
    }
    return h as DumpHeader;
  }

  async #checkBlock(
    at: DumpPosition,
    line: DumpBlockLine,
    header: DumpHeader,
    phaseOne: Promise<VerifyResult[]> | null,
  ): Promise<void> {
    const block = line.block;
    const where: DumpPosition = { ...at, height: line.height, blockId: block?.id };
    const signed = checkBlockSignature(block);
    if (!signed.ok) throw new DumpRefusal(where, `the block fails its check: ${signed.reason}`);
    if (this.#blockIds.has(block.id)) throw new DumpRefusal(where, 'the block appears twice');
    if (line.status !== 'valid' && line.status !== 'invalid')
      throw new DumpRefusal(
        where,
        `status ${JSON.stringify(line.status)} (a dump holds decided blocks only)`,
      );
    if (!isList(line.votes)) throw new DumpRefusal(where, 'the block line has no votes');
    for (const vote of line.votes) {
      if (!checkVoteSignature(vote))
        throw new DumpRefusal(where, `the vote of ${String(vote?.node_pubkey)} has a bad signature`);
      if (vote.vote.voting_for_block !== block.id)
        throw new DumpRefusal(
          where,
          `the vote of ${vote.node_pubkey} is for block ${vote.vote.voting_for_block}`,
        );
      const link = vote.vote.previous_block;
      // A voter's first vote links to the block itself; later ones to the block it voted on before.
      if (
        link !== block.id &&
        !this.#blockIds.has(link) &&
        this.#ledgerChecked &&
        !this.#pendingLinks.has(link)
      )
        this.#pendingLinks.set(link, where);
    }
    const tally = tallyVotes(block.block.voters, line.votes, header.vote_quorum, header.federation);
    if (tally.decision !== line.status)
      throw new DumpRefusal(
        where,
        `the block is recorded ${line.status} but its votes decide ${tally.decision} (${tally.valid} valid, ${tally.invalid} invalid)`,
      );
    this.#blockIds.add(block.id);
    // An invalid block's transactions never reached the ledger; its id and signature cover them.
    if (line.status === 'valid') {
      assert.ok(phaseOne !== null, 'a valid block line read without its phase 1');
      this.#checkTransactions(where, line, header, await phaseOne);
    }
  }

  #checkTransactions(
    where: DumpPosition,
    line: DumpBlockLine,
    header: DumpHeader,
    phaseOne: readonly VerifyResult[],
  ): void {
    const ledger = this.#ledger;
    const claims = this.#claims;
    const view: RulesLedgerView = {
      getTransaction: (id) => ledger.getTransaction(id),
      getSpender: (txId, index) => ledger.getSpender(txId, index),
      claimHolder: (index, key) => claims.get(`${index}\u0000${key}`),
    };
    for (const [i, tx] of line.block.block.transactions.entries()) {
      const at = { ...where, txId: (tx as { id?: string })?.id };
      const stateless = phaseOne[i]!;
      if (!stateless.ok) throw new DumpRefusal(at, `${stateless.code}: ${stateless.message}`);
      const checked = stateless.checked;
      if (!this.#ledgerChecked) continue;
      let verdict;
      try {
        verdict = this.#rules.validateTransaction({ federation: header.federation }, checked, view);
      } catch (err) {
        if (err instanceof ValidationError) throw new DumpRefusal(at, `${err.code}: ${err.message}`);
        throw err;
      }
      if (!verdict.ok) throw new DumpRefusal(at, `${verdict.error.code}: ${verdict.error.message}`);
      this.#record(verdict.tx);
    }
  }

  #record(tx: SignedTransaction): void {
    this.#ledger.add(tx);
    for (const c of this.#rules.claims.of(tx)) this.#claims.set(`${c.index}\u0000${c.key}`, tx.id);
  }
}

/** Timeout conditions are judged at the block's time, as its voters judged them. */
function blockTimeMs(line: DumpBlockLine): number {
  const seconds = Number(line.block.block.timestamp);
  return Number.isFinite(seconds) ? seconds * 1000 : Date.now();
}

/** `Array.isArray` without its narrowing to `any[]`, which would erase the line's declared types. */
function isList(value: unknown): boolean {
  return Array.isArray(value);
}
