import assert from 'node:assert/strict';
import { idText, textOrNull } from '../db/index.js';
import type { BookSession } from './book-session.js';
import { enqueueEvent } from './outbox.js';
import { networkTransactionColumns, networkTransactionOf, transactionOf, transactionSelect } from './rows.js';
import type { NetworkTransaction, Transaction, TxUpdateData } from './types.js';
import { idParam } from './validation.js';

/** Where a ledger transaction stands: −1 not seen, 0 in an undecided block, ≥ 1 in a valid one (with its place). */
export interface LedgerPosition {
  readonly confirmations: number;
  readonly blockHeight?: number | null;
  /** The block's ordinal among the valid blocks the follower counted (see `follow_state`). */
  readonly validIndex?: number | null;
}

/** An amount a ledger transaction pays to one address (outputs to the same address summed). */
export interface Receive {
  readonly address: string;
  readonly amount: bigint;
}

export async function networkTransaction(b: BookSession, id: string): Promise<NetworkTransaction> {
  const row = await b.s.get(`SELECT ${networkTransactionColumns} FROM network_transactions WHERE id = ?`, [
    idParam(id),
  ]);
  assert.ok(row !== undefined, `no network transaction ${id}`);
  return networkTransactionOf(row);
}

/**
 * The seed's TransactionUpdater for a deposit (`update_network_transaction_confirmations` with
 * `wallet.deposit`): the deposit network transaction of `txid` is found or made, a deposit
 * transaction is made for each of our receiving addresses it pays (once per address: updates are
 * idempotent), then its confirmations are set, crediting at the coin's threshold. Returns the
 * network transaction's id, or undefined when the transaction pays none of our addresses.
 */
export async function recordDeposit(
  b: BookSession,
  coin: string,
  txid: string,
  receives: readonly Receive[],
  position: LedgerPosition,
): Promise<string | undefined> {
  b.coinRules(coin);
  const ours: {
    addressId: string;
    walletId: string;
    accountId: string;
    amount: bigint;
    label: string | null;
  }[] = [];
  for (const receive of receives) {
    const rows = await b.s.all(
      `SELECT ad.id, ad.wallet_id, ad.account_id, ad.label FROM addresses ad JOIN wallets w ON w.id = ad.wallet_id
       WHERE ad.address = ? AND ad.account_id IS NOT NULL AND w.coin = ?`,
      [receive.address, coin],
    );
    for (const r of rows)
      ours.push({
        addressId: idText(r.id),
        walletId: idText(r.wallet_id),
        accountId: idText(r.account_id),
        amount: receive.amount,
        label: textOrNull(r.label),
      });
  }
  if (ours.length === 0) return undefined;
  let row = await b.s.get(
    `SELECT ${networkTransactionColumns} FROM network_transactions WHERE coin = ? AND transaction_type = 'deposit' AND txid = ?`,
    [coin, txid],
  );
  if (row === undefined)
    row = await b.s.get(
      `INSERT INTO network_transactions (coin, transaction_type, txid, state, confirmations, created_at)
       VALUES (?, 'deposit', ?, 'incoming', -1, ?) RETURNING ${networkTransactionColumns}`,
      [coin, txid, b.now],
    );
  assert.ok(row !== undefined);
  const ntx = networkTransactionOf(row);
  const fresh = new Set<string>();
  for (const o of ours) {
    const existing = await b.s.get(
      `${transactionSelect} WHERE t.network_transaction_id = ? AND t.address_id = ? AND t.state IN ('incoming', 'processed')`,
      [idParam(ntx.id), idParam(o.addressId)],
    );
    if (existing !== undefined) {
      // The seed's verify_amount: a ledger transaction is immutable, so its amount cannot change.
      assert.equal(
        transactionOf(existing).amount,
        o.amount,
        `deposit ${txid} to ${o.addressId} changed its amount`,
      );
      continue;
    }
    const tx = await b.insertDeposit({
      walletId: o.walletId,
      accountId: o.accountId,
      addressId: o.addressId,
      networkTransactionId: ntx.id,
      amount: o.amount,
      label: o.label,
    });
    fresh.add(tx.id);
  }
  await applyConfirmations(b, ntx.id, position, fresh);
  return ntx.id;
}

