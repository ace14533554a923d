import assert from 'node:assert/strict';
import {
  finalizeTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  partiallySign,
  type Output,
  type SignedTransaction,
  type SignedTransferTransaction,
  type Unspent,
} from '@bigchaindb-ts/driver';
import type { LedgerBackend } from '../backend/index.js';
import { idText } from '../db/index.js';
import type { Keystore } from '../keystore/index.js';
import type { Logger } from '../log/index.js';
import { idParam, type BookSession, type WalletBook } from '../model/index.js';
import { changeKey } from './hot-keys.js';

/** Fault points for the crash tests: called right after a broadcast is recorded opened, and right after the node took it. */
export interface BroadcastHooks {
  readonly afterOpen?: (networkTransactionId: string) => void;
  readonly afterPost?: (networkTransactionId: string) => void;
}

interface Spendable {
  readonly txid: string;
  readonly outputIndex: number;
  readonly owner: string;
  readonly amount: bigint;
}

/**
 * The seed's Broadcaster (reference B.4), one cycle per `service.broadcast_period` for every
 * wallet of the coin: pending sends are collected into one broadcast, which becomes one ledger
 * TRANSFER (an output to each recipient, change back to the wallet's change key), signed, and
 * recorded with its id and body (`opened_at`) before it is posted; `closed_at` and `broadcasted`
 * after. Because the id is a hash of the body, an interrupted broadcast recovers by itself: on
 * every cycle an opened, unclosed broadcast is looked up by its id and closed if the node has it,
 * or the very same body is posted again; only a refusal (its inputs were spent elsewhere) makes it
 * be built anew. So a crash at any point never sends twice and never loses a send.
 */
export class Broadcaster {
  constructor(
    readonly book: WalletBook,
    readonly backend: LedgerBackend,
    readonly keystore: Keystore,
    readonly log: Logger,
    readonly hooks: BroadcastHooks = {},
  ) {}

  get coin(): string {
    return this.backend.coin.name;
  }

  /** One cycle over every wallet of the coin; returns how many broadcasts were closed. */
  async cycle(): Promise<number> {
    const wallets = await this.book.read((b) =>
      b.s.all(`SELECT id FROM wallets WHERE coin = ? ORDER BY id`, [this.coin]),
    );
    let closed = 0;
    for (const w of wallets) {
      const walletId = idText(w.id);
      closed += await this.recoverInterrupted(walletId);
      await this.collectForBroadcast(walletId);
      closed += await this.sendBroadcasts(walletId);
    }
    return closed;
  }

  /** The seed's `collect_for_broadcast`: pending sends join the wallet's unopened broadcast (made if needed). */
  collectForBroadcast(walletId: string): Promise<number> {
    return this.book.transaction(async (b) => {
      const pending = await b.s.all(
        `SELECT id FROM transactions WHERE wallet_id = ? AND state = 'pending' AND receiving_account_id IS NULL
           AND network_transaction_id IS NULL ORDER BY id`,
        [idParam(walletId)],
      );
      if (pending.length === 0) return 0;
      let ntx = await b.s.get(
        `SELECT id FROM network_transactions WHERE wallet_id = ? AND transaction_type = 'broadcast' AND opened_at IS NULL ORDER BY id LIMIT 1`,
        [idParam(walletId)],
      );
      ntx ??= await b.s.get(
        `INSERT INTO network_transactions (coin, transaction_type, state, confirmations, wallet_id, created_at)
         VALUES (?, 'broadcast', 'pending', -1, ?, ?) RETURNING id`,
        [this.coin, idParam(walletId), b.now],
      );
      assert.ok(ntx !== undefined);
      for (const row of pending)
        await b.s.run(`UPDATE transactions SET network_transaction_id = ? WHERE id = ?`, [
          Number(idText(ntx.id)),
          row.id as number,
        ]);
      return pending.length;
    });
  }

