/** The wallet's records as the operations return them: ids as strings, amounts as bigint base units, times as Unix ms. */

export interface Wallet {
  readonly id: string;
  readonly coin: string;
  readonly name: string;
  /** The wallet's total in base units: what its accounts hold (sends out are taken off when made). */
  readonly balance: bigint;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface Account {
  readonly id: string;
  readonly walletId: string;
  readonly name: string;
  /** The available internal balance. */
  readonly balance: bigint;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface Address {
  readonly id: string;
  readonly walletId: string;
  /** Null for an external address (a send destination outside the wallet). */
  readonly accountId: string | null;
  /** The base58 Ed25519 public key. */
  readonly address: string;
  readonly label: string | null;
  /** All-time credited deposits to this address (not net of spending), as the seed keeps it. */
  readonly balance: bigint;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly archivedAt: number | null;
}

export const transactionStates = [
  'pending',
  'broadcasted',
  'incoming',
  'processed',
  'internal',
  'network_fee',
  'balance_import',
] as const;
export type TransactionState = (typeof transactionStates)[number];

export interface Transaction {
  readonly id: string;
  readonly walletId: string;
  readonly state: TransactionState;
  readonly amount: bigint;
  readonly label: string | null;
  readonly addressId: string | null;
  /** The address string of `addressId`. */
  readonly address: string | null;
  readonly sendingAccountId: string | null;
  readonly receivingAccountId: string | null;
  readonly networkTransactionId: string | null;
  /** The ledger transaction id, null until broadcast (or for bookkeeping-only transactions). */
  readonly txid: string | null;
  /** The network transaction's confirmations, or −1 when there is none. */
  readonly confirmations: number;
  readonly idempotencyKey: string | null;
  readonly createdAt: number;
  readonly creditedAt: number | null;
  readonly processedAt: number | null;
}

export type NetworkTransactionType = 'deposit' | 'broadcast';
export type NetworkTransactionState = 'incoming' | 'credited' | 'pending' | 'broadcasted';

export interface NetworkTransaction {
  readonly id: string;
  readonly coin: string;
  readonly transactionType: NetworkTransactionType;
  readonly txid: string | null;
  readonly state: NetworkTransactionState;
  /** −1 not seen; 0 while its block is undecided; then 1 + the later valid blocks. */
  readonly confirmations: number;
  readonly walletId: string | null;
  readonly blockHeight: number | null;
  readonly validIndex: number | null;
  readonly createdAt: number;
  readonly openedAt: number | null;
  readonly closedAt: number | null;
}

/** Per-coin rules the bookkeeping needs (from `coins.<name>` of the config). */
export interface CoinRules {
  readonly name: string;
  readonly assetId: string;
  /** Deposits are credited at this many confirmations. */
  readonly confirmationCount: number;
  /** Confirmations are tracked until this many. */
  readonly maxConfirmationCount: number;
}

/** The `txupdate` event's data (the seed's payload, with `coin_name`, `transaction_type` and the real `credited`). */
export interface TxUpdateData {
  readonly transaction: string;
  readonly network_transaction: string;
  readonly txid: string;
  readonly account: string | null;
  readonly address: string | null;
  readonly amount: string;
  readonly credited: boolean;
  readonly confirmations: number;
  readonly coin_name: string;
  readonly transaction_type: NetworkTransactionType;
}
