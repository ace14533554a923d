import type { SqlSession } from '../db/index.js';
import { WalletError } from '../errors.js';
import * as addresses from './addresses.js';
import * as adjustments from './adjustments.js';
import type { BookEnv } from './book-env.js';
import * as postings from './postings.js';
import * as sends from './sends.js';
import type { SendOptions } from './sends.js';
import * as transactions from './transactions.js';
import type { TransactionQuery } from './transactions.js';
import type { Account, Address, CoinRules, Transaction, Wallet } from './types.js';
import * as wallets from './wallets.js';

/**
 * The seed's model API (GenericWallet, GenericAccount, ...) over one session of one serializable
 * transaction: run it inside `WalletBook.transaction` (the seed's managed transaction), which
 * retries the whole function on conflicts. Nothing here talks to the network or fires an event
 * directly: events go to the outbox with the change.
 *
 * Each method is documented here and implemented by a function taking the session, in the module
 * of its part of the books (named in the section comments), as network-updates.ts and audit.ts
 * already were: those functions call one another directly, and callers keep one object to hold
 * (`b.send(...)`, not `b.sends.send(...)` as composition would have made it).
 */
export class BookSession {
  constructor(
    readonly s: SqlSession,
    readonly env: BookEnv,
  ) {}

  get now(): number {
    return this.env.now();
  }

  coinRules(coin: string): CoinRules {
    const rules = this.env.coins.get(coin);
    if (rules === undefined)
      throw new WalletError('UnknownCoin', `no coin ${JSON.stringify(coin)} in the configuration`);
    return rules;
  }

  // ---------------------------------------------------------------- wallets and accounts (wallets.ts)

  wallet(id: string): Promise<Wallet> {
    return wallets.wallet(this, id);
  }

  listWallets(): Promise<Wallet[]> {
    return wallets.listWallets(this);
  }

  /** The seed's `Wallet.get_or_create_by_name`, for one coin. */
  getOrCreateWalletByName(name: string, coin: string): Promise<Wallet> {
    return wallets.getOrCreateWalletByName(this, name, coin);
  }

  account(id: string): Promise<Account> {
    return wallets.account(this, id);
  }

  /** An account that must belong to `walletId` (NotFound otherwise: ids of other wallets are not revealed). */
  accountOfWallet(walletId: string, accountId: string): Promise<Account> {
    return wallets.accountOfWallet(this, walletId, accountId);
  }

  listAccounts(walletId: string): Promise<Account[]> {
    return wallets.listAccounts(this, walletId);
  }

  createAccount(walletId: string, name: string): Promise<Account> {
    return wallets.createAccount(this, walletId, name);
  }

  getOrCreateAccountByName(walletId: string, name: string): Promise<Account> {
    return wallets.getOrCreateAccountByName(this, walletId, name);
  }

  /** The seed's `get_or_create_network_fee_account`: made lazily, on the first fee. */
  getOrCreateNetworkFeeAccount(walletId: string): Promise<Account> {
    return wallets.getOrCreateNetworkFeeAccount(this, walletId);
  }

  // ---------------------------------------------------------------- addresses (addresses.ts)

  address(id: string): Promise<Address> {
    return addresses.address(this, id);
  }

  addressesOfAccount(accountId: string): Promise<Address[]> {
    return addresses.addressesOfAccount(this, accountId);
  }

  /** The seed's `get_receiving_addresses`: the wallet's own addresses, without archived ones unless asked. */
  receivingAddresses(walletId: string, options: { readonly archived?: boolean } = {}): Promise<Address[]> {
    return addresses.receivingAddresses(this, walletId, options);
  }

  /** The seed's `get_account_by_address`: the account of one of this wallet's receiving addresses, or undefined. */
  accountByAddress(walletId: string, address: string): Promise<Account | undefined> {
    return addresses.accountByAddress(this, walletId, address);
  }

  /** The seed's `pick_next_receiving_address_label`. */
  nextReceivingAddressLabel(account: Account): Promise<string> {
    return addresses.nextReceivingAddressLabel(this, account);
  }

  /**
   * The seed's `create_receiving_address`: a new keypair in the keystore (its private key sealed),
   * whose public key is the address; deposits to it are credited to `accountId`.
   */
  createReceivingAddress(
    accountId: string,
    options: { readonly label?: string | null | undefined; readonly automaticLabel?: boolean } = {},
  ): Promise<Address> {
    return addresses.createReceivingAddress(this, accountId, options);
  }

