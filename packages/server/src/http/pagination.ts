import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Page } from '../store/index.js';
import { pageLimitMax } from './schemas.js';

/**
 * Most items a list call without `limit` returns. BigchainDB's driver expects such a call to
 * answer with the whole list as a JSON array, so it does, up to this many; past it the answer is
 * cut and, like any page, carries a `Link: <…>; rel="next"` header to continue from.
 */
export const unpagedItemsMax = 10_000;

/** One page of a store query, or (without `limit`) every page up to `unpagedItemsMax` items. */
export async function collect<T>(
  fetchPage: (limit: number, cursor: string | undefined) => Promise<Page<T>>,
  query: { readonly limit?: number; readonly cursor?: string },
): Promise<{ items: T[]; next: string | null }> {
  if (query.limit !== undefined && query.limit > 0) {
    const page = await fetchPage(Math.min(query.limit, pageLimitMax), query.cursor);
    return { items: [...page.items], next: page.next };
  }
  const items: T[] = [];
  let cursor = query.cursor;
  for (;;) {
    const page = await fetchPage(Math.min(pageLimitMax, unpagedItemsMax - items.length), cursor);
    items.push(...page.items);
    if (page.next === null || items.length >= unpagedItemsMax) return { items, next: page.next };
    cursor = page.next;
  }
}

/**
 * Tells the client where the next page starts: `Link: <same URL with cursor=…>; rel="next"` (RFC
 * 8288, as GitHub's API does) and the bare cursor in `X-Next-Cursor`. The body stays a plain JSON
 * array, so paged and unpaged answers have one shape.
 */
export function linkNextPage(req: FastifyRequest, reply: FastifyReply, next: string | null): void {
  if (next === null) return;
  const url = new URL(req.url, 'http://localhost');
  url.searchParams.set('cursor', next);
  if (!url.searchParams.has('limit') || url.searchParams.get('limit') === '0')
    url.searchParams.set('limit', String(pageLimitMax));
  // URLSearchParams writes a space as `+`; `%20` reads the same everywhere.
  reply.header('link', `<${url.pathname}${url.search.replaceAll('+', '%20')}>; rel="next"`);
  reply.header('x-next-cursor', next);
}
