/**
 * A memo table that forgets everything once it holds `sizeMax` entries. Validation sees the same
 * public keys and conditions again and again (an owner's key in every output it receives), and
 * recomputing their base58 decoding, DER and SHA-256 was a third of the non-signature cost of
 * validating a transfer. Clearing wholesale keeps it simple and bounds memory; hit rates stay high
 * because hot keys come back at once.
 */
export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly sizeMax: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): V {
    if (this.map.size >= this.sizeMax) this.map.clear();
    this.map.set(key, value);
    return value;
  }
}
