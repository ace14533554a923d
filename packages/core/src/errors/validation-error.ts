/**
 * Validation outcomes: one closed family of named errors with stable codes.
 *
 * The codes are part of the API (they reach HTTP error bodies and clients match on them), so they
 * never change meaning. `validationErrorCodes` lists them in the order validation checks them, which
 * is their precedence: when a transaction is wrong in several ways, validation reports the first
 * failing check. The first eight are decided by the transaction alone (phase 1, `validateStateless`),
 * the next four need the ledger (phase 2, `validateAgainstLedger`), and RuleViolation comes last,
 * from the node's consensus plugin, once both phases passed. Two codes fire again late in phase 2,
 * after AssetIdMismatch: AmountError when input and output sums differ, and InvalidSignature when a
 * fulfillment is for another condition than the spent output's.
 * docs/errors.md describes each code. Programmer errors are not in this family; they are
 * assertions or TypeErrors and crash.
 */
export const validationErrorCodes = [
  /** The serialized transaction is larger than `txSizeBytesMax`, or has more inputs or outputs than allowed. */
  'TransactionTooLarge',
  /** The JSON does not match the transaction v2.0 schema (shape, types, patterns), or nests too deeply. */
  'SchemaValidationError',
  /** A condition or fulfillment is deeper than `conditionDepthMax`. */
  'ThresholdTooDeep',
  /** A condition or fulfillment exceeds a size or count limit other than depth. */
  'ConditionTooComplex',
  /** An output amount is not an integer in 1 ..= 9 * 10^18 (phase 2: inputs and outputs do not sum equally). */
  'AmountError',
  /** An output's `uri` is not the URI of its `details`, its `public_keys` are not the keys in them, or the details are malformed. */
  'InvalidCondition',
  /** The id is missing or not the SHA3-256 of the transaction's canonical body. */
  'InvalidHash',
  /** A fulfillment does not parse or does not validate (bad signature, wrong preimage, expired timeout), a CREATE is not fulfilled by its owners_before (phase 2: a fulfillment for another condition than the spent output's). */
  'InvalidSignature',
  /** A transaction with this id is already in the ledger. */
  'DuplicateTransaction',
  /** An input refers to a transaction, or an output index, that the ledger does not have. */
  'InputDoesNotExist',
  /** An input spends an output that is already spent, or two inputs spend the same output. */
  'DoubleSpend',
  /** The spent outputs belong to different assets, or to another asset than `asset.id`. */
  'AssetIdMismatch',
  /** A rule of the node's consensus plugin (`consensus_plugin`) refused the transaction; checked last. */
  'RuleViolation',
] as const;

export type ValidationErrorCode = (typeof validationErrorCodes)[number];

export class ValidationError extends Error {
  readonly code: ValidationErrorCode;
  constructor(code: ValidationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = code;
  }
}

export class TransactionTooLarge extends ValidationError {
  constructor(message: string) {
    super('TransactionTooLarge', message);
  }
}
export class SchemaValidationError extends ValidationError {
  constructor(message: string) {
    super('SchemaValidationError', message);
  }
}
export class ThresholdTooDeep extends ValidationError {
  constructor(message: string) {
    super('ThresholdTooDeep', message);
  }
}
export class ConditionTooComplex extends ValidationError {
  constructor(message: string) {
    super('ConditionTooComplex', message);
  }
}
export class AmountError extends ValidationError {
  constructor(message: string) {
    super('AmountError', message);
  }
}
export class InvalidCondition extends ValidationError {
  constructor(message: string) {
    super('InvalidCondition', message);
  }
}
export class InvalidHash extends ValidationError {
  constructor(message: string) {
    super('InvalidHash', message);
  }
}
export class DuplicateTransaction extends ValidationError {
  constructor(message: string) {
    super('DuplicateTransaction', message);
  }
}
export class InputDoesNotExist extends ValidationError {
  constructor(message: string) {
    super('InputDoesNotExist', message);
  }
}
export class DoubleSpend extends ValidationError {
  constructor(message: string) {
    super('DoubleSpend', message);
  }
}
export class AssetIdMismatch extends ValidationError {
  constructor(message: string) {
    super('AssetIdMismatch', message);
  }
}
export class InvalidSignature extends ValidationError {
  constructor(message: string) {
    super('InvalidSignature', message);
  }
}
export class RuleViolation extends ValidationError {
  constructor(message: string) {
    super('RuleViolation', message);
  }
}

export function isValidationError(err: unknown): err is ValidationError {
  return err instanceof ValidationError;
}
