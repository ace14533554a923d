/**
 * Business outcomes of the wallet, as a closed family with stable codes: the seed's exception names
 * (`NotEnoughAccountBalance`, `SameAccount`, `BadAddress`, `CannotResolveDatabaseConflict`) and ours.
 * The API answers them as `{"message", "status", "code"}`; tests assert codes, not message text.
 * Listed in order of precedence: when one request could fail for several reasons, the earlier wins.
 */
export const walletErrorCodes = [
  'BadRequest',
  'NotFound',
  'UnknownCoin',
  'BadAddress',
  'BadAmount',
  'WrongWallet',
  'SameAccount',
  'DuplicateAddress',
  'NotEnoughAccountBalance',
  'NotIncoming',
  'IdempotencyKeyReused',
  'BalanceImportRefused',
  'CannotResolveDatabaseConflict',
] as const;

export type WalletErrorCode = (typeof walletErrorCodes)[number];

export class WalletError extends Error {
  readonly code: WalletErrorCode;
  constructor(code: WalletErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = code;
    this.code = code;
  }
}

export function isWalletError(err: unknown, code?: WalletErrorCode): err is WalletError {
  return err instanceof WalletError && (code === undefined || err.code === code);
}

/** The HTTP status of each code, in one place: every business outcome is a 400 but the unknown id. */
export function httpStatusOf(code: WalletErrorCode): number {
  if (code === 'NotFound') return 404;
  if (code === 'CannotResolveDatabaseConflict') return 503;
  return 400;
}

/** An invalid configuration: one line naming the key; the command exits 1. */
export class WalletConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WalletConfigError';
  }
}
