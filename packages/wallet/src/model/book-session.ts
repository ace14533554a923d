import assert from 'node:assert/strict';
import { toUnits } from '../amount.js';
import { isPublicKey } from '@bigchaindb-ts/core';
import {
  addressLengthMax,
  idempotencyKeyLengthMax,
  labelLengthMax,
  nameLengthMax,
  pageSizeMax,
} from '../constants.js';
import { idText, type SqlSession } from '../db/index.js';
import { WalletError } from '../errors.js';
import type { BookEnv } from './book-env.js';
import {
  accountColumns,
  accountOf,
  addressColumns,
  addressOf,
  transactionOf,
  transactionSelect,
  walletColumns,
  walletOf,
} from './rows.js';
import type { Account, Address, CoinRules, Transaction, TransactionState, Wallet } from './types.js';
import { transactionStates } from './types.js';

/** The seed's special account that receives every network fee (created when first needed). */
export const networkFeeAccountName = 'Network fees';

export interface SendOptions {
  /** Go through the ledger even when the address is one of this wallet's. */
  readonly forceExternal?: boolean;
  /** The same key twice in one wallet returns the first send instead of making another. */
  readonly idempotencyKey?: string | undefined;
  /** Internal sends only: let the sending account go below zero. */
  readonly allowNegativeBalance?: boolean;
}

export interface TransactionQuery {
  readonly state?: TransactionState | undefined;
  readonly accountId?: string | undefined;
  readonly limit?: number | undefined;
  /** Transactions with a smaller id than this (newest first, page by page). */
  readonly beforeId?: string | undefined;
}

function text(value: string | null | undefined, what: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new WalletError('BadRequest', `${what} must be a string`);
  if (value.length > max) throw new WalletError('BadRequest', `${what} is longer than ${max} characters`);
  return value;
}

/** The seed's address validator for our ledger: a base58 string that decodes to a 32-byte Ed25519 key. */
export function validateAddress(address: unknown): string {
  if (typeof address !== 'string' || address.length > addressLengthMax || !isPublicKey(address))
    throw new WalletError(
      'BadAddress',
      `not an address (a base58 Ed25519 public key): ${String(address).slice(0, 80)}`,
    );
  return address;
}

