// Checks on what comes from outside (the API, the CLI, the application) before it reaches the
// database: a bad value is a WalletError the caller can answer, never a database error.
import { isPublicKey } from '@bigchaindb-ts/core';
import { addressLengthMax } from '../constants.js';
import { WalletError } from '../errors.js';

/** A text that may be absent (null), refused when it is not a string or is longer than `max`. */
export function boundedText(value: string | null | undefined, what: string, max: number): string | null {
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

export function positive(amount: bigint): void {
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