  /** Opens and posts the wallet's unopened broadcast, unless one is still open (they would race for the same outputs). */
  async sendBroadcasts(walletId: string): Promise<number> {
    const plan = await this.book.transaction(async (b) => {
      const open = await b.s.get(
        `SELECT id FROM network_transactions WHERE wallet_id = ? AND transaction_type = 'broadcast' AND opened_at IS NOT NULL AND closed_at IS NULL`,
        [idParam(walletId)],
      );
      if (open !== undefined) return undefined;
      const ntx = await b.s.get(
        `SELECT id FROM network_transactions WHERE wallet_id = ? AND transaction_type = 'broadcast' AND opened_at IS NULL ORDER BY id LIMIT 1`,
        [idParam(walletId)],
      );
      if (ntx === undefined) return undefined;
      return this.#plan(b, walletId, idText(ntx.id));
    });
    if (plan === undefined) return 0;
    if ('short' in plan) {
      this.log.warn('the wallet holds too little on the ledger for its pending sends; they wait', {
        coin: this.coin,
        wallet: walletId,
        needed: plan.needed,
        spendable: plan.spendable,
      });
      return 0;
    }
    const tx = this.#sign(plan.inputs, plan.outputs, plan.sealed);
    const opened = await this.book
      .transaction(async (b) => {
        const ntx = await b.s.get(`SELECT opened_at FROM network_transactions WHERE id = ?`, [
          idParam(plan.networkTransactionId),
        ]);
        if (ntx === undefined || ntx.opened_at !== null) return false;
        for (const input of plan.inputs) {
          const { changes } = await b.s.run(
            `UPDATE ledger_outputs SET reserved_by = ? WHERE coin = ? AND txid = ? AND output_index = ? AND reserved_by IS NULL AND spent_txid IS NULL`,
            [idParam(plan.networkTransactionId), this.coin, input.txid, input.outputIndex],
          );
          if (changes !== 1) throw new InputTaken();
        }
        await b.s.run(`UPDATE network_transactions SET opened_at = ?, txid = ?, body = ? WHERE id = ?`, [
          b.now,
          tx.id,
          JSON.stringify(tx),
          idParam(plan.networkTransactionId),
        ]);
        return true;
      })
      .catch((err: unknown) => {
        if (err instanceof InputTaken) return false;
        throw err;
      });
    if (!opened) return 0;
    this.log.info('broadcast opened', {
      coin: this.coin,
      wallet: walletId,
      broadcast: plan.networkTransactionId,
      txid: tx.id,
    });
    this.hooks.afterOpen?.(plan.networkTransactionId);
    return this.#post(plan.networkTransactionId, tx);
  }

  /** The seed's `check_interrupted_broadcasts`, automated: each opened, unclosed broadcast is settled by its id. */
  async recoverInterrupted(walletId: string): Promise<number> {
    const open = await this.book.read((b) =>
      b.s.all(
        `SELECT id, txid, body FROM network_transactions WHERE wallet_id = ? AND transaction_type = 'broadcast'
           AND opened_at IS NOT NULL AND closed_at IS NULL ORDER BY id`,
        [idParam(walletId)],
      ),
    );
    let closed = 0;
    for (const row of open) {
      const id = idText(row.id);
      const tx = JSON.parse(String(row.body)) as SignedTransaction;
      assert.equal(tx.id, row.txid, 'a broadcast body does not match its recorded id');
      const status = await this.backend.status(tx.id);
      if (status.kind === 'backlog' || status.kind === 'undecided' || status.kind === 'valid') {
        this.log.info('interrupted broadcast found on the ledger; closed', {
          coin: this.coin,
          broadcast: id,
          txid: tx.id,
        });
        closed += await this.#close(id);
      } else if (status.kind === 'invalid') {
        await this.#release(id, tx, `decided invalid (${status.reasonCode ?? 'no reason'})`);
      } else {
        this.log.info('interrupted broadcast not on the ledger; posting the same transaction again', {
          coin: this.coin,
          broadcast: id,
          txid: tx.id,
        });
        closed += await this.#post(id, tx);
      }
    }
    return closed;
  }

