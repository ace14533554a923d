import { BoundedCache } from '@bigchaindb-ts/core';
import { checkVoteSignature, type Vote } from '../../model/index.js';
import type { StoredBlock } from '../../store/index.js';
import { voteChecksCacheSize } from '../constants.js';
import type { FederationMonitor } from './federation-monitor.js';

/**
 * Which votes read from the store may be counted. A vote's signature is verified once per process
 * (the election reads the same votes on every poll); a vote that fails is reported once and ignored.
 */
export class VoteChecks {
  /** Vote signatures checked by this process: key → verified. */
  readonly #checked = new BoundedCache<string, boolean>(voteChecksCacheSize);

  constructor(private readonly monitor: FederationMonitor) {}

  /** Checks a vote's signature, remembering the answer for this exact vote. */
  signed(v: Vote): boolean {
    const key = `${String(v?.node_pubkey)}\n${String(v?.signature)}\n${JSON.stringify(v?.vote)}`;
    const known = this.#checked.get(key);
    if (known !== undefined) return known;
    return this.#checked.set(key, checkVoteSignature(v));
  }

  /** Whether a vote stored under `stored` may be counted: it names this block and its signature verifies. */
  countable(stored: StoredBlock, v: Vote): boolean {
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
    if (this.signed(v)) return true;
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
}

/** How a vote is named when reported: one report per block, voter and signature. */
export function voteSubject(blockId: string, v: Vote): string {
  return `${blockId} ${String(v?.node_pubkey)} ${String(v?.signature)}`;
}
