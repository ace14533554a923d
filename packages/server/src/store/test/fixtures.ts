// Test data for the store's contract suite: real signed transactions, blocks and votes made with
// the core builders and the server's model, from fixed personas, so every run writes the same bytes.
import {
  keypairFromSeed,
  makeCreateTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  signTransaction,
  type Keypair,
  type SignedCreateTransaction,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import { createBlock, createVote, type Block, type Vote } from '../../model/index.js';

/** The keypair whose seed is 32 bytes of `n`. */
export function persona(n: number): Keypair {
  return keypairFromSeed(Buffer.alloc(32, n));
}

export const alice = persona(1);
export const bob = persona(2);
export const carol = persona(3);
/** Three nodes of a federation. */
export const node1 = persona(101);
export const node2 = persona(102);
export const node3 = persona(103);
export const voters = [node1.publicKey, node2.publicKey, node3.publicKey];

/** A CREATE of `amount` to `owner`, signed by `owner`. */
export function create(
  owner: Keypair,
  data: Record<string, unknown> | null,
  metadata: Record<string, unknown> | null = null,
  amount = '1',
): SignedCreateTransaction {
  return signTransaction(
    makeCreateTransaction(data, metadata, [makeOwnerOutput(owner.publicKey, amount)], [owner.publicKey]),
    owner.privateKey,
  );
}

/** A TRANSFER of output `outputIndex` of `tx` (owned by `from`) to `to`. */
export function transfer(
  tx: SignedTransaction,
  outputIndex: number,
  from: Keypair,
  to: Keypair,
  metadata: Record<string, unknown> | null = null,
): SignedTransaction {
  const amount = tx.outputs[outputIndex]?.amount ?? '1';
  return signTransaction(
    makeTransferTransaction([{ tx, outputIndex }], [makeOwnerOutput(to.publicKey, amount)], metadata),
    from.privateKey,
  );
}

let clockSeconds = 1_700_000_000;

/** A block by `maker`; each call gets a later timestamp, so equal contents still make distinct blocks. */
export function block(transactions: readonly SignedTransaction[], maker: Keypair = node1): Block {
  clockSeconds += 1;
  return createBlock(transactions, maker, voters, String(clockSeconds));
}

export function vote(voter: Keypair, b: Block, valid: boolean, previous = 'genesis'): Vote {
  return createVote(voter, {
    voting_for_block: b.id,
    previous_block: previous,
    is_block_valid: valid,
    invalid_reason: valid ? null : 'DoubleSpend',
    timestamp: String(clockSeconds),
  });
}

/** `n` distinct CREATEs owned by `owner`, with searchable data. */
export function creates(n: number, owner: Keypair = alice, tag = 'item'): SignedCreateTransaction[] {
  return Array.from({ length: n }, (_, i) => create(owner, { kind: tag, serial: `${tag}-${i}` }));
}
