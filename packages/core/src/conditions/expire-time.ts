/**
 * The expiry of a timeout condition. DER carries it as an INTEGER of milliseconds since the Unix
 * epoch; details JSON carries the same instant as decimal seconds with exactly three fractional
 * digits ("1464242352.227"). Fixed-point in both places means JSON and DER round-trip exactly, and
 * one canonical string per instant means the condition URI is a function of the details JSON.
 */

/** Latest instant accepted: the end of the ECMAScript time range, 8.64e15 ms (year 275760). */
export const expireTimeMsMax = 8_640_000_000_000_000;

const canonical = /^(0|[1-9][0-9]{0,12})\.([0-9]{3})$/;

export function isExpireTimeMs(ms: number): boolean {
  return Number.isSafeInteger(ms) && ms >= 0 && ms <= expireTimeMsMax;
}

/** The canonical details string of an expiry in milliseconds. */
export function formatExpireTime(ms: number): string {
  if (!isExpireTimeMs(ms))
    throw new RangeError(`expiry must be an integer in 0 ..= ${expireTimeMsMax} ms, got ${ms}`);
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
}

/** The milliseconds of a canonical details string, or undefined for any other text. */
export function parseExpireTime(text: string): number | undefined {
  const match = canonical.exec(text);
  if (match === null) return undefined;
  const ms = Number(match[1]) * 1000 + Number(match[2]);
  return ms <= expireTimeMsMax ? ms : undefined;
}
