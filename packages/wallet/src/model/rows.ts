import { toUnits } from '../amount.js';
import { idOrNull, idText, int, intOrNull, textOrNull, type Row } from '../db/index.js';
import type {
  Account,
  Address,
  NetworkTransaction,
  NetworkTransactionState,
  NetworkTransactionType,
  Transaction,
  TransactionState,
  Wallet,
} from './types.js';

export const walletColumns = 'id, coin, name, balance, created_at, updated_at';
export function walletOf(r: Row): Wallet {
  return {
    id: idText(r.id),
    coin: String(r.coin),
    name: String(r.name),
    balance: toUnits(r.balance),
    createdAt: int(r.created_at),
    updatedAt: int(r.updated_at),
  };
}

export const accountColumns = 'id, wallet_id, name, balance, created_at, updated_at';
export function accountOf(r: Row): Account {
  return {
    id: idText(r.id),
    walletId: idText(r.wallet_id),
    name: String(r.name),
    balance: toUnits(r.balance),
    createdAt: int(r.created_at),
    updatedAt: int(r.updated_at),
  };
}

export const addressColumns =
  'id, wallet_id, account_id, address, label, balance, created_at, updated_at, archived_at';
export function addressOf(r: Row): Address {
  return {
    id: idText(r.id),
    walletId: idText(r.wallet_id),
    accountId: idOrNull(r.account_id),
    address: String(r.address),
    label: textOrNull(r.label),
    balance: toUnits(r.balance),
    createdAt: int(r.created_at),
    updatedAt: int(r.updated_at),
    archivedAt: intOrNull(r.archived_at),
  };
}

/** A transaction with its address string and its network transaction's txid and confirmations. */
export const transactionSelect = `SELECT t.id, t.wallet_id, t.state, t.amount, t.label, t.address_id,
  t.sending_account_id, t.receiving_account_id, t.network_transaction_id, t.idempotency_key,
  t.created_at, t.credited_at, t.processed_at, a.address AS address, n.txid AS txid,
  n.confirmations AS confirmations
FROM transactions t
LEFT JOIN addresses a ON a.id = t.address_id
LEFT JOIN network_transactions n ON n.id = t.network_transaction_id`;

export function transactionOf(r: Row): Transaction {
  const state = String(r.state) as TransactionState;
  return {
    id: idText(r.id),
    walletId: idText(r.wallet_id),
    state,
    amount: toUnits(r.amount),
    label: textOrNull(r.label),
    addressId: idOrNull(r.address_id),
    address: textOrNull(r.address),
    sendingAccountId: idOrNull(r.sending_account_id),
    receivingAccountId: idOrNull(r.receiving_account_id),
    networkTransactionId: idOrNull(r.network_transaction_id),
    // A pending send's broadcast may be signed already; it is not broadcast until it is closed.
    txid: state === 'pending' ? null : textOrNull(r.txid),
    confirmations: r.confirmations === null || r.confirmations === undefined ? -1 : int(r.confirmations),
    idempotencyKey: textOrNull(r.idempotency_key),
    createdAt: int(r.created_at),
    creditedAt: intOrNull(r.credited_at),
    processedAt: intOrNull(r.processed_at),
  };
}

export const networkTransactionColumns =
  'id, coin, transaction_type, txid, state, confirmations, wallet_id, block_height, valid_index, created_at, opened_at, closed_at';
export function networkTransactionOf(r: Row): NetworkTransaction {
  return {
    id: idText(r.id),
    coin: String(r.coin),
    transactionType: String(r.transaction_type) as NetworkTransactionType,
    txid: textOrNull(r.txid),
    state: String(r.state) as NetworkTransactionState,
    confirmations: int(r.confirmations),
    walletId: idOrNull(r.wallet_id),
    blockHeight: intOrNull(r.block_height),
    validIndex: intOrNull(r.valid_index),
    createdAt: int(r.created_at),
    openedAt: intOrNull(r.opened_at),
    closedAt: intOrNull(r.closed_at),
  };
}
