import { utf8Length } from '../bytes.js';

/** What one walk over a parsed JSON value found. */
export interface JsonMeasure {
  /** UTF-8 length of its compact JSON text (as `JSON.stringify` writes it). */
  readonly bytes: number;
  /** True when some value nests deeper than the depth limit given to the walk. */
  readonly tooDeep: boolean;
}

/**
 * Measures a parsed JSON value without recursion, so that hostile nesting (`JSON.parse` happily
 * builds arrays half a million levels deep) cannot overflow the stack before the limits are checked.
 * A scalar has depth 0, `{}` and `[]` depth 1, `{"a":[]}` depth 2.
 */
export function measureJson(value: unknown, depthMax: number): JsonMeasure {
  let bytes = 0;
  let tooDeep = false;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== 'object' || item === null) {
      bytes += scalarBytes(item);
      continue;
    }
    if (depth + 1 > depthMax) tooDeep = true;
    if (Array.isArray(item)) {
      bytes += 2 + Math.max(0, item.length - 1);
      for (const child of item) stack.push([child, depth + 1]);
    } else {
      const entries = Object.entries(item as Record<string, unknown>);
      bytes += 2 + Math.max(0, entries.length - 1);
      for (const [key, child] of entries) {
        bytes += utf8Length(JSON.stringify(key)) + 1;
        stack.push([child, depth + 1]);
      }
    }
  }
  return { bytes, tooDeep };
}

function scalarBytes(item: unknown): number {
  if (typeof item === 'string') return utf8Length(JSON.stringify(item));
  if (typeof item === 'number') return Number.isFinite(item) ? JSON.stringify(item).length : 4;
  if (typeof item === 'boolean') return item ? 4 : 5;
  return 4; // null
}

/** True when a parsed JSON value nests deeper than `depthMax` (see `measureJson`), found without recursion. */
export function exceedsDepth(value: unknown, depthMax: number): boolean {
  // Two parallel stacks instead of a stack of pairs: this runs on every transaction validated.
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const item = values.pop();
    const depth = depths.pop() as number;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= depthMax) return true;
    if (Array.isArray(item)) {
      for (const child of item) {
        if (typeof child === 'object' && child !== null) {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in item) {
        const child = (item as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
}