  /** The seed's `add_address`: an address under an account, without a key (tests; watching an address held elsewhere). */
  addAddress(accountId: string, label: string | null, address: string): Promise<Address> {
    return addresses.addAddress(this, accountId, label, address);
  }

  /** The seed's `get_or_create_external_address`: a send destination, recorded without an account. */
  getOrCreateExternalAddress(walletId: string, address: string): Promise<Address> {
    return addresses.getOrCreateExternalAddress(this, walletId, address);
  }

  archiveAddress(addressId: string): Promise<Address> {
    return addresses.archiveAddress(this, addressId);
  }

  // ---------------------------------------------------------------- sends (sends.ts)

  /**
   * The seed's `wallet.send`: internal when `address` is one of this wallet's receiving addresses
   * (unless `forceExternal`), else queued for the broadcaster.
   */
  send(
    walletId: string,
    fromAccountId: string,
    address: string,
    amount: bigint,
    label: string | null,
    options: SendOptions = {},
  ): Promise<Transaction> {
    return sends.send(this, walletId, fromAccountId, address, amount, label, options);
  }

  /** The seed's `send_internal`: bookkeeping between two accounts of one wallet; final at once. */
  sendInternal(
    fromAccountId: string,
    toAccountId: string,
    amount: bigint,
    label: string | null,
    options: SendOptions & { readonly addressId?: string } = {},
  ): Promise<Transaction> {
    return sends.sendInternal(this, fromAccountId, toAccountId, amount, label, options);
  }

  /** The seed's `send_external`: debited at once, `pending` until the broadcaster sends it. */
  sendExternal(
    fromAccountId: string,
    address: string,
    amount: bigint,
    label: string | null,
    options: SendOptions = {},
  ): Promise<Transaction> {
    return sends.sendExternal(this, fromAccountId, address, amount, label, options);
  }

  // ---------------------------------------------------------------- balance imports and fees (adjustments.ts)

  /** The seed's `create_import_transaction`: coins the wallet holds on the ledger but had not accounted, put on an account. */
  createImportTransaction(accountId: string, amount: bigint): Promise<Transaction> {
    return adjustments.createImportTransaction(this, accountId, amount);
  }

  /**
   * The seed's `import_unaccounted_balance`: what the wallet's keys hold on the ledger
   * (`ledgerBalance`, read by the caller before this transaction) beyond the books goes to
   * `accountId`. Refused while sends or deposits are in flight (the ledger and the books then
   * differ by amounts that are not unaccounted), and when the ledger holds less than the books.
   */
  importUnaccountedBalance(
    walletId: string,
    accountId: string,
    ledgerBalance: bigint,
  ): Promise<Transaction | undefined> {
    return adjustments.importUnaccountedBalance(this, walletId, accountId, ledgerBalance);
  }

  /** The seed's `charge_network_fees`: the fee account pays the fee (and goes negative). */
  chargeNetworkFees(
    walletId: string,
    networkTransactionId: string,
    fee: bigint,
  ): Promise<Transaction | undefined> {
    return adjustments.chargeNetworkFees(this, walletId, networkTransactionId, fee);
  }

  // ---------------------------------------------------------------- transactions (transactions.ts)

  transaction(id: string): Promise<Transaction> {
    return transactions.transaction(this, id);
  }

  listTransactions(walletId: string, query: TransactionQuery = {}): Promise<Transaction[]> {
    return transactions.listTransactions(this, walletId, query);
  }

  /** The seed's `get_unconfirmed_balance`: deposits to the account not credited yet. */
  unconfirmedBalance(accountId: string): Promise<bigint> {
    return transactions.unconfirmedBalance(this, accountId);
  }

  /**
   * The seed's `mark_transaction_processed`: the application has handled a deposit. Confirmation
   * updates still reach a processed deposit (F-B4: the seed asserted on them and crashed).
   */
  markTransactionProcessed(transactionId: string): Promise<Transaction> {
    return transactions.markTransactionProcessed(this, transactionId);
  }

  // ---------------------------------------------------------------- deposits, for network updates (postings.ts)

  /** Credits a deposit: its account, its address and its wallet, once (`credited_at` marks it). */
  creditDeposit(tx: Transaction): Promise<void> {
    return postings.creditDeposit(this, tx);
  }

  /** A new deposit transaction (state `incoming`, not credited) of one address in one network transaction. */
  insertDeposit(d: {
    walletId: string;
    accountId: string;
    addressId: string;
    networkTransactionId: string;
    amount: bigint;
    label: string | null;
  }): Promise<Transaction> {
    return postings.insertDeposit(this, d);
  }
}
