import { WalletError } from './errors.js';

/** Integer base units: decimal strings at the edges, bigint inside. */
const decimal = /^(0|[1-9][0-9]{0,19})$/;

/** Reads a positive amount of base units from the edge (API, CLI): a decimal string or a safe integer. */
export function parseUnits(value: unknown, what = 'amount'): bigint {
  let text: string | undefined;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' && Number.isSafeInteger(value)) text = String(value);
  else if (typeof value === 'bigint') text = value.toString();
  if (text === undefined || !decimal.test(text))
    throw new WalletError('BadAmount', `${what} must be a whole number of base units as a decimal string`);
  const units = BigInt(text);
  if (units <= 0n) throw new WalletError('BadAmount', `${what} must be greater than 0`);
  if (units > 9_000_000_000_000_000_000n)
    throw new WalletError('BadAmount', `${what} must be at most 9000000000000000000`);
  return units;
}

/** A database integer (number, bigint or the decimal text pg gives for BIGINT) as bigint. */
export function toUnits(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (typeof value === 'string') return BigInt(value);
  if (value === null || value === undefined) return 0n;
  throw new TypeError(`not an integer column value (${typeof value})`);
}
