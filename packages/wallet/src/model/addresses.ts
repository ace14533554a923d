// Addresses: the wallet's receiving addresses (each a keystore keypair, credited to an account)
// and the external addresses it sends to (recorded without an account). Each exported function
// is a BookSession method, documented there.
import assert from 'node:assert/strict';
import { labelLengthMax } from '../constants.js';
import { WalletError } from '../errors.js';
import type { BookSession } from './book-session.js';
import { accountOf, addressColumns, addressOf } from './rows.js';
import type { Account, Address } from './types.js';
import { boundedText, idParam, validateAddress } from './validation.js';
import { account } from './wallets.js';

export async function address(b: BookSession, id: string): Promise<Address> {
  const row = await b.s.get(`SELECT ${addressColumns} FROM addresses WHERE id = ?`, [idParam(id)]);
  if (row === undefined) throw new WalletError('NotFound', `no address ${id}`);
  return addressOf(row);
}

export async function addressesOfAccount(b: BookSession, accountId: string): Promise<Address[]> {
  return (
    await b.s.all(`SELECT ${addressColumns} FROM addresses WHERE account_id = ? ORDER BY id`, [
      idParam(accountId),
    ])
  ).map(addressOf);
}

export async function receivingAddresses(
  b: BookSession,
  walletId: string,
  options: { readonly archived?: boolean } = {},
): Promise<Address[]> {
  const archived = options.archived === true ? '' : ' AND archived_at IS NULL';
  return (
    await b.s.all(
      `SELECT ${addressColumns} FROM addresses WHERE wallet_id = ? AND account_id IS NOT NULL${archived} ORDER BY id`,
      [idParam(walletId)],
    )
  ).map(addressOf);
}

export async function accountByAddress(
  b: BookSession,
  walletId: string,
  address: string,
): Promise<Account | undefined> {
  const row = await b.s.get(
    `SELECT ac.id, ac.wallet_id, ac.name, ac.balance, ac.created_at, ac.updated_at
     FROM addresses ad JOIN accounts ac ON ac.id = ad.account_id
     WHERE ad.wallet_id = ? AND ad.address = ?`,
    [idParam(walletId), address],
  );
  return row === undefined ? undefined : accountOf(row);
}

export async function nextReceivingAddressLabel(b: BookSession, of: Account): Promise<string> {
  const row = await b.s.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM addresses WHERE account_id = ?`, [
    idParam(of.id),
  ]);
  const k = Number(row?.n ?? 0) + 1;
  return `Receiving address #${k} for account #${of.id} created at ${new Date(b.now).toISOString()}`;
}

export async function createReceivingAddress(
  b: BookSession,
  accountId: string,
  options: { readonly label?: string | null | undefined; readonly automaticLabel?: boolean } = {},
): Promise<Address> {
  const keystore = b.env.keystore;
  if (keystore === undefined)
    throw new Error('creating a receiving address needs the keystore (open the book with a passphrase)');
  const owner = await account(b, accountId);
  const label =
    options.automaticLabel === true || options.label === undefined || options.label === null
      ? options.automaticLabel === true
        ? await nextReceivingAddressLabel(b, owner)
        : null
      : boundedText(options.label, 'label', labelLengthMax);
  const key = keystore.newKey();
  const now = b.now;
  await b.s.run(
    `INSERT INTO wallet_keys (public_key, wallet_id, purpose, sealed, created_at) VALUES (?, ?, 'receive', ?, ?)`,
    [key.publicKey, idParam(owner.walletId), key.sealed, now],
  );
  return insertAddress(b, owner.walletId, owner.id, key.publicKey, label);
}

export async function addAddress(
  b: BookSession,
  accountId: string,
  label: string | null,
  address: string,
): Promise<Address> {
  validateAddress(address);
  const owner = await account(b, accountId);
  return insertAddress(b, owner.walletId, owner.id, address, boundedText(label, 'label', labelLengthMax));
}

export async function getOrCreateExternalAddress(
  b: BookSession,
  walletId: string,
  address: string,
): Promise<Address> {
  validateAddress(address);
  const found = await b.s.get(`SELECT ${addressColumns} FROM addresses WHERE wallet_id = ? AND address = ?`, [
    idParam(walletId),
    address,
  ]);
  if (found !== undefined) return addressOf(found);
  return insertAddress(b, walletId, null, address, `External ${address}`);
}

async function insertAddress(
  b: BookSession,
  walletId: string,
  accountId: string | null,
  address: string,
  label: string | null,
): Promise<Address> {
  const clash = await b.s.get(`SELECT id FROM addresses WHERE wallet_id = ? AND address = ?`, [
    idParam(walletId),
    address,
  ]);
  if (clash !== undefined)
    throw new WalletError('DuplicateAddress', `address ${address} is already in wallet ${walletId}`);
  const now = b.now;
  const row = await b.s.get(
    `INSERT INTO addresses (wallet_id, account_id, address, label, balance, created_at, updated_at)
     VALUES (?, ?, ?, ?, 0, ?, ?) RETURNING ${addressColumns}`,
    [idParam(walletId), accountId === null ? null : idParam(accountId), address, label, now, now],
  );
  assert.ok(row !== undefined);
  return addressOf(row);
}

export async function archiveAddress(b: BookSession, addressId: string): Promise<Address> {
  const now = b.now;
  await b.s.run(`UPDATE addresses SET archived_at = ?, updated_at = ? WHERE id = ? AND archived_at IS NULL`, [
    now,
    now,
    idParam(addressId),
  ]);
  return address(b, addressId);
}
