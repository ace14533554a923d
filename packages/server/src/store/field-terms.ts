import { createHash } from 'node:crypto';
import { fieldTermLengthMax, fieldTermsPerDocumentMax, filterConditionsMax } from './constants.js';
import { StoreError } from './errors.js';
import type { FieldFilter, FieldValue } from './types.js';

/**
 * Field terms: what field filters on asset data and metadata look up. A term names one scalar at
 * one path, `JSON.stringify([path, value])`, so the string `"1"` and the number `1` are different
 * terms and no choice of key or value can make two pairs collide. Terms longer than
 * `fieldTermLengthMax` are stored as `#` + their SHA-256 (a JSON text never starts with `#`).
 *
 * Paths join object keys with `.`; array elements are indexed under their array's path (as in
 * MongoDB, which BigchainDB users queried directly), so `{"tags": ["a", "b"]}` matches `tags = "a"`.
 * A key that itself contains `.` is found by the dotted path too: `{"a.b": 1}` and
 * `{"a": {"b": 1}}` both match `a.b = 1`.
 */
export function fieldTerm(path: string, value: FieldValue): string {
  const term = JSON.stringify([path, value]);
  return term.length <= fieldTermLengthMax ? term : `#${createHash('sha256').update(term).digest('hex')}`;
}

/**
 * The distinct terms of a document (asset data or metadata), depth first in key order, at most
 * `fieldTermsPerDocumentMax`. Iterative, so no nesting depth can overflow the stack.
 */
export function fieldTerms(doc: unknown): string[] {
  const terms = new Set<string>();
  const stack: [string, unknown][] = [['', doc]];
  while (stack.length > 0 && terms.size < fieldTermsPerDocumentMax) {
    const [path, value] = stack.pop()!;
    if (value === null || typeof value !== 'object') {
      if (path !== '' && isFieldValue(value)) terms.add(fieldTerm(path, value));
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([path, value[i]]);
    } else {
      const entries = Object.entries(value as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        stack.push([path === '' ? key : `${path}.${key}`, child]);
      }
    }
  }
  return [...terms];
}

function isFieldValue(value: unknown): value is FieldValue {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** The filter as groups of terms, checked: at least one group, none empty, at most `filterConditionsMax` conditions. */
export function filterTerms(filter: FieldFilter): string[][] {
  const count = filter.anyOf.reduce((n, g) => n + g.length, 0);
  if (filter.anyOf.length === 0 || filter.anyOf.some((g) => g.length === 0))
    throw new StoreError('invalid_argument', 'a field filter needs at least one condition in every group');
  if (count > filterConditionsMax)
    throw new StoreError(
      'invalid_argument',
      `a field filter has at most ${filterConditionsMax} conditions, got ${count}`,
    );
  return filter.anyOf.map((group) => [...new Set(group.map((c) => fieldTerm(c.path, c.value)))]);
}
