/**
 * A plain-JSON deep copy of caller-supplied data (asset data, metadata, outputs): `toJSON` is applied
 * and `undefined` members are dropped, exactly as they would be on the wire. A built transaction thus
 * shares nothing with the caller's objects and hashes the same before and after a trip through JSON.
 */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