/**
 * Sets a network transaction's confirmations (and block position, when given). When the count
 * changes, every transaction of it gets a `txupdate` event (so do `notify`'s, e.g. deposits just
 * made); deposits reaching the coin's `confirmation_count` are credited. Counts are kept at most
 * `max_confirmation_count`, where tracking stops. Returns the number of events written.
 */
export async function applyConfirmations(
  b: BookSession,
  networkTransactionId: string,
  position: LedgerPosition,
  notify: ReadonlySet<string> = new Set(),
): Promise<number> {
  const ntx = await networkTransaction(b, networkTransactionId);
  const rules = b.coinRules(ntx.coin);
  const confirmations = Math.min(position.confirmations, rules.maxConfirmationCount);
  const changed = confirmations !== ntx.confirmations;
  await b.s.run(
    `UPDATE network_transactions SET confirmations = ?, block_height = COALESCE(?, block_height),
       valid_index = COALESCE(?, valid_index) WHERE id = ?`,
    [confirmations, position.blockHeight ?? null, position.validIndex ?? null, idParam(ntx.id)],
  );
  const members = (
    await b.s.all(
      `${transactionSelect} WHERE t.network_transaction_id = ? AND t.state <> 'network_fee' ORDER BY t.id`,
      [idParam(ntx.id)],
    )
  ).map(transactionOf);
  let events = 0;
  let allCredited = true;
  for (let tx of members) {
    let credited = false;
    const deposit = tx.state === 'incoming' || tx.state === 'processed';
    if (deposit && tx.creditedAt === null && confirmations >= rules.confirmationCount) {
      await b.creditDeposit(tx);
      credited = true;
      tx = await b.transaction(tx.id);
    }
    if (deposit && tx.creditedAt === null) allCredited = false;
    if (changed || credited || notify.has(tx.id)) {
      await enqueueEvent(
        b.s,
        b.env.eventHandlers,
        'txupdate',
        txUpdateData(tx, ntx, confirmations, rules.confirmationCount),
        b.now,
      );
      events += 1;
    }
  }
  if (ntx.transactionType === 'deposit' && allCredited && members.length > 0 && ntx.state !== 'credited')
    await b.s.run(`UPDATE network_transactions SET state = 'credited' WHERE id = ?`, [idParam(ntx.id)]);
  return events;
}

/**
 * After the follower counted another valid block (`validCount`), every tracked network
 * transaction in a valid block gets its new count: `1 + validCount - valid_index`. The work grows
 * with the transactions still tracked, not with the addresses watched.
 */
export async function advanceConfirmations(
  b: BookSession,
  coin: string,
  validCount: number,
): Promise<number> {
  const rules = b.coinRules(coin);
  const open = await b.s.all(
    `SELECT id, confirmations, valid_index FROM network_transactions
     WHERE coin = ? AND valid_index IS NOT NULL AND confirmations < ?`,
    [coin, rules.maxConfirmationCount],
  );
  let events = 0;
  for (const row of open) {
    const count = Math.min(1 + validCount - Number(row.valid_index), rules.maxConfirmationCount);
    if (count !== Number(row.confirmations))
      events += await applyConfirmations(b, idText(row.id), { confirmations: count });
  }
  return events;
}

export function txUpdateData(
  tx: Transaction,
  ntx: NetworkTransaction,
  confirmations: number,
  confirmationCount: number,
): TxUpdateData {
  const deposit = ntx.transactionType === 'deposit';
  return {
    transaction: tx.id,
    network_transaction: ntx.id,
    txid: ntx.txid ?? '',
    account: deposit ? tx.receivingAccountId : tx.sendingAccountId,
    address: tx.address,
    amount: tx.amount.toString(),
    // F-B2: the real value. A deposit is credited once its credit is booked; a send, once its
    // ledger transaction has the confirmations a deposit would need.
    credited: deposit ? tx.creditedAt !== null : confirmations >= confirmationCount,
    confirmations,
    coin_name: ntx.coin,
    transaction_type: ntx.transactionType,
  };
}
