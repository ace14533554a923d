import { ValidationError } from '../errors/index.js';
import type { LedgerView } from './ledger-view.js';
import type { SignedTransaction } from './types.js';
import { validateAgainstLedger } from './validate-ledger.js';
import { validateStateless, type StatelessOptions } from './validate-stateless.js';

/** Both phases in one call: returns the valid transaction or throws the first ValidationError. */
export function validateTransaction(
  json: unknown,
  view: LedgerView,
  opts: StatelessOptions,
): SignedTransaction {
  return validateAgainstLedger(validateStateless(json, opts), view);
}

/** The outcome of validation as data: the transaction, or the reason it is not valid. */
export type ValidationResult =
  | { readonly ok: true; readonly tx: SignedTransaction }
  | { readonly ok: false; readonly error: ValidationError };

/**
 * Validates without throwing for invalid input. Only ValidationErrors become `{ ok: false }`;
 * anything else is a bug and still throws.
 */
export function checkTransaction(json: unknown, view: LedgerView, opts: StatelessOptions): ValidationResult {
  try {
    return { ok: true, tx: validateTransaction(json, view, opts) };
  } catch (err) {
    if (err instanceof ValidationError) return { ok: false, error: err };
    throw err;
  }
}
