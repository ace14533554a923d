import { transactionId, type SignedTransaction } from '@bigchaindb-ts/core';
import { checkBlockSignature, tallyVotes, type Vote, type VoteQuorum } from '../../model/index.js';
import type { StoredBlock } from '../../store/index.js';
import type { Finding, FindingCode } from './federation-monitor.js';

export interface AuditContext {
  /** The federation as this node knows it (keyring plus itself). */
  readonly federation: readonly string[];
  readonly voteQuorum: VoteQuorum;
  /** Verifies a vote's signature (the node caches results: a vote is verified once per process). */
  readonly voteSigned: (vote: Vote) => boolean;
}

/** A finding of an audit, before it is given a source and a time. */
export type AuditFinding = Omit<Finding, 'source' | 'atMs'> & { readonly subject: string };

export interface Audit {
  /**
   * The first finding that makes the block's stored form untrustworthy (its content, or its
   * recorded decision), or null. A block with a flaw is never served as valid.
   */
  readonly flaw: AuditFinding | null;
  /** Everything found, the flaw included: votes that do not count are reported but are no flaw. */
  readonly findings: readonly AuditFinding[];
}

/**
 * Re-checks one stored block and its votes as they are now, trusting no row: the block's id and
 * maker's signature (which cover every byte of its transactions), each transaction's id, each
 * vote's signature and target, and that its recorded decision follows from the valid votes of
 * members. Pure and synchronous; the watchdog and the read path call it.
 */
export function auditBlock(stored: StoredBlock, votes: readonly Vote[], ctx: AuditContext): Audit {
  const findings: AuditFinding[] = [];
  const block = stored.block;
  const base = { blockId: block.id, height: stored.height };
  const add = (code: FindingCode, detail: string, subject: string, extra: Partial<AuditFinding> = {}) =>
    findings.push({ code, detail, subject, ...base, ...extra });

  const signature = checkBlockSignature(block);
  if (!signature.ok)
    add(
      'BlockAltered',
      `block ${block.id} at height ${stored.height} as stored fails its check (${signature.reason}): ` +
        `its content or signature was changed after it was written`,
      block.id,
    );
  // Also when the block fails as a whole: this names the transaction that was changed.
  const transactions: readonly SignedTransaction[] = Array.isArray(block.block?.transactions)
    ? block.block.transactions
    : [];
  for (const tx of transactions) {
    let id: string | undefined;
    try {
      id = transactionId(tx);
    } catch {
      id = undefined;
    }
    if (id !== tx?.id)
      add(
        'TransactionIdMismatch',
        `transaction ${String(tx?.id)} in block ${block.id} does not hash to its id`,
        `${block.id} ${String(tx?.id)}`,
        {
          txId: String(tx?.id),
        },
      );
  }
  const maker = block.block?.node_pubkey;
  if (stored.status === 'valid' && !ctx.federation.includes(maker))
    add(
      'ValidBlockFromOutsider',
      `block ${block.id} is recorded valid but was made by ${maker}, not a member`,
      block.id,
      {
        key: maker,
      },
    );

  const voters: readonly string[] = Array.isArray(block.block?.voters) ? block.block.voters : [];
  const counted: Vote[] = [];
  for (const v of votes) {
    const voter = typeof v?.node_pubkey === 'string' ? v.node_pubkey : '?';
    const subject = `${block.id} ${voter} ${String(v?.signature)}`;
    if (v?.vote?.voting_for_block !== block.id) {
      add('VoteForAnotherBlock', `a vote by ${voter} stored under block ${block.id} is not for it`, subject, {
        key: voter,
      });
      continue;
    }
    if (!ctx.voteSigned(v)) {
      add('InvalidVoteSignature', `the vote of ${voter} on block ${block.id} does not verify`, subject, {
        key: voter,
      });
      continue;
    }
    if (!ctx.federation.includes(voter) || !voters.includes(voter)) {
      add(
        'VoteFromOutsider',
        `${voter} voted on block ${block.id} but is not one of its member voters`,
        subject,
        {
          key: voter,
        },
      );
      continue;
    }
    counted.push(v);
  }
  if (stored.status !== 'undecided') {
    const tally = tallyVotes(voters, counted, ctx.voteQuorum, ctx.federation);
    for (const key of tally.equivocations)
      add('Equivocation', `${key} cast different votes on block ${block.id}`, `${block.id} ${key}`, { key });
    if (stored.status === 'valid' && tally.decision !== 'valid')
      add(
        'DecisionWithoutQuorum',
        `block ${block.id} is recorded valid with ${tally.valid} valid vote(s) of members, not enough for ${ctx.voteQuorum}`,
        block.id,
      );
    if (stored.status === 'invalid' && tally.decision === 'valid')
      add(
        'DecisionContradicted',
        `block ${block.id} is recorded invalid but its votes make it valid`,
        block.id,
      );
  }
  const flawCodes: ReadonlySet<FindingCode> = new Set<FindingCode>([
    'BlockAltered',
    'TransactionIdMismatch',
    'ValidBlockFromOutsider',
    'DecisionWithoutQuorum',
    'DecisionContradicted',
  ]);
  return { flaw: findings.find((f) => flawCodes.has(f.code)) ?? null, findings };
}
