import type { Account, Address, Transaction, Wallet } from '../model/index.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The API's shapes: ids as strings, amounts and balances as decimal strings of base units, times as ISO 8601. */
export const walletBody = (w: Wallet) => ({
  id: w.id,
  name: w.name,
  coin: w.coin,
  balance: w.balance.toString(),
  created_at: iso(w.createdAt),
});

export const addressBody = (a: Address) => ({
  id: a.id,
  address: a.address,
  label: a.label,
  account: a.accountId,
  balance: a.balance.toString(),
  archived_at: iso(a.archivedAt),
});

export const accountBody = (
  a: Account,
  extra: { unconfirmed?: bigint; addresses?: readonly Address[] } = {},
) => ({
  id: a.id,
  wallet: a.walletId,
  name: a.name,
  balance: a.balance.toString(),
  ...(extra.unconfirmed === undefined ? {} : { unconfirmed_balance: extra.unconfirmed.toString() }),
  ...(extra.addresses === undefined ? {} : { addresses: extra.addresses.map(addressBody) }),
});

export const transactionBody = (t: Transaction) => ({
  id: t.id,
  wallet: t.walletId,
  state: t.state,
  amount: t.amount.toString(),
  label: t.label,
  address: t.address,
  sending_account: t.sendingAccountId,
  receiving_account: t.receivingAccountId,
  txid: t.txid,
  confirmations: t.confirmations,
  created_at: iso(t.createdAt),
  credited_at: iso(t.creditedAt),
  processed_at: iso(t.processedAt),
});
