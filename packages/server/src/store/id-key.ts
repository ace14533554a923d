import assert from 'node:assert/strict';

/**
 * How SQLite keys a hash id. Lowercase 64-hex ids (transaction, asset and block ids) are stored as
 * their 32 bytes: every id index then holds twice as many entries per page, and the benchmark
 * (perf-anchors B.4) measured such blob keys about 15% faster to insert than hex text. Any other
 * string is stored as text; SQLite columns typed BLOB keep either without conversion, and a blob
 * never equals a text, so the mapping is lossless for every input.
 */
export type IdKey = Buffer | string;

const hex64 = /^[0-9a-f]{64}$/;

export function idKey(id: string): IdKey {
  return hex64.test(id) ? Buffer.from(id, 'hex') : id;
}

export function idOf(key: unknown): string {
  if (Buffer.isBuffer(key)) {
    assert.equal(key.length, 32, 'a blob id key is 32 bytes');
    return key.toString('hex');
  }
  assert.equal(typeof key, 'string', 'an id key is a blob or a text');
  return key as string;
}
