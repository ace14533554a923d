import { searchTextLengthMax } from './constants.js';
import { StoreError } from './errors.js';

/**
 * The text full-text search indexes for an asset's data or a transaction's metadata: every string
 * value, at any depth, one per line. Keys are left out (they are schema, not content), like
 * MongoDB's wildcard text index that BigchainDB users searched with. Both backends index exactly
 * this text, so they agree on what a document contains.
 */
export function searchableText(value: unknown): string {
  const parts: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    // U+0000 separates words like a space: PostgreSQL text cannot hold it (the block's decision
    // would fail), and SQLite's FTS5 would read a document only up to it.
    if (typeof v === 'string') parts.push(v.includes('\u0000') ? v.replaceAll('\u0000', ' ') : v);
    else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    else if (v !== null && typeof v === 'object') {
      const values = Object.values(v as Record<string, unknown>);
      for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
    }
  }
  return parts.join('\n');
}

/** A web-search query, parsed: any of the `groups` matches, each group requiring all its terms. */
export interface SearchQuery {
  /** OR of ANDs; every term is a word or a phrase, kept as the user typed it. */
  readonly groups: readonly (readonly string[])[];
  /** Terms no result may contain. */
  readonly excluded: readonly string[];
}

/**
 * Parses the web-search syntax PostgreSQL's `websearch_to_tsquery` reads (words, "phrases", `or`,
 * `-word`), so SQLite can answer the same queries. Returns null when nothing positive is asked
 * for; both backends then return no rows, instead of PostgreSQL matching everything not excluded.
 */
export function parseSearch(text: string): SearchQuery | null {
  if (text.length > searchTextLengthMax)
    throw new StoreError('invalid_argument', `a search is at most ${searchTextLengthMax} characters`);
  const groups: string[][] = [[]];
  const excluded: string[] = [];
  const tokens = text.match(/-?"[^"]*"?|\S+/g) ?? [];
  for (const token of tokens) {
    if (token.toLowerCase() === 'or') {
      if ((groups.at(-1) ?? []).length > 0) groups.push([]);
      continue;
    }
    const negative = token.startsWith('-');
    const term = (negative ? token.slice(1) : token).replace(/^"|"$/g, '');
    if (!/[\p{L}\p{N}]/u.test(term)) continue;
    if (negative) excluded.push(term);
    else groups.at(-1)?.push(term);
  }
  const nonEmpty = groups.filter((g) => g.length > 0);
  return nonEmpty.length === 0 ? null : { groups: nonEmpty, excluded };
}

/**
 * Renders a parsed query as an FTS5 expression. Every term becomes a quoted string, which FTS5
 * tokenizes into a phrase, so no user text is ever read as FTS5 syntax.
 */
export function toFts5(query: SearchQuery): string {
  const quote = (term: string): string => `"${term.replaceAll('"', '""')}"`;
  const positive = query.groups.map((g) => `(${g.map(quote).join(' AND ')})`).join(' OR ');
  return query.excluded.reduce((expr, term) => `${expr} NOT ${quote(term)}`, `(${positive})`);
}
