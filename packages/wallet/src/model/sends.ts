// Sends: internal ones (bookkeeping between two accounts of one wallet, final at once) and
// external ones (debited at once, queued `pending` for the broadcaster), both idempotent by key.
// Each exported function is a BookSession method, documented there.
import { idempotencyKeyLengthMax } from '../constants.js';
import { idText } from '../db/index.js';
import { WalletError } from '../errors.js';
import { getOrCreateExternalAddress } from './addresses.js';
import type { BookSession } from './book-session.js';
import { addToAccount, addToWallet, insertTransaction } from './postings.js';
import { transactionOf, transactionSelect } from './rows.js';
import type { Transaction } from './types.js';
import { boundedText, idParam, positive, validateAddress } from './validation.js';
import { account, accountOfWallet } from './wallets.js';

export interface SendOptions {
  /** Go through the ledger even when the address is one of this wallet's. */
  readonly forceExternal?: boolean;
  /** The same key twice in one wallet returns the first send instead of making another. */
  readonly idempotencyKey?: string | undefined;
  /** Internal sends only: let the sending account go below zero. */
  readonly allowNegativeBalance?: boolean;
}

export async function send(
  b: BookSession,
  walletId: string,
  fromAccountId: string,
  address: string,
  amount: bigint,
  label: string | null,
  options: SendOptions = {},
): Promise<Transaction> {
  validateAddress(address);
  const from = await accountOfWallet(b, walletId, fromAccountId);
  const replay = await replayed(b, walletId, options.idempotencyKey, { from: from.id, address, amount });
  if (replay !== undefined) return replay;
  if (options.forceExternal !== true) {
    const ours = await b.s.get(
      `SELECT id, account_id FROM addresses WHERE wallet_id = ? AND address = ? AND account_id IS NOT NULL`,
      [idParam(walletId), address],
    );
    if (ours !== undefined)
      return sendInternal(b, from.id, idText(ours.account_id), amount, label, {
        ...options,
        addressId: idText(ours.id),
      });
  }
  return sendExternal(b, from.id, address, amount, label, options);
}

export async function sendInternal(
  b: BookSession,
  fromAccountId: string,
  toAccountId: string,
  amount: bigint,
  label: string | null,
  options: SendOptions & { readonly addressId?: string } = {},
): Promise<Transaction> {
  positive(amount);
  const from = await account(b, fromAccountId);
  const to = await account(b, toAccountId);
  if (from.walletId !== to.walletId)
    throw new WalletError('WrongWallet', `accounts ${from.id} and ${to.id} are in different wallets`);
  const replay = await replayed(b, from.walletId, options.idempotencyKey, {
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
  const now = b.now;
  await addToAccount(b, from.id, -amount, now);
  await addToAccount(b, to.id, amount, now);
  return insertTransaction(b, {
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

export async function sendExternal(
  b: BookSession,
  fromAccountId: string,
  address: string,
  amount: bigint,
  label: string | null,
  options: SendOptions = {},
): Promise<Transaction> {
  validateAddress(address);
  positive(amount);
  const from = await account(b, fromAccountId);
  const replay = await replayed(b, from.walletId, options.idempotencyKey, {
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
  const destination = await getOrCreateExternalAddress(b, from.walletId, address);
  const now = b.now;
  await addToAccount(b, from.id, -amount, now);
  await addToWallet(b, from.walletId, -amount, now);
  return insertTransaction(b, {
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
async function replayed(
  b: BookSession,
  walletId: string,
  key: string | undefined,
  what: { readonly from: string; readonly to?: string; readonly address?: string; readonly amount: bigint },
): Promise<Transaction | undefined> {
  if (key === undefined) return undefined;
  boundedText(key, 'idempotency_key', idempotencyKeyLengthMax);
  const row = await b.s.get(`${transactionSelect} WHERE t.wallet_id = ? AND t.idempotency_key = ?`, [
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
