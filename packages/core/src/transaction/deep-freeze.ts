/**
 * Freezes a plain JSON value and everything inside it. Built transactions are frozen so that they
 * really are immutable values: nothing can change a transaction after its id was computed, which is
 * also what makes caching its canonical form safe.
 */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item !== 'object' || item === null || Object.isFrozen(item)) continue;
    Object.freeze(item);
    for (const child of Object.values(item)) stack.push(child);
  }
  return value;
}

/**
 * A plain-JSON deep copy of caller-supplied data (asset data, metadata): `toJSON` is applied and
 * `undefined` members are dropped, exactly as they would be on the wire, so the built transaction
 * hashes the same before and after a round trip through JSON text.
 */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
