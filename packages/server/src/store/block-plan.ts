import assert from 'node:assert/strict';
import { assetIdOf, type SignedTransaction } from '@bigchaindb-ts/core';
import { blockPositionsMax } from './constants.js';
import { StoreError, type SpendConflict, type TxConflict } from './errors.js';
import type { Block } from './types.js';

/** One transaction of a block as it is written: the JSON text stored is the text returned. */
export interface PlannedTx {
  readonly id: string;
  readonly position: number;
  readonly operation: string;
  readonly assetId: string;
  readonly json: string;
  readonly tx: SignedTransaction;
}

/** An output a transaction of the block spends. */
export interface PlannedSpend {
  readonly txId: string;
  readonly outputIndex: number;
  readonly spender: string;
}

/**
 * Everything the dialects need to write a block, computed once and without the database: the
 * rows, and the collisions inside the block itself (a transaction listed twice, or two inputs of
 * the block spending one output), which no unique index could report in a useful way.
 */
export interface BlockPlan {
  readonly blockId: string;
  readonly nodePubkey: string;
  readonly timestamp: string;
  /** The block's JSON with an empty `transactions` array; each transaction is stored once, in its own row. */
  readonly shell: string;
  /** Transactions in block order, each id once. */
  readonly txs: readonly PlannedTx[];
  /** Spends in block order, each output once. */
  readonly spends: readonly PlannedSpend[];
  readonly txConflicts: readonly TxConflict[];
  readonly spendConflicts: readonly SpendConflict[];
}

export function planBlock(block: Block): BlockPlan {
  const transactions = block.block.transactions;
  if (transactions.length > blockPositionsMax)
    throw new StoreError(
      'invalid_argument',
      `a block holds at most ${blockPositionsMax} transactions, got ${transactions.length}`,
    );
  const txs: PlannedTx[] = [];
  const spends: PlannedSpend[] = [];
  const txConflicts: TxConflict[] = [];
  const spendConflicts: SpendConflict[] = [];
  const seenTx = new Set<string>();
  const spentBy = new Map<string, string>();
  transactions.forEach((tx, position) => {
    if (seenTx.has(tx.id)) {
      txConflicts.push({ txId: tx.id, blockId: block.id });
      return;
    }
    seenTx.add(tx.id);
    txs.push({
      id: tx.id,
      position,
      operation: tx.operation,
      assetId: assetIdOf(tx),
      json: JSON.stringify(tx),
      tx,
    });
    for (const input of tx.inputs) {
      if (input.fulfills === null) continue;
      const { transaction_id, output_index } = input.fulfills;
      const key = `${transaction_id}:${output_index}`;
      const holder = spentBy.get(key);
      if (holder !== undefined) {
        spendConflicts.push({ output: input.fulfills, txId: tx.id, spentBy: holder, blockId: block.id });
        continue;
      }
      spentBy.set(key, tx.id);
      spends.push({ txId: transaction_id, outputIndex: output_index, spender: tx.id });
    }
  });
  const shell = JSON.stringify({ ...block, block: { ...block.block, transactions: [] } });
  return {
    blockId: block.id,
    nodePubkey: block.block.node_pubkey,
    timestamp: block.block.timestamp,
    shell,
    txs,
    spends,
    txConflicts,
    spendConflicts,
  };
}

/**
 * Rebuilds a block from its shell and its transactions' JSON, in position order. The shell's
 * empty array and the row count are checked, so a block never comes back with transactions
 * missing or duplicated.
 */
export function assembleBlock(shell: string, txCount: number, txJsons: readonly string[]): Block {
  const parsed = JSON.parse(shell) as { block: { transactions: unknown[] } };
  assert.ok(Array.isArray(parsed.block.transactions) && parsed.block.transactions.length === 0);
  assert.equal(txJsons.length, txCount, 'a stored block lost transaction rows');
  parsed.block.transactions = txJsons.map((json) => JSON.parse(json) as unknown);
  return parsed as unknown as Block;
}

/**
 * A block's JSON text rebuilt from its shell and its transactions' JSON, in position order, without
 * parsing them: the shell's one `"transactions":[]` (a key that no JSON string can contain
 * unescaped) gets the transactions spliced in. Parsing the result gives what `assembleBlock` gives.
 */
export function assembleBlockText(shell: string, txCount: number, txJsons: readonly string[]): string {
  const empty = '"transactions":[]';
  const at = shell.indexOf(empty);
  assert.ok(
    at >= 0 && shell.lastIndexOf(empty) === at,
    'a stored block shell without one empty transaction list',
  );
  assert.equal(txJsons.length, txCount, 'a stored block lost transaction rows');
  return `${shell.slice(0, at)}"transactions":[${txJsons.join(',')}]${shell.slice(at + empty.length)}`;
}

/** The outputs a stored transaction spends, in input order. */
export function spendsOf(tx: SignedTransaction): PlannedSpend[] {
  const out: PlannedSpend[] = [];
  for (const input of tx.inputs) {
    if (input.fulfills === null) continue;
    out.push({
      txId: input.fulfills.transaction_id,
      outputIndex: input.fulfills.output_index,
      spender: tx.id,
    });
  }
  return out;
}
