import { amountMax, amountMin } from '../constants.js';
import { AmountError } from '../errors/index.js';

const decimal = /^[0-9]{1,20}$/;

/**
 * Reads a wire amount (a decimal string) as a BigInt and checks its range, 1 ..= 9 * 10^18.
 * BigInt is required because the upper bound is far above 2^53.
 */
export function parseAmount(amount: string): bigint {
  if (!decimal.test(amount)) throw new AmountError(`Invalid amount: ${amount}`);
  const value = BigInt(amount);
  if (value < amountMin) throw new AmountError('`amount` must be greater than 0');
  if (value > amountMax) throw new AmountError(`\`amount\` must be <= ${amountMax}`);
  return value;
}

/**
 * Turns a builder's amount into the wire's decimal string. A caller passing a fraction, a negative
 * number or an out-of-range value is a programming error, not bad input from the network, so this
 * throws TypeError or RangeError rather than a ValidationError.
 */
export function toAmountString(amount: string | number | bigint): string {
  let value: bigint;
  if (typeof amount === 'bigint') {
    value = amount;
  } else if (typeof amount === 'number') {
    if (!Number.isSafeInteger(amount)) throw new TypeError(`an amount must be a safe integer, got ${amount}`);
    value = BigInt(amount);
  } else {
    if (!/^[0-9]+$/.test(amount)) throw new TypeError(`an amount must be a decimal string, got "${amount}"`);
    value = BigInt(amount);
  }
  if (value < amountMin || value > amountMax) {
    throw new RangeError(`an amount must be in ${amountMin} ..= ${amountMax}, got ${value}`);
  }
  return value.toString();
}
