import {
  ValidationError,
  validateStateless,
  type Draft,
  type OutputLink,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import {
  checkVoteSignature,
  createBlock,
  createVote,
  tallyVotes,
  unixTimestamp,
  type Block,
  type BlockDecision,
  type Vote,
} from '../model/index.js';
import type { OwnedOutput, StoredBlock } from '../store/index.js';
import type { Bigchain } from './bigchain.js';
import type { Refusal } from './node-service.js';

/**
 * The seed's `Bigchain` class (1.11.6) as a library: what a program embedding a node can ask of
 * it directly, without HTTP. Each method is a thin, documented step over the running node, its
 * store and its consensus rules; the pipelines themselves live in `Bigchain`. Validation answers
 * are data (`{ ok, error }`), never bare booleans.
 */
export class BigchainApi {
  constructor(private readonly node: Bigchain) {}

  private get opts() {
    return this.node.options;
  }

  // Transactions (consensus entry points 3 and 4: create and sign).

  createTransaction(draft: Draft): Draft {
    return this.node.rules.entry.createTransaction(draft);
  }

  signTransaction(draft: Draft, ...privateKeys: string[]): SignedTransaction {
    return this.node.rules.entry.signTransaction(draft, ...privateKeys);
  }

  /** Validates and writes to the backlog (`mode` as over HTTP). */
  writeTransaction(tx: SignedTransaction, mode: 'async' | 'sync' | 'commit' = 'async') {
    return this.node.submit(JSON.stringify(tx), mode);
  }

  getTransaction(id: string): Promise<SignedTransaction | undefined> {
    return this.node.reads.getTransaction(id);
  }

  getStatus(id: string) {
    return this.node.reads.getStatus(id);
  }

  /** Unspent outputs a key can spend (the seed's `get_owned_ids`), in ledger order, first page. */
  async getOwnedIds(publicKey: string, limit = 1000): Promise<OwnedOutput[]> {
    return [...(await this.opts.store.getOutputs(publicKey, { spent: false, limit })).items];
  }

  /** The transaction that spends an output among undecided or valid blocks (`get_spent`). */
  async getSpent(link: OutputLink): Promise<SignedTransaction | undefined> {
    const [spender] = await this.opts.store.getSpenders([link]);
    if (!spender) return undefined;
    const [found] = await this.opts.store.getTransactions([spender.txId], { includeUndecided: true });
    return found?.tx;
  }

  /**
   * Full validation against the ledger as it stands (consensus entry points 1 and 5: schema, id,
   * fulfillments, then the rules' ledger checks), without writing anything.
   */
  async validateTransaction(
    tx: unknown,
  ): Promise<{ ok: true; tx: SignedTransaction } | { ok: false; error: Refusal }> {
    const { clock, limits, store } = this.opts;
    let checked;
    try {
      checked = validateStateless(tx, { ctx: { nowMs: clock.nowMs() }, limits });
    } catch (err) {
      if (err instanceof ValidationError) return { ok: false, error: err };
      throw err;
    }
    // Plugins' references are read with the inputs (their claims are not: nothing is pending here).
    const refs = await this.node.rules.references([checked.tx], store);
    const ids = [
      checked.tx.id,
      ...checked.tx.inputs.flatMap((i) => (i.fulfills ? [i.fulfills.transaction_id] : [])),
      ...refs.transactionsOf(checked.tx.id),
    ];
    const links = checked.tx.inputs.flatMap((i) => (i.fulfills ? [i.fulfills] : []));
    const [found, spenders] = await Promise.all([store.getTransactions(ids), store.getSpenders(links)]);
    const txs = new Map(found.flatMap((t) => (t ? [[t.tx.id, t.tx] as const] : [])));
    const spent = new Map(links.map((l, i) => [`${l.transaction_id}:${l.output_index}`, spenders[i]?.txId]));
    return this.node.rules.validateTransaction({ federation: this.node.federation }, checked, {
      getTransaction: (id) => txs.get(id),
      getSpender: (txId, index) => spent.get(`${txId}:${index}`) ?? undefined,
    });
  }

  /** Every block that holds the transaction, with its status (`get_blocks_status_containing_tx`). */
  async getBlocksStatusContainingTx(
    txId: string,
  ): Promise<Record<string, 'valid' | 'invalid' | 'undecided'>> {
    const blocks = await this.opts.store.getBlocksContaining(txId);
    return Object.fromEntries(blocks.map((b) => [b.block.id, b.status]));
  }

  // Blocks and votes (consensus entry point 2: validate_block).

  /** Signs a block of already validated transactions (`create_block`). */
  createBlock(transactions: readonly SignedTransaction[]): Block {
    return createBlock(transactions, this.opts.keypair, this.node.federation, unixTimestamp(this.opts.clock));
  }

  /** The rules' block checks (signature, maker and voters in the federation); the reason when invalid. */
  validateBlock(block: Block): { ok: true } | { ok: false; reason: string } {
    const reason = this.node.rules.validateBlock({ federation: this.node.federation }, block);
    return reason === null ? { ok: true } : { ok: false, reason };
  }

  writeBlock(block: Block) {
    return this.opts.store.writeBlock(block);
  }

  /** A signed vote of this node (`vote`); write it with `writeVote`. */
  vote(blockId: string, previousBlockId: string, valid: boolean, invalidReason: string | null = null): Vote {
    return createVote(this.opts.keypair, {
      voting_for_block: blockId,
      previous_block: previousBlockId,
      is_block_valid: valid,
      invalid_reason: valid ? null : invalidReason,
      timestamp: unixTimestamp(this.opts.clock),
    });
  }

  async writeVote(vote: Vote): Promise<boolean> {
    const [outcome] = await this.opts.store.writeVotes([vote]);
    return outcome?.written ?? false;
  }

  /**
   * The election's verdict from the stored votes, each signature checked (`block_election_status`).
   * Counted as the node's election counts: only members of this node's federation that the block
   * lists, over a quorum of the larger of the two lists, so a block that lists only its maker is
   * not decided by the maker's own vote.
   */
  async blockElectionStatus(block: Block): Promise<BlockDecision> {
    const [votes] = await this.opts.store.getVotes([block.id]);
    const signed = (votes ?? []).filter(checkVoteSignature);
    return tallyVotes(block.block.voters, signed, this.opts.voteQuorum, this.node.federation).decision;
  }

  getLastVotedBlock(): Promise<StoredBlock | null> {
    return this.opts.store.getLastVotedBlock(this.node.publicKey);
  }

  getUnvotedBlocks(limit = 100): Promise<StoredBlock[]> {
    return this.opts.store.getUnvotedBlocks(this.node.publicKey, { limit });
  }
}
