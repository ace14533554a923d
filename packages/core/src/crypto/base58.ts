import bs58 from 'bs58';

/** Base58 with the Bitcoin alphabet, as BigchainDB encodes keys. */
export function base58Encode(bytes: Uint8Array): string {
  return bs58.encode(bytes);
}

/** Decodes base58, or returns undefined when the text is not base58. */
export function base58Decode(text: string): Uint8Array | undefined {
  const out = bs58.decodeUnsafe(text);
  return out === undefined ? undefined : out;
}
