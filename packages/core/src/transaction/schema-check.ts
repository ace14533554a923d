import { Ajv, type ValidateFunction } from 'ajv';
import { SchemaValidationError } from '../errors/index.js';
import { transactionSchema } from './schema.js';
import type { Transaction } from './types.js';

// Compiled once, on first use, and shared by every validation in the process (or worker).
let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv({ discriminator: true, allowUnionTypes: true, allErrors: false }).compile(
    transactionSchema,
  );
  return compiled;
}

/** Checks `json` against the transaction v2.0 schema; throws SchemaValidationError with ajv's first error. */
export function checkSchema(json: unknown): asserts json is Transaction {
  const validate = validator();
  if (validate(json)) return;
  const error = validate.errors?.[0];
  const where = error === undefined || error.instancePath === '' ? 'transaction' : error.instancePath;
  throw new SchemaValidationError(`Invalid transaction schema: ${where} ${error?.message ?? 'is invalid'}`);
}
