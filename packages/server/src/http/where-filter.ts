import {
  filterConditionsMax,
  type FieldCondition,
  type FieldFilter,
  type FieldValue,
} from '../store/index.js';
import { invalidParameter } from './errors.js';
import { holdsNul } from './text-checks.js';

/** Longest `where` accepted, in characters; a filter of `filterConditionsMax` conditions fits easily. */
export const whereLengthMax = 4_096;

/**
 * Parses the `where` query parameter: a JSON object in MongoDB's query style, the database
 * BigchainDB users were told to query directly.
 *
 * - `{"field": value, ...}`: every field equals its value (AND). `value` is a string, number,
 *   boolean or null, compared as JSON (`1` is not `"1"`). Nested fields use dotted paths
 *   (`"owner.name"`); an array field matches when one of its elements does.
 * - `{"$or": [{...}, {...}]}`: any of the objects matches; `{"$and": [...]}`: all do. They nest and
 *   mix with fields: `{"kind": "car", "$or": [{"color": "red"}, {"color": "blue"}]}`.
 *
 * The result is the store's OR of ANDs (the filter multiplied out), refused with a 400 when it
 * would hold more than `filterConditionsMax` conditions, or when a field name or value holds
 * U+0000, which no stored transaction can (the API refuses it in transactions).
 */
export function parseWhere(text: string): FieldFilter {
  if (text.length > whereLengthMax) throw invalidParameter(`where is at most ${whereLengthMax} characters`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidParameter('where must be a JSON object, e.g. {"kind":"car","$or":[{"color":"red"}]}');
  }
  return { anyOf: toGroups(value, 'where') };
}

type Groups = FieldCondition[][];

function toGroups(value: unknown, at: string): Groups {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalidParameter(`${at} must be a JSON object`);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) throw invalidParameter(`${at} must name at least one field`);
  let groups: Groups = [[]];
  for (const [key, v] of entries) {
    const here = `${at}.${key}`;
    let clause: Groups;
    if (key === '$or' || key === '$and') {
      if (!Array.isArray(v) || v.length === 0)
        throw invalidParameter(`${here} must be a non-empty array of objects`);
      const parts = v.map((item, i) => toGroups(item, `${here}[${i}]`));
      clause = key === '$or' ? parts.flat() : parts.reduce(and);
    } else if (key.startsWith('$')) {
      throw invalidParameter(`${here}: unknown operator (only $and and $or are supported)`);
    } else if (key === '') {
      throw invalidParameter(`${at}: a field name cannot be empty`);
    } else if (holdsNul(key)) {
      throw invalidParameter(`${at}: a field name cannot contain U+0000 (NUL)`);
    } else {
      clause = [[{ path: key, value: fieldValue(v, here) }]];
    }
    groups = and(groups, clause);
  }
  return groups;
}

/** AND of two ORs of ANDs, multiplied out; refused once it grows past what one query may ask. */
function and(a: Groups, b: Groups): Groups {
  const out: Groups = [];
  for (const x of a) {
    for (const y of b) {
      out.push([...x, ...y]);
      if (out.reduce((n, g) => n + g.length, 0) > filterConditionsMax)
        throw invalidParameter(`where expands to more than ${filterConditionsMax} conditions`);
    }
  }
  return out;
}

function fieldValue(v: unknown, at: string): FieldValue {
  // No stored text holds U+0000 (see text-checks.ts): a 400 says so, where an empty answer would not.
  if (typeof v === 'string' && holdsNul(v)) throw invalidParameter(`${at} cannot contain U+0000 (NUL)`);
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw invalidParameter(`${at} must be a string, number, boolean or null`);
}
