import { createCipheriv, createDecipheriv, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { generateKeypair, publicKeyOf, type Keypair } from '@bigchaindb-ts/core';
import { scryptBlockSizeR, scryptCostN, scryptParallelP } from '../constants.js';
import type { ConflictResolver } from '../db/index.js';
import { WalletConfigError } from '../errors.js';

/** Where the passphrase comes from when the config does not give one. */
export const passphraseVariable = 'BIGCHAINDB_WALLET_PASSPHRASE';

/** A new receiving or change key: its address, and its private key sealed for the database. */
export interface SealedKey {
  readonly publicKey: string;
  readonly sealed: string;
}

interface KeystoreMeta {
  readonly v: 1;
  readonly salt: string;
  readonly n: number;
  readonly r: number;
  readonly p: number;
  /** A known text sealed with the key: a wrong passphrase fails to open it, at start and not at the first send. */
  readonly check: string;
}

const checkText = 'bigchaindb-wallet keystore';

function deriveKey(passphrase: string, meta: Omit<KeystoreMeta, 'check'>): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase,
      Buffer.from(meta.salt, 'base64'),
      32,
      { N: meta.n, r: meta.r, p: meta.p, maxmem: 256 * meta.n * meta.r },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

function seal(key: Buffer, plain: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(
    ':',
  );
}

function unseal(key: Buffer, sealed: string, aad: string): string | undefined {
  const [v, iv, tag, body] = sealed.split(':');
  if (v !== 'v1' || iv === undefined || tag === undefined || body === undefined) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * The private keys of the wallets' addresses, encrypted at rest: AES-256-GCM under a key derived
 * from the passphrase with scrypt (salt and cost kept in `wallet_meta`), each sealed key bound to
 * its public key as associated data, so a sealed key moved to another address row fails to open.
 * The passphrase and the private keys are never logged and never leave through the API; a
 * Keystore's string form says nothing about them.
 */
export class Keystore {
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
  }

  /**
   * Opens the keystore of a database, creating its salt on first use. Throws a one-line
   * WalletConfigError without a passphrase, or with one that does not open this database's keys.
   */
  static async unlock(resolver: ConflictResolver, passphrase: string | undefined): Promise<Keystore> {
    if (passphrase === undefined || passphrase === '')
      throw new WalletConfigError(
        `no keystore passphrase: set ${passphraseVariable} or keystore.passphrase in the config; the wallet will not keep private keys unencrypted`,
      );
    const fresh = {
      v: 1 as const,
      salt: randomBytes(16).toString('base64'),
      n: scryptCostN,
      r: scryptBlockSizeR,
      p: scryptParallelP,
    };
    const freshKey = await deriveKey(passphrase, fresh);
    const candidate: KeystoreMeta = { ...fresh, check: seal(freshKey, checkText, 'check') };
    // First writer wins; everyone then derives from what is stored.
    const stored = await resolver.managedTransaction(async (s) => {
      await s.run(`INSERT INTO wallet_meta (name, value) VALUES ('keystore', ?) ON CONFLICT DO NOTHING`, [
        JSON.stringify(candidate),
      ]);
      const row = await s.get<{ value: string }>(`SELECT value FROM wallet_meta WHERE name = 'keystore'`);
      return JSON.parse(row?.value ?? 'null') as KeystoreMeta;
    });
    const key = stored.salt === fresh.salt ? freshKey : await deriveKey(passphrase, stored);
    const opened = unseal(key, stored.check, 'check');
    if (opened === undefined || !timingSafeEqual(Buffer.from(opened), Buffer.from(checkText)))
      throw new WalletConfigError(`the keystore passphrase does not open this database's keys`);
    return new Keystore(key);
  }

  /** A fresh Ed25519 keypair: its public key (the address) and its sealed private key. */
  newKey(): SealedKey {
    const pair = generateKeypair();
    return { publicKey: pair.publicKey, sealed: seal(this.#key, pair.privateKey, pair.publicKey) };
  }

  /** The keypair of a sealed key; throws if the seal was tampered with or belongs to another address. */
  open(publicKey: string, sealed: string): Keypair {
    const privateKey = unseal(this.#key, sealed, publicKey);
    if (privateKey === undefined || publicKeyOf(privateKey) !== publicKey)
      throw new Error(`the sealed key of ${publicKey} does not open`);
    return { publicKey, privateKey };
  }

  toString(): string {
    return '[Keystore]';
  }

  toJSON(): string {
    return '[Keystore]';
  }
}
