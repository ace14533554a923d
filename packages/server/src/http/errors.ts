import type { ValidationErrorCode } from '@bigchaindb-ts/core';

/**
 * The one table from validation codes to HTTP statuses. Everything a client sent wrong is a 4xx;
 * a 5xx means a bug or an unavailable store, never bad input.
 */
const statusOfCode: Partial<Record<ValidationErrorCode, number>> = {
  TransactionTooLarge: 413,
};

/** A refusal of a transaction: a validation code, a block-level code or a consensus plugin's code. */
export interface RefusalLike {
  readonly code: string;
  readonly message: string;
}

export function httpStatusOf(error: RefusalLike): number {
  return (statusOfCode as Partial<Record<string, number>>)[error.code] ?? 400;
}

/**
 * Codes of refusals that are not about a transaction's content (those carry the core's validation
 * codes). Stable, like the validation codes: clients match on them.
 */
export type ApiErrorCode =
  | 'BadRequest'
  | 'InvalidParameter'
  | 'UnknownParameter'
  | 'NotFound'
  | 'BodyTooLarge'
  | 'UnsupportedCharacter'
  | 'UnsupportedMediaType'
  | 'UpgradeRequired'
  | 'StoreUnavailable'
  | 'TooManySubscribers'
  | 'InternalError';

/** BigchainDB's error body: `{"message", "status"}`; `code` is ours, for machines. */
export interface ErrorBody {
  readonly message: string;
  readonly status: number;
  readonly code?: string;
}

/** A refusal a route throws; the error handler turns it into the error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function notFound(message = 'Not found'): ApiError {
  return new ApiError(404, 'NotFound', message);
}

export function invalidParameter(message: string): ApiError {
  return new ApiError(400, 'InvalidParameter', message);
}

export function validationErrorBody(error: RefusalLike): ErrorBody {
  const status = httpStatusOf(error);
  // The reference server words schema errors differently from the others; clients match these prefixes.
  const message =
    error.code === 'SchemaValidationError'
      ? error.message.startsWith('Invalid transaction schema')
        ? error.message
        : `Invalid transaction schema: ${error.message}`
      : `Invalid transaction (${error.code}): ${error.message}`;
  return { message, status, code: error.code };
}

export function errorBody(status: number, message: string, code?: string): ErrorBody {
  return code === undefined ? { message, status } : { message, status, code };
}
