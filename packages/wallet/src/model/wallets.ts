// Wallets and their accounts: the seed's GenericWallet and GenericAccount lookups and creation.
// Each exported function is a BookSession method, documented there.
import assert from 'node:assert/strict';
import { nameLengthMax } from '../constants.js';
import { WalletError } from '../errors.js';
import type { BookSession } from './book-session.js';
import { accountColumns, accountOf, walletColumns, walletOf } from './rows.js';
import type { Account, Wallet } from './types.js';
import { boundedText, idParam } from './validation.js';

/** The seed's special account that receives every network fee (created when first needed). */
export const networkFeeAccountName = 'Network fees';

export async function wallet(b: BookSession, id: string): Promise<Wallet> {
  const row = await b.s.get(`SELECT ${walletColumns} FROM wallets WHERE id = ?`, [idParam(id)]);
  if (row === undefined) throw new WalletError('NotFound', `no wallet ${id}`);
  return walletOf(row);
}

export async function listWallets(b: BookSession): Promise<Wallet[]> {
  return (await b.s.all(`SELECT ${walletColumns} FROM wallets ORDER BY id`)).map(walletOf);
}

export async function getOrCreateWalletByName(b: BookSession, name: string, coin: string): Promise<Wallet> {
  boundedText(name, 'name', nameLengthMax);
  b.coinRules(coin);
  const found = await b.s.get(`SELECT ${walletColumns} FROM wallets WHERE coin = ? AND name = ?`, [
    coin,
    name,
  ]);
  if (found !== undefined) return walletOf(found);
  const now = b.now;
  const row = await b.s.get(
    `INSERT INTO wallets (coin, name, balance, created_at, updated_at) VALUES (?, ?, 0, ?, ?) RETURNING ${walletColumns}`,
    [coin, name, now, now],
  );
  assert.ok(row !== undefined);
  return walletOf(row);
}

export async function account(b: BookSession, id: string): Promise<Account> {
  const row = await b.s.get(`SELECT ${accountColumns} FROM accounts WHERE id = ?`, [idParam(id)]);
  if (row === undefined) throw new WalletError('NotFound', `no account ${id}`);
  return accountOf(row);
}

export async function accountOfWallet(b: BookSession, walletId: string, accountId: string): Promise<Account> {
  const found = await account(b, accountId);
  if (found.walletId !== walletId)
    throw new WalletError('NotFound', `no account ${accountId} in wallet ${walletId}`);
  return found;
}

export async function listAccounts(b: BookSession, walletId: string): Promise<Account[]> {
  return (
    await b.s.all(`SELECT ${accountColumns} FROM accounts WHERE wallet_id = ? ORDER BY id`, [
      idParam(walletId),
    ])
  ).map(accountOf);
}

export async function createAccount(b: BookSession, walletId: string, name: string): Promise<Account> {
  if (typeof name !== 'string' || name === '') throw new WalletError('BadRequest', 'an account needs a name');
  boundedText(name, 'name', nameLengthMax);
  await wallet(b, walletId);
  const now = b.now;
  const row = await b.s.get(
    `INSERT INTO accounts (wallet_id, name, balance, created_at, updated_at) VALUES (?, ?, 0, ?, ?) RETURNING ${accountColumns}`,
    [idParam(walletId), name, now, now],
  );
  assert.ok(row !== undefined);
  return accountOf(row);
}

export async function getOrCreateAccountByName(
  b: BookSession,
  walletId: string,
  name: string,
): Promise<Account> {
  const found = await b.s.get(
    `SELECT ${accountColumns} FROM accounts WHERE wallet_id = ? AND name = ? ORDER BY id LIMIT 1`,
    [idParam(walletId), name],
  );
  return found === undefined ? createAccount(b, walletId, name) : accountOf(found);
}

export function getOrCreateNetworkFeeAccount(b: BookSession, walletId: string): Promise<Account> {
  return getOrCreateAccountByName(b, walletId, networkFeeAccountName);
}
