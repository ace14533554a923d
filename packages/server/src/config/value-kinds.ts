import { isPublicKey, publicKeyOf } from '@bigchaindb-ts/core';

/**
 * What a setting's value may be, and how to read it from an environment variable (always text) or
 * from the JSON config file (typed JSON). A kind answers `invalid(...)` rather than throwing so the
 * loader can write one error message that names the setting and the value's source.
 */
export interface ValueKind<T> {
  /** Completes "<setting> must be ..." in error messages. */
  readonly expected: string;
  fromEnv(text: string): T | Invalid;
  fromJson(value: unknown): T | Invalid;
}

/** A rejected value; `detail` replaces the quoted value in the message when it says more. */
export class Invalid {
  constructor(readonly detail?: string) {}
}

export function invalid(detail?: string): Invalid {
  return new Invalid(detail);
}

const intPattern = /^[+-]?\d+$/;
const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** An integer in min ..= max; environment text must be plain decimal digits. */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER): ValueKind<number> {
  const check = (n: number): number | Invalid =>
    Number.isSafeInteger(n) && n >= min && n <= max ? n : invalid();
  return {
    expected: max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer ${min}..${max}`,
    fromEnv: (text) => (intPattern.test(text.trim()) ? check(Number(text)) : invalid()),
    fromJson: (value) => (typeof value === 'number' ? check(value) : invalid()),
  };
}

/** A finite number in the range; `aboveMin` excludes `min` itself. */
export function decimal(
  min: number,
  max: number,
  options: { aboveMin?: boolean; expected: string },
): ValueKind<number> {
  const check = (n: number): number | Invalid =>
    Number.isFinite(n) && (options.aboveMin ? n > min : n >= min) && n <= max ? n : invalid();
  return {
    expected: options.expected,
    fromEnv: (text) => (numberPattern.test(text.trim()) ? check(Number(text)) : invalid()),
    fromJson: (value) => (typeof value === 'number' ? check(value) : invalid()),
  };
}

/** A string that `accept` accepts (by default any non-empty string). */
export function text(
  expected = 'a non-empty string',
  accept: (s: string) => boolean = (s) => s.length > 0,
): ValueKind<string> {
  const check = (s: string): string | Invalid => (accept(s) ? s : invalid());
  return {
    expected,
    fromEnv: check,
    fromJson: (value) => (typeof value === 'string' ? check(value) : invalid()),
  };
}

/** `true` or `false`: a JSON boolean in the file, the word (any letter case) in the environment. */
export const boolean: ValueKind<boolean> = {
  expected: 'true or false',
  fromEnv: (s) => {
    const word = s.trim().toLowerCase();
    return word === 'true' ? true : word === 'false' ? false : invalid();
  },
  fromJson: (value) => (typeof value === 'boolean' ? value : invalid()),
};

/** One of a closed set of words. */
export function oneOf<const T extends string>(choices: readonly T[]): ValueKind<T> {
  const check = (s: string): T | Invalid => choices.find((c) => c === s) ?? invalid();
  return {
    expected: `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`,
    fromEnv: (s) => check(s.trim()),
    fromJson: (value) => (typeof value === 'string' ? check(value) : invalid()),
  };
}

/**
 * `kind` or null. Only the config file can say null (the seed's `"workers": null`); an environment
 * variable that should not apply is left unset instead.
 */
export function nullable<T>(kind: ValueKind<T>): ValueKind<T | null> {
  return {
    expected: `${kind.expected} or null`,
    fromEnv: (s) => kind.fromEnv(s),
    fromJson: (value) => (value === null ? null : kind.fromJson(value)),
  };
}

export const publicKey: ValueKind<string> = text('a base58 Ed25519 public key', isPublicKey);

export const privateKey: ValueKind<string> = text(
  'a base58 Ed25519 private key (a 32-byte seed)',
  derivesPublicKey,
);

function derivesPublicKey(candidate: string): boolean {
  try {
    publicKeyOf(candidate);
    return true;
  } catch {
    return false;
  }
}

/** A list of public keys: a JSON array in the file, colon-separated in the environment. */
export const publicKeyList: ValueKind<readonly string[]> = {
  expected: 'a list of base58 Ed25519 public keys (colon-separated in the environment)',
  fromEnv: (s) => checkKeys(s.split(':').map((k) => k.trim())),
  fromJson: (value) =>
    Array.isArray(value) && value.every((k) => typeof k === 'string') ? checkKeys(value) : invalid(),
};

function checkKeys(keys: readonly string[]): readonly string[] | Invalid {
  for (const [i, key] of keys.entries()) {
    if (!isPublicKey(key)) return invalid(`${JSON.stringify(key)} at position ${i + 1}`);
    if (keys.indexOf(key) !== i) return invalid(`${JSON.stringify(key)} twice`);
  }
  return keys;
}

/** An absolute http(s) URL. */
export const httpUrl: ValueKind<string> = text('an http:// or https:// URL', isHttpUrl);

function isHttpUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** `host:port` or `[ipv6]:port`, port 0 ..= 65535 (0 asks the OS for a free port). */
export const hostPort: ValueKind<string> = text('host:port with a port 0..65535', isHostPort);

function isHostPort(s: string): boolean {
  const match = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(s);
  return match !== null && Number(match[1]) <= 65535;
}
