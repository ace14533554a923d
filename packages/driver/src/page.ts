/**
 * Cursor pages of the list endpoints (ours; BigchainDB had none). The body stays a plain JSON
 * array; where the next page starts travels in the headers: `X-Next-Cursor: <cursor>` and
 * `Link: <…&cursor=…>; rel="next"` (RFC 8288).
 */

export interface Page<T> {
  readonly items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  readonly next: string | null;
}

/** The next page's cursor from an answer's headers, or null. */
export function nextCursor(headers: { get(name: string): string | null }): string | null {
  const direct = headers.get('x-next-cursor');
  if (direct) return direct;
  const link = headers.get('link');
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]*)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return new URL(m[1]!, 'http://x').searchParams.get('cursor');
  }
  return null;
}

/**
 * Every item of a paged list, fetching pages as the loop needs them:
 * `for await (const link of pages((cursor) => conn.listOutputsPage(pk, { limit: 100, cursor })))`.
 */
export async function* pages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    yield* page.items;
    if (page.next === null) return;
    cursor = page.next;
  }
}
