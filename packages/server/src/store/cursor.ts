import { StoreError } from './errors.js';
import type { Page } from './types.js';

/**
 * Page cursors. A cursor names the last item of the previous page by its ledger position (and
 * output index), never by an offset, so rows appended while a client pages through do not shift
 * what it sees. Their text is opaque to clients but checked strictly, because it arrives from them.
 */
export interface OutputCursor {
  readonly pos: number;
  readonly outputIndex: number;
}

export function encodePosCursor(pos: number): string {
  return pos.toString(36);
}

export function decodePosCursor(cursor: string | undefined): number {
  if (cursor === undefined) return -1;
  const pos = parseBase36(cursor);
  if (pos === undefined)
    throw new StoreError('invalid_argument', `not a page cursor: ${JSON.stringify(cursor)}`);
  return pos;
}

export function encodeOutputCursor(c: OutputCursor): string {
  return `${c.pos.toString(36)}.${c.outputIndex.toString(36)}`;
}

export function decodeOutputCursor(cursor: string | undefined): OutputCursor {
  if (cursor === undefined) return { pos: -1, outputIndex: -1 };
  const [a, b, ...rest] = cursor.split('.');
  const pos = a === undefined ? undefined : parseBase36(a);
  const outputIndex = b === undefined ? undefined : parseBase36(b);
  if (pos === undefined || outputIndex === undefined || rest.length > 0)
    throw new StoreError('invalid_argument', `not a page cursor: ${JSON.stringify(cursor)}`);
  return { pos, outputIndex };
}

function parseBase36(text: string): number | undefined {
  if (!/^[0-9a-z]{1,11}$/.test(text)) return undefined;
  const n = parseInt(text, 36);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Checks a caller's page size and returns it; pages are bounded so every read is bounded. */
export function checkLimit(limit: number, max: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > max)
    throw new StoreError('invalid_argument', `limit must be an integer in 1..${max}, got ${limit}`);
  return limit;
}

/** Makes a page from `limit + 1` rows: the extra row only tells whether another page exists. */
export function pageOf<R, T>(
  rows: readonly R[],
  limit: number,
  item: (r: R) => T,
  cursorOf: (r: R) => string,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(item), next: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