/**
 * The seed's model API (GenericWallet, GenericAccount, ...) over one session of one serializable
 * transaction: run it inside `WalletBook.transaction` (the seed's managed transaction), which
 * retries the whole function on conflicts. Nothing here talks to the network or fires an event
 * directly: events go to the outbox with the change.
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

  // ---------------------------------------------------------------- wallets

  async wallet(id: string): Promise<Wallet> {
    const row = await this.s.get(`SELECT ${walletColumns} FROM wallets WHERE id = ?`, [idParam(id)]);
    if (row === undefined) throw new WalletError('NotFound', `no wallet ${id}`);
    return walletOf(row);
  }

  async listWallets(): Promise<Wallet[]> {
    return (await this.s.all(`SELECT ${walletColumns} FROM wallets ORDER BY id`)).map(walletOf);
  }

  /** The seed's `Wallet.get_or_create_by_name`, for one coin. */
  async getOrCreateWalletByName(name: string, coin: string): Promise<Wallet> {
    text(name, 'name', nameLengthMax);
    this.coinRules(coin);
    const found = await this.s.get(`SELECT ${walletColumns} FROM wallets WHERE coin = ? AND name = ?`, [
      coin,
      name,
    ]);
    if (found !== undefined) return walletOf(found);
    const now = this.now;
    const row = await this.s.get(
      `INSERT INTO wallets (coin, name, balance, created_at, updated_at) VALUES (?, ?, 0, ?, ?) RETURNING ${walletColumns}`,
      [coin, name, now, now],
    );
    assert.ok(row !== undefined);
    return walletOf(row);
  }

  // ---------------------------------------------------------------- accounts

  async account(id: string): Promise<Account> {
    const row = await this.s.get(`SELECT ${accountColumns} FROM accounts WHERE id = ?`, [idParam(id)]);
    if (row === undefined) throw new WalletError('NotFound', `no account ${id}`);
    return accountOf(row);
  }

  /** An account that must belong to `walletId` (NotFound otherwise: ids of other wallets are not revealed). */
  async accountOfWallet(walletId: string, accountId: string): Promise<Account> {
    const account = await this.account(accountId);
    if (account.walletId !== walletId)
      throw new WalletError('NotFound', `no account ${accountId} in wallet ${walletId}`);
    return account;
  }

  async listAccounts(walletId: string): Promise<Account[]> {
    return (
      await this.s.all(`SELECT ${accountColumns} FROM accounts WHERE wallet_id = ? ORDER BY id`, [
        idParam(walletId),
      ])
    ).map(accountOf);
  }

  async createAccount(walletId: string, name: string): Promise<Account> {
    if (typeof name !== 'string' || name === '')
      throw new WalletError('BadRequest', 'an account needs a name');
    text(name, 'name', nameLengthMax);
    await this.wallet(walletId);
    const now = this.now;
    const row = await this.s.get(
      `INSERT INTO accounts (wallet_id, name, balance, created_at, updated_at) VALUES (?, ?, 0, ?, ?) RETURNING ${accountColumns}`,
      [idParam(walletId), name, now, now],
    );
    assert.ok(row !== undefined);
    return accountOf(row);
  }

  async getOrCreateAccountByName(walletId: string, name: string): Promise<Account> {
    const found = await this.s.get(
      `SELECT ${accountColumns} FROM accounts WHERE wallet_id = ? AND name = ? ORDER BY id LIMIT 1`,
      [idParam(walletId), name],
    );
    return found === undefined ? this.createAccount(walletId, name) : accountOf(found);
  }

  /** The seed's `get_or_create_network_fee_account`: made lazily, on the first fee. */
  getOrCreateNetworkFeeAccount(walletId: string): Promise<Account> {
    return this.getOrCreateAccountByName(walletId, networkFeeAccountName);
  }

  // ---------------------------------------------------------------- addresses

  async address(id: string): Promise<Address> {
    const row = await this.s.get(`SELECT ${addressColumns} FROM addresses WHERE id = ?`, [idParam(id)]);
    if (row === undefined) throw new WalletError('NotFound', `no address ${id}`);
    return addressOf(row);
  }

  async addressesOfAccount(accountId: string): Promise<Address[]> {
    return (
      await this.s.all(`SELECT ${addressColumns} FROM addresses WHERE account_id = ? ORDER BY id`, [
        idParam(accountId),
      ])
    ).map(addressOf);
  }

  /** The seed's `get_receiving_addresses`: the wallet's own addresses, without archived ones unless asked. */
  async receivingAddresses(
    walletId: string,
    options: { readonly archived?: boolean } = {},
  ): Promise<Address[]> {
    const archived = options.archived === true ? '' : ' AND archived_at IS NULL';
    return (
      await this.s.all(
        `SELECT ${addressColumns} FROM addresses WHERE wallet_id = ? AND account_id IS NOT NULL${archived} ORDER BY id`,
        [idParam(walletId)],
      )
    ).map(addressOf);
  }

  /** The seed's `get_account_by_address`: the account of one of this wallet's receiving addresses, or undefined. */
  async accountByAddress(walletId: string, address: string): Promise<Account | undefined> {
    const row = await this.s.get(
      `SELECT ac.id, ac.wallet_id, ac.name, ac.balance, ac.created_at, ac.updated_at
       FROM addresses ad JOIN accounts ac ON ac.id = ad.account_id
       WHERE ad.wallet_id = ? AND ad.address = ?`,
      [idParam(walletId), address],
    );
    return row === undefined ? undefined : accountOf(row);
  }

  /** The seed's `pick_next_receiving_address_label`. */
  async nextReceivingAddressLabel(account: Account): Promise<string> {
    const row = await this.s.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM addresses WHERE account_id = ?`, [
      idParam(account.id),
    ]);
    const k = Number(row?.n ?? 0) + 1;
    return `Receiving address #${k} for account #${account.id} created at ${new Date(this.now).toISOString()}`;
  }

  /**
   * The seed's `create_receiving_address`: a new keypair in the keystore (its private key sealed),
   * whose public key is the address; deposits to it are credited to `accountId`.
   */
  async createReceivingAddress(
    accountId: string,
    options: { readonly label?: string | null | undefined; readonly automaticLabel?: boolean } = {},
  ): Promise<Address> {
    const keystore = this.env.keystore;
    if (keystore === undefined)
      throw new Error('creating a receiving address needs the keystore (open the book with a passphrase)');
    const account = await this.account(accountId);
    const label =
      options.automaticLabel === true || options.label === undefined || options.label === null
        ? options.automaticLabel === true
          ? await this.nextReceivingAddressLabel(account)
          : null
        : text(options.label, 'label', labelLengthMax);
    const key = keystore.newKey();
    const now = this.now;
    await this.s.run(
      `INSERT INTO wallet_keys (public_key, wallet_id, purpose, sealed, created_at) VALUES (?, ?, 'receive', ?, ?)`,
      [key.publicKey, idParam(account.walletId), key.sealed, now],
    );
    return this.#insertAddress(account.walletId, account.id, key.publicKey, label);
  }

  /** The seed's `add_address`: an address under an account, without a key (tests; watching an address held elsewhere). */
  async addAddress(accountId: string, label: string | null, address: string): Promise<Address> {
    validateAddress(address);
    const account = await this.account(accountId);
    return this.#insertAddress(account.walletId, account.id, address, text(label, 'label', labelLengthMax));
  }

  /** The seed's `get_or_create_external_address`: a send destination, recorded without an account. */
  async getOrCreateExternalAddress(walletId: string, address: string): Promise<Address> {
    validateAddress(address);
    const found = await this.s.get(
      `SELECT ${addressColumns} FROM addresses WHERE wallet_id = ? AND address = ?`,
      [idParam(walletId), address],
    );
    if (found !== undefined) return addressOf(found);
    return this.#insertAddress(walletId, null, address, `External ${address}`);
  }

  async #insertAddress(
    walletId: string,
    accountId: string | null,
    address: string,
    label: string | null,
  ): Promise<Address> {
    const clash = await this.s.get(`SELECT id FROM addresses WHERE wallet_id = ? AND address = ?`, [
      idParam(walletId),
      address,
    ]);
    if (clash !== undefined)
      throw new WalletError('DuplicateAddress', `address ${address} is already in wallet ${walletId}`);
    const now = this.now;
    const row = await this.s.get(
      `INSERT INTO addresses (wallet_id, account_id, address, label, balance, created_at, updated_at)
       VALUES (?, ?, ?, ?, 0, ?, ?) RETURNING ${addressColumns}`,
      [idParam(walletId), accountId === null ? null : idParam(accountId), address, label, now, now],
    );
    assert.ok(row !== undefined);
    return addressOf(row);
  }

  async archiveAddress(addressId: string): Promise<Address> {
    const now = this.now;
    await this.s.run(
      `UPDATE addresses SET archived_at = ?, updated_at = ? WHERE id = ? AND archived_at IS NULL`,
      [now, now, idParam(addressId)],
    );
    return this.address(addressId);
  }

  // ---------------------------------------------------------------- sends

  /**
   * The seed's `wallet.send`: internal when `address` is one of this wallet's receiving addresses
   * (unless `forceExternal`), else queued for the broadcaster.
   */
  async send(
    walletId: string,
    fromAccountId: string,
    address: string,
    amount: bigint,
    label: string | null,
    options: SendOptions = {},
  ): Promise<Transaction> {
    validateAddress(address);
    const from = await this.accountOfWallet(walletId, fromAccountId);
    const replay = await this.#replayed(walletId, options.idempotencyKey, { from: from.id, address, amount });
    if (replay !== undefined) return replay;
    if (options.forceExternal !== true) {
      const ours = await this.s.get(
        `SELECT id, account_id FROM addresses WHERE wallet_id = ? AND address = ? AND account_id IS NOT NULL`,
        [idParam(walletId), address],
      );
      if (ours !== undefined)
        return this.sendInternal(from.id, idText(ours.account_id), amount, label, {
          ...options,
          addressId: idText(ours.id),
        });
    }
    return this.sendExternal(from.id, address, amount, label, options);
  }

  /** The seed's `send_internal`: bookkeeping between two accounts of one wallet; final at once. */
  async sendInternal(
    fromAccountId: string,
    toAccountId: string,
    amount: bigint,
    label: string | null,
    options: SendOptions & { readonly addressId?: string } = {},
  ): Promise<Transaction> {
    positive(amount);
    const from = await this.account(fromAccountId);
    const to = await this.account(toAccountId);
    if (from.walletId !== to.walletId)
      throw new WalletError('WrongWallet', `accounts ${from.id} and ${to.id} are in different wallets`);
    const replay = await this.#replayed(from.walletId, options.idempotencyKey, {
      from: from.id,
      to: to.id,
      amount,
    });
    if (replay !== undefined) return replay;
    if (from.id === to.id)
      throw new WalletError('SameAccount', `cannot send from account ${from.id} to itself`);
    if (options.allowNegativeBalance !== true && from.balance < amount)
      throw new WalletError(
        'NotEnoughAccountBalance',
        `account ${from.id} holds ${from.balance}, cannot send ${amount}`,
      );
    const now = this.now;
    await this.#addToAccount(from.id, -amount, now);
    await this.#addToAccount(to.id, amount, now);
    return this.#insertTransaction({
      walletId: from.walletId,
      state: 'internal',
      amount,
      label,
      addressId: options.addressId ?? null,
      sendingAccountId: from.id,
      receivingAccountId: to.id,
      creditedAt: now,
      idempotencyKey: options.idempotencyKey ?? null,
    });
  }

  /** The seed's `send_external`: debited at once, `pending` until the broadcaster sends it. */
  async sendExternal(
    fromAccountId: string,
    address: string,
    amount: bigint,
    label: string | null,
    options: SendOptions = {},
  ): Promise<Transaction> {
    validateAddress(address);
    positive(amount);
    const from = await this.account(fromAccountId);
    const replay = await this.#replayed(from.walletId, options.idempotencyKey, {
      from: from.id,
      address,
      amount,
    });
    if (replay !== undefined) return replay;
    if (from.balance < amount)
      throw new WalletError(
        'NotEnoughAccountBalance',
        `account ${from.id} holds ${from.balance}, cannot send ${amount}`,
      );
    const destination = await this.getOrCreateExternalAddress(from.walletId, address);
    const now = this.now;
    await this.#addToAccount(from.id, -amount, now);
    await this.#addToWallet(from.walletId, -amount, now);
    return this.#insertTransaction({
      walletId: from.walletId,
      state: 'pending',
      amount,
      label,
      addressId: destination.id,
      sendingAccountId: from.id,
      receivingAccountId: null,
      creditedAt: null,
      idempotencyKey: options.idempotencyKey ?? null,
    });
  }

  /**
   * The first send made with this idempotency key, or undefined if there is none. The same key
   * with a different send is refused: it is a client bug, and answering the first send would hide it.
   */
  async #replayed(
    walletId: string,
    key: string | undefined,
    what: { readonly from: string; readonly to?: string; readonly address?: string; readonly amount: bigint },
  ): Promise<Transaction | undefined> {
    if (key === undefined) return undefined;
    text(key, 'idempotency_key', idempotencyKeyLengthMax);
    const row = await this.s.get(`${transactionSelect} WHERE t.wallet_id = ? AND t.idempotency_key = ?`, [
      idParam(walletId),
      key,
    ]);
    if (row === undefined) return undefined;
    const first = transactionOf(row);
    const same =
      first.sendingAccountId === what.from &&
      first.amount === what.amount &&
      (what.address === undefined || first.address === what.address) &&
      (what.to === undefined || first.receivingAccountId === what.to);
    if (!same)
      throw new WalletError(
        'IdempotencyKeyReused',
        `idempotency key ${JSON.stringify(key)} was used for another send`,
      );
    return first;
  }

  // ---------------------------------------------------------------- balances

  /** The seed's `get_unconfirmed_balance`: deposits to the account not credited yet. */
  async unconfirmedBalance(accountId: string): Promise<bigint> {
    const row = await this.s.get<{ total: unknown }>(
      `SELECT COALESCE(SUM(amount), 0) AS total FROM transactions
       WHERE receiving_account_id = ? AND state IN ('incoming', 'processed') AND credited_at IS NULL`,
      [idParam(accountId)],
    );
    return toUnits(row?.total);
  }

  /** The seed's `create_import_transaction`: coins the wallet holds on the ledger but had not accounted, put on an account. */
  async createImportTransaction(accountId: string, amount: bigint): Promise<Transaction> {
    positive(amount);
    const account = await this.account(accountId);
    const k =
      Number(
        (
          await this.s.get<{ n: unknown }>(
            `SELECT COUNT(*) AS n FROM transactions WHERE wallet_id = ? AND state = 'balance_import'`,
            [idParam(account.walletId)],
          )
        )?.n ?? 0,
      ) + 1;
    const now = this.now;
    await this.#addToAccount(account.id, amount, now);
    await this.#addToWallet(account.walletId, amount, now);
    return this.#insertTransaction({
      walletId: account.walletId,
      state: 'balance_import',
      amount,
      label: `Backend balance import #${k}`,
      addressId: null,
      sendingAccountId: null,
      receivingAccountId: account.id,
      creditedAt: now,
      idempotencyKey: null,
    });
  }

  /**
   * The seed's `import_unaccounted_balance`: what the wallet's keys hold on the ledger
   * (`ledgerBalance`, read by the caller before this transaction) beyond the books goes to
   * `accountId`. Refused while sends or deposits are in flight (the ledger and the books then
   * differ by amounts that are not unaccounted), and when the ledger holds less than the books.
   */
  async importUnaccountedBalance(
    walletId: string,
    accountId: string,
    ledgerBalance: bigint,
  ): Promise<Transaction | undefined> {
    const wallet = await this.wallet(walletId);
    await this.accountOfWallet(walletId, accountId);
    const busy = await this.s.get(
      `SELECT t.id FROM transactions t LEFT JOIN network_transactions n ON n.id = t.network_transaction_id
       WHERE t.wallet_id = ? AND (t.state = 'pending' OR (t.state = 'broadcasted' AND n.confirmations < 1)
         OR (t.state IN ('incoming', 'processed') AND t.credited_at IS NULL)) LIMIT 1`,
      [idParam(walletId)],
    );
    if (busy !== undefined)
      throw new WalletError(
        'BalanceImportRefused',
        `wallet ${walletId} has sends or deposits in flight; import when they are settled`,
      );
    if (ledgerBalance < wallet.balance)
      throw new WalletError(
        'BalanceImportRefused',
        `the ledger holds ${ledgerBalance} for wallet ${walletId}, less than its books (${wallet.balance})`,
      );
    if (ledgerBalance === wallet.balance) return undefined;
    return this.createImportTransaction(accountId, ledgerBalance - wallet.balance);
  }

  /** The seed's `charge_network_fees`: the fee account pays the fee (and goes negative). */
  async chargeNetworkFees(
    walletId: string,
    networkTransactionId: string,
    fee: bigint,
  ): Promise<Transaction | undefined> {
    if (fee <= 0n) return undefined;
    const account = await this.getOrCreateNetworkFeeAccount(walletId);
    const now = this.now;
    await this.#addToAccount(account.id, -fee, now);
    await this.#addToWallet(walletId, -fee, now);
    const tx = await this.#insertTransaction({
      walletId,
      state: 'network_fee',
      amount: fee,
      label: `Network fee of broadcast #${networkTransactionId}`,
      addressId: null,
      sendingAccountId: account.id,
      receivingAccountId: null,
      creditedAt: now,
      idempotencyKey: null,
    });
    await this.s.run(`UPDATE transactions SET network_transaction_id = ? WHERE id = ?`, [
      idParam(networkTransactionId),
      idParam(tx.id),
    ]);
    return this.transaction(tx.id);
  }

  // ---------------------------------------------------------------- transactions

  async transaction(id: string): Promise<Transaction> {
    const row = await this.s.get(`${transactionSelect} WHERE t.id = ?`, [idParam(id)]);
    if (row === undefined) throw new WalletError('NotFound', `no transaction ${id}`);
    return transactionOf(row);
  }

  async listTransactions(walletId: string, query: TransactionQuery = {}): Promise<Transaction[]> {
    const where = ['t.wallet_id = ?'];
    const params: (string | number)[] = [idParam(walletId)];
    if (query.state !== undefined) {
      if (!(transactionStates as readonly string[]).includes(query.state))
        throw new WalletError('BadRequest', `state must be one of ${transactionStates.join(', ')}`);
      where.push('t.state = ?');
      params.push(query.state);
    }
    if (query.accountId !== undefined) {
      where.push('(t.sending_account_id = ? OR t.receiving_account_id = ?)');
      params.push(idParam(query.accountId), idParam(query.accountId));
    }
    if (query.beforeId !== undefined) {
      where.push('t.id < ?');
      params.push(idParam(query.beforeId));
    }
    const limit = Math.min(Math.max(1, query.limit ?? 100), pageSizeMax);
    const rows = await this.s.all(
      `${transactionSelect} WHERE ${where.join(' AND ')} ORDER BY t.id DESC LIMIT ${limit}`,
      params,
    );
    return rows.map(transactionOf);
  }

  /**
   * The seed's `mark_transaction_processed`: the application has handled a deposit. Confirmation
   * updates still reach a processed deposit (F-B4: the seed asserted on them and crashed).
   */
  async markTransactionProcessed(transactionId: string): Promise<Transaction> {
    const tx = await this.transaction(transactionId);
    if (tx.state === 'processed') return tx;
    if (tx.state !== 'incoming')
      throw new WalletError(
        'NotIncoming',
        `transaction ${transactionId} is ${tx.state}, not an incoming deposit`,
      );
    await this.s.run(
      `UPDATE transactions SET state = 'processed', processed_at = ? WHERE id = ? AND state = 'incoming'`,
      [this.now, idParam(transactionId)],
    );
    return this.transaction(transactionId);
  }

  // ---------------------------------------------------------------- writes shared with network updates

  async #addToAccount(accountId: string, delta: bigint, now: number): Promise<void> {
    const { changes } = await this.s.run(
      `UPDATE accounts SET balance = balance + ?, updated_at = ? WHERE id = ?`,
      [delta, now, idParam(accountId)],
    );
    assert.equal(changes, 1, `account ${accountId} vanished during a write`);
  }

  async #addToWallet(walletId: string, delta: bigint, now: number): Promise<void> {
    const { changes } = await this.s.run(
      `UPDATE wallets SET balance = balance + ?, updated_at = ? WHERE id = ?`,
      [delta, now, idParam(walletId)],
    );
    assert.equal(changes, 1, `wallet ${walletId} vanished during a write`);
  }

  /** Credits a deposit: its account, its address and its wallet, once (`credited_at` marks it). */
  async creditDeposit(tx: Transaction): Promise<void> {
    assert.ok(tx.creditedAt === null && tx.receivingAccountId !== null && tx.addressId !== null);
    const now = this.now;
    await this.#addToAccount(tx.receivingAccountId, tx.amount, now);
    await this.#addToWallet(tx.walletId, tx.amount, now);
    await this.s.run(`UPDATE addresses SET balance = balance + ?, updated_at = ? WHERE id = ?`, [
      tx.amount,
      now,
      idParam(tx.addressId),
    ]);
    const { changes } = await this.s.run(
      `UPDATE transactions SET credited_at = ? WHERE id = ? AND credited_at IS NULL`,
      [now, idParam(tx.id)],
    );
    assert.equal(changes, 1, `deposit ${tx.id} credited twice`);
  }

  async #insertTransaction(t: {
    walletId: string;
    state: TransactionState;
    amount: bigint;
    label: string | null;
    addressId: string | null;
    sendingAccountId: string | null;
    receivingAccountId: string | null;
    creditedAt: number | null;
    idempotencyKey: string | null;
    networkTransactionId?: string | null;
  }): Promise<Transaction> {
    const row = await this.s.get(
      `INSERT INTO transactions (wallet_id, state, amount, label, address_id, sending_account_id, receiving_account_id,
         network_transaction_id, idempotency_key, created_at, credited_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        idParam(t.walletId),
        t.state,
        t.amount,
        text(t.label, 'label', labelLengthMax),
        t.addressId === null ? null : idParam(t.addressId),
        t.sendingAccountId === null ? null : idParam(t.sendingAccountId),
        t.receivingAccountId === null ? null : idParam(t.receivingAccountId),
        t.networkTransactionId === undefined || t.networkTransactionId === null
          ? null
          : idParam(t.networkTransactionId),
        t.idempotencyKey,
        this.now,
        t.creditedAt,
      ],
    );
    assert.ok(row !== undefined);
    return this.transaction(idText(row.id));
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
    return this.#insertTransaction({
      walletId: d.walletId,
      state: 'incoming',
      amount: d.amount,
      label: d.label,
      addressId: d.addressId,
      sendingAccountId: null,
      receivingAccountId: d.accountId,
      creditedAt: null,
      idempotencyKey: null,
      networkTransactionId: d.networkTransactionId,
    });
  }
}

function positive(amount: bigint): void {
  if (typeof amount !== 'bigint' || amount <= 0n)
    throw new WalletError('BadAmount', 'amount must be a positive whole number of base units');
}

/**
 * An id from the outside as the database compares it: ids are integers, and a text that is not
 * one matches nothing (NotFound), never a database error.
 */
export function idParam(id: string): number {
  if (typeof id === 'string' && /^[1-9][0-9]{0,14}$/.test(id)) return Number(id);
  return -1;
}