  async #post(networkTransactionId: string, tx: SignedTransaction): Promise<number> {
    const outcome = await this.backend.post(tx);
    if (outcome.kind === 'accepted') {
      this.hooks.afterPost?.(networkTransactionId);
      return this.#close(networkTransactionId);
    }
    if (outcome.kind === 'refused') {
      await this.#release(networkTransactionId, tx, `refused: ${outcome.code ?? ''} ${outcome.message}`);
      return 0;
    }
    this.log.warn('broadcast outcome unknown; it is looked up by id next cycle', {
      coin: this.coin,
      broadcast: networkTransactionId,
      txid: tx.id,
      error: outcome.error,
    });
    return 0;
  }

  /** The node has the transaction: the broadcast and its sends are `broadcasted` (fees: none on our ledger). */
  #close(networkTransactionId: string): Promise<number> {
    return this.book.transaction(async (b) => {
      const now = b.now;
      const { changes } = await b.s.run(
        `UPDATE network_transactions SET closed_at = ?, state = 'broadcasted' WHERE id = ? AND closed_at IS NULL`,
        [now, idParam(networkTransactionId)],
      );
      if (changes === 0) return 0;
      await b.s.run(
        `UPDATE transactions SET state = 'broadcasted', processed_at = ? WHERE network_transaction_id = ? AND state = 'pending'`,
        [now, idParam(networkTransactionId)],
      );
      return 1;
    });
  }

  /**
   * The transaction can never be valid (the node refused it, or decided it invalid): its inputs
   * are checked with the node (spent ones are marked, so they are not picked again) and the
   * broadcast goes back to unopened, to be built anew from the same sends.
   */
  async #release(networkTransactionId: string, tx: SignedTransaction, why: string): Promise<void> {
    this.log.warn('broadcast cannot be valid; it will be built again', {
      coin: this.coin,
      broadcast: networkTransactionId,
      txid: tx.id,
      why,
    });
    const spent: { txid: string; index: number }[] = [];
    if (tx.operation === 'TRANSFER')
      for (const input of tx.inputs) {
        const owner = input.owners_before?.[0];
        if (input.fulfills === null || owner === undefined) continue;
        const free = await this.backend.outputs(owner, false);
        const link = input.fulfills;
        if (
          !free.some((l) => l.transaction_id === link.transaction_id && l.output_index === link.output_index)
        )
          spent.push({ txid: link.transaction_id, index: link.output_index });
      }
    await this.book.transaction(async (b) => {
      for (const s of spent)
        await b.s.run(
          `UPDATE ledger_outputs SET spent_txid = COALESCE(spent_txid, ?) WHERE coin = ? AND txid = ? AND output_index = ?`,
          ['spent elsewhere', this.coin, s.txid, s.index],
        );
      await b.s.run(`UPDATE ledger_outputs SET reserved_by = NULL WHERE reserved_by = ?`, [
        idParam(networkTransactionId),
      ]);
      await b.s.run(
        `UPDATE network_transactions SET opened_at = NULL, txid = NULL, body = NULL WHERE id = ? AND closed_at IS NULL`,
        [idParam(networkTransactionId)],
      );
    });
  }

  /** Inputs (largest first), outputs (one per recipient, plus change) and the sealed keys to sign with. */
  async #plan(b: BookSession, walletId: string, networkTransactionId: string) {
    const members = await b.s.all(
      `SELECT t.id, t.state, t.amount, a.address FROM transactions t LEFT JOIN addresses a ON a.id = t.address_id
       WHERE t.network_transaction_id = ? ORDER BY t.id`,
      [idParam(networkTransactionId)],
    );
    const recipients = new Map<string, bigint>();
    let needed = 0n;
    for (const m of members) {
      // The seed's checks before a broadcast: each send is pending, has an amount and a destination.
      assert.equal(
        m.state,
        'pending',
        `send ${String(m.id)} of broadcast ${networkTransactionId} is ${String(m.state)}`,
      );
      const amount = BigInt(String(m.amount));
      assert.ok(amount > 0n && typeof m.address === 'string');
      recipients.set(m.address, (recipients.get(m.address) ?? 0n) + amount);
      needed += amount;
    }
    const free = await b.s.all(
      `SELECT txid, output_index, owner, amount FROM ledger_outputs WHERE wallet_id = ? AND spent_txid IS NULL AND reserved_by IS NULL`,
      [idParam(walletId)],
    );
    const outputs = free
      .map((r): Spendable => ({
        txid: String(r.txid),
        outputIndex: Number(r.output_index),
        owner: String(r.owner),
        amount: BigInt(String(r.amount)),
      }))
      .sort((x, y) => (x.amount === y.amount ? x.txid.localeCompare(y.txid) : x.amount > y.amount ? -1 : 1));
    const inputs: Spendable[] = [];
    let total = 0n;
    for (const o of outputs) {
      if (total >= needed) break;
      inputs.push(o);
      total += o.amount;
    }
    if (total < needed) return { short: true as const, needed, spendable: total };
    const out: Output[] = [...recipients].map(([address, amount]) => makeOwnerOutput(address, amount));
    if (total > needed) out.push(makeOwnerOutput(await changeKey(b, walletId), total - needed));
    const owners = [...new Set(inputs.map((i) => i.owner))];
    const sealed = new Map<string, string>();
    for (const owner of owners) {
      const row = await b.s.get(`SELECT sealed FROM wallet_keys WHERE public_key = ?`, [owner]);
      assert.ok(row !== undefined, `no key for output owner ${owner}`);
      sealed.set(owner, String(row.sealed));
    }
    return { networkTransactionId, inputs, outputs: out, sealed };
  }

  #sign(
    inputs: readonly Spendable[],
    outputs: readonly Output[],
    sealed: ReadonlyMap<string, string>,
  ): SignedTransferTransaction {
    const assetId = this.backend.coin.assetId;
    // The builder needs each spent output; ours are single-key outputs, rebuilt exactly from owner and amount.
    const unspent: Unspent[] = inputs.map((i) => {
      const spentOutputs: Output[] = [];
      spentOutputs[i.outputIndex] = makeOwnerOutput(i.owner, i.amount);
      return {
        tx: {
          id: i.txid,
          operation: 'TRANSFER',
          asset: { id: assetId },
          outputs: spentOutputs,
        } as unknown as SignedTransaction,
        outputIndex: i.outputIndex,
      };
    });
    const draft = makeTransferTransaction(unspent, outputs, null);
    const keys = [...sealed].map(([owner, s]) => this.keystore.open(owner, s).privateKey);
    return finalizeTransaction(partiallySign(draft, keys));
  }
}

class InputTaken extends Error {}
