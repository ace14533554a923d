import { InvalidArgumentError } from 'commander';

/** Commander parser for arguments and options that must be integers >= `min`. */
export function integerAtLeast(min: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`must be an integer >= ${min}`);
    }
    return n;
  };
}

/** Commander parser for a rate: a number > 0. */
export function positiveNumber(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('must be a number > 0');
  return n;
}
