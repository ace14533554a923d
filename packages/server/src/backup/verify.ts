import assert from 'node:assert/strict';
import {
  MemoryLedger,
  ValidationError,
  validateStateless,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import type { RulesChain, RulesLedgerView } from '../consensus/index.js';
import { checkBlockSignature, checkVoteSignature, tallyVotes } from '../model/index.js';
import {
  dumpFormat,
  dumpFormatVersion,
  DumpReadError,
  readDumpLines,
  type DumpBlockLine,
  type DumpHeader,
  type DumpTrailer,
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

  constructor(rules: RulesChain) {
    this.#rules = rules;
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
    let header: DumpHeader | null = null;
    let trailer: DumpTrailer | null = null;
    let lineNo = 0;
    let blocks = 0;
    let votes = 0;
    let transactions = 0;
    let bytes = 0;
    let lastHeight: number | null = null;
    try {
      for await (const read of readDumpLines(file)) {
        lineNo = read.line;
        bytes = read.bytes;
        const at: DumpPosition = { file, line: read.line };
        if (trailer !== null) throw new DumpRefusal(at, 'a line after the trailer');
        let doc: { type?: unknown };
        try {
          doc = JSON.parse(read.text) as { type?: unknown };
        } catch {
          throw new DumpRefusal(at, 'the line is not JSON');
        }
        if (header === null) {
          header = this.#checkHeader(at, doc);
          lastHeight = header.after_height;
          continue;
        }
        if (doc.type === 'trailer') {
          trailer = doc as DumpTrailer;
          const digest = read.digestBefore();
          if (trailer.digest !== digest)
            throw new DumpRefusal(
              at,
              `the trailer's digest ${String(trailer.digest)} is not the file's ${digest}`,
            );
          const counted = { blocks, votes, transactions, to_height: lastHeight };
          for (const [k, v] of Object.entries(counted))
            if (trailer[k as keyof typeof counted] !== v)
              throw new DumpRefusal(
                at,
                `the trailer says ${k} ${String(trailer[k as keyof typeof counted])}, the file holds ${String(v)}`,
              );
          continue;
        }
        if (doc.type !== 'block') throw new DumpRefusal(at, `unknown line type ${JSON.stringify(doc.type)}`);
        const line = doc as DumpBlockLine;
        const expected = lastHeight === null ? 0 : lastHeight + 1;
        if (line.height !== expected)
          throw new DumpRefusal(
            { ...at, height: line.height, blockId: line.block?.id },
            `height gap: expected block ${expected}, found ${String(line.height)} (a block is missing)`,
          );
        this.#checkBlock(at, line, header);
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
      }
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

  #checkBlock(at: DumpPosition, line: DumpBlockLine, header: DumpHeader): void {
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
    if (line.status === 'valid') this.#checkTransactions(where, line, header);
  }

  #checkTransactions(where: DumpPosition, line: DumpBlockLine, header: DumpHeader): void {
    // Timeout conditions are judged at the block's time, as its voters judged them.
    const seconds = Number(line.block.block.timestamp);
    const nowMs = Number.isFinite(seconds) ? seconds * 1000 : Date.now();
    const ledger = this.#ledger;
    const claims = this.#claims;
    const view: RulesLedgerView = {
      getTransaction: (id) => ledger.getTransaction(id),
      getSpender: (txId, index) => ledger.getSpender(txId, index),
      claimHolder: (index, key) => claims.get(`${index}\u0000${key}`),
    };
    for (const tx of line.block.block.transactions) {
      const at = { ...where, txId: (tx as { id?: string })?.id };
      let verdict;
      try {
        const checked = validateStateless(tx, { ctx: { nowMs } });
        if (!this.#ledgerChecked) continue;
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

/** `Array.isArray` without its narrowing to `any[]`, which would erase the line's declared types. */
function isList(value: unknown): boolean {
  return Array.isArray(value);
}
