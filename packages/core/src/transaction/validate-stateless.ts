import {
  conditionFromDetails,
  conditionUri,
  conditionUriFromDetails,
  parseFulfillment,
  publicKeysOfDetails,
  type Condition,
  type Fulfillment,
  type ValidationContext,
} from '../conditions/index.js';
import { defaultLimits, type Limits } from '../constants.js';
import {
  InvalidCondition,
  InvalidHash,
  InvalidSignature,
  SchemaValidationError,
  TransactionTooLarge,
  ValidationError,
} from '../errors/index.js';
import { parseAmount } from './amount.js';
import { canonicalForm, idFromForm, signingMessages } from './canonical-form.js';
import { createInputDetails } from './draft.js';
import { exceedsDepth, measureJson } from './json-measure.js';
import { checkSchema } from './schema-check.js';
import type { Output, SignedTransaction, Transaction } from './types.js';

export interface StatelessOptions {
  readonly limits?: Limits;
  /**
   * Size of the transaction's JSON text as received, in bytes. The node passes the body length;
   * when absent, the compact JSON size of `json` is measured instead.
   */
  readonly sizeBytes?: number;
  /** The clock that timeout conditions are judged against. */
  readonly ctx: ValidationContext;
}

/**
 * A transaction that passed every check that needs no ledger. It is plain data (structured-clone
 * safe), so a worker thread can produce it and the main thread can finish validation with it.
 */
export interface CheckedTransaction {
  readonly tx: SignedTransaction;
  /**
   * For each input, the URI of the condition its (verified) fulfillment fulfills. The ledger phase
   * compares it with the spent output's condition and never re-verifies signatures.
   */
  readonly inputConditionUris: readonly string[];
  /** True when a fulfillment involves a timeout, so the verdict holds only at the `ctx.nowMs` used. */
  readonly clockDependent: boolean;
}

/**
 * Phase 1 of validation: everything that can be decided from the transaction alone, in the order of
 * `validationErrorCodes` (each step reports the first failure of its kind):
 * size, schema (including nesting depth), condition limits, amounts, output conditions, id,
 * fulfillments. Throws a ValidationError; returns what the ledger phase needs.
 */
export function validateStateless(json: unknown, opts: StatelessOptions): CheckedTransaction {
  const limits = opts.limits ?? defaultLimits;
  checkSizeAndNesting(json, opts.sizeBytes, limits);
  checkSchema(json);
  const tx = json;
  const { outputConditions, fulfillments } = parseConditions(tx, limits);
  for (const output of tx.outputs) parseAmount(output.amount);
  tx.outputs.forEach((output, i) => checkOutputCondition(output, i, outputConditions[i]!));
  const form = canonicalForm(tx);
  checkId(tx, idFromForm(form, tx.inputs.map(fulfillmentOf)));
  const messages = signingMessages(tx, form);
  const createUri =
    tx.operation === 'CREATE' ? createConditionUri(tx.inputs[0]!.owners_before, limits) : undefined;
  const inputConditionUris = fulfillments.map((parsed, i) => {
    if (parsed instanceof ValidationError) throw parsed;
    const uri = parsed.conditionUri();
    if (createUri !== undefined && uri !== createUri) {
      throw new InvalidSignature(
        'The CREATE fulfillment does not fulfill the condition of its owners_before.',
      );
    }
    if (!parsed.validate(messages[i]!, opts.ctx))
      throw new InvalidSignature('Transaction signature is invalid.');
    return uri;
  });
  // A condition URI names its type and every subtype, so a timeout anywhere in a fulfillment shows in it.
  const clockDependent = inputConditionUris.some((uri) => uri.includes('timeout-sha-256'));
  return { tx, inputConditionUris, clockDependent };
}

const fulfillmentOf = (input: { readonly fulfillment: string | null }) => input.fulfillment;

// Nothing legitimate nests deeper than asset data or metadata at their limit, or a condition tree at
// its limit (two JSON levels per threshold), plus the envelope. Anything far deeper is refused before
// any recursive code (the schema validator, the serializer, the condition parser) walks it.
function nestingDepthMax(limits: Limits): number {
  return 2 * (limits.jsonDepthMax + 2 * limits.conditionDepthMax) + 8;
}

/**
 * Step 1 (TransactionTooLarge), then the nesting part of step 2 (SchemaValidationError), both
 * before anything recursive runs. Asset data and metadata are held to `jsonDepthMax`; the rest of
 * the document only to a generous bound, since the schema fixes its shape and the condition parser
 * applies `conditionDepthMax` to condition trees.
 */
function checkSizeAndNesting(json: unknown, sizeBytes: number | undefined, limits: Limits): void {
  const depthMax = nestingDepthMax(limits);
  let tooDeep = false;
  if (sizeBytes === undefined) {
    const measured = measureJson(json, depthMax);
    sizeBytes = measured.bytes;
    tooDeep = measured.tooDeep;
  }
  if (sizeBytes > limits.txSizeBytesMax) {
    throw new TransactionTooLarge(
      `The transaction is ${sizeBytes} bytes, more than ${limits.txSizeBytesMax}.`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return;
  const record = json as Record<string, unknown>;
  const { inputs, outputs } = record;
  if (Array.isArray(inputs) && inputs.length > limits.txInputsMax) {
    throw new TransactionTooLarge(
      `The transaction has ${inputs.length} inputs, more than ${limits.txInputsMax}.`,
    );
  }
  if (Array.isArray(outputs) && outputs.length > limits.txOutputsMax) {
    throw new TransactionTooLarge(
      `The transaction has ${outputs.length} outputs, more than ${limits.txOutputsMax}.`,
    );
  }
  if (tooDeep) {
    throw new SchemaValidationError(
      `Invalid transaction schema: transaction nests deeper than ${depthMax} levels`,
    );
  }
  for (const key in record) {
    // `asset` wraps its data in one more level.
    const max =
      key === 'asset' ? limits.jsonDepthMax + 1 : key === 'metadata' ? limits.jsonDepthMax : depthMax - 1;
    if (exceedsDepth(record[key], max)) {
      throw new SchemaValidationError(`Invalid transaction schema: /${key} nests deeper than ${max} levels`);
    }
  }
}

/**
 * Parses every output condition and input fulfillment under the limits. ThresholdTooDeep wins over
 * ConditionTooComplex, wherever either occurs; a malformed condition (InvalidCondition) or an
 * unparsable fulfillment (InvalidSignature) is kept and reported at its own, later step.
 */
function parseConditions(
  tx: Transaction,
  limits: Limits,
): { outputConditions: (Condition | ValidationError)[]; fulfillments: (Fulfillment | ValidationError)[] } {
  let tooComplex: ValidationError | undefined;
  const capture = <T>(parse: () => T): T | ValidationError => {
    try {
      return parse();
    } catch (err) {
      if (!(err instanceof ValidationError) || err.code === 'ThresholdTooDeep') throw err;
      if (err.code === 'ConditionTooComplex') tooComplex ??= err;
      return err;
    }
  };
  const outputConditions = tx.outputs.map((output) =>
    capture(() => conditionFromDetails(output.condition.details, limits)),
  );
  const fulfillments = tx.inputs.map((input) =>
    capture(() => parseFulfillment(input.fulfillment as string, limits)),
  );
  if (tooComplex !== undefined) throw tooComplex;
  return { outputConditions, fulfillments };
}

/**
 * An output's `uri` must be the URI of its `details`, and `public_keys` exactly the Ed25519 keys in
 * them (unique, in order of first appearance). A condition without keys therefore has
 * `public_keys: []`; `null` is refused, so one output has one encoding and one id.
 */
function checkOutputCondition(output: Output, index: number, parsed: Condition | ValidationError): void {
  if (parsed instanceof ValidationError) {
    throw new InvalidCondition(`Output ${index}: ${parsed.message}`);
  }
  if (output.condition.uri !== conditionUri(parsed)) {
    throw new InvalidCondition(`Output ${index}: the condition uri is not the uri of its details.`);
  }
  const expected = publicKeysOfDetails(output.condition.details);
  const actual = output.public_keys;
  if (actual === null || actual.length !== expected.length || actual.some((key, i) => key !== expected[i])) {
    throw new InvalidCondition(
      `Output ${index}: public_keys must be the keys of its condition, ${JSON.stringify(expected)}.`,
    );
  }
}

function checkId(tx: Transaction, computed: string): asserts tx is SignedTransaction {
  if (tx.id === null) throw new InvalidHash('No transaction id found!');
  if (tx.id !== computed) {
    throw new InvalidHash(
      `The transaction's id '${tx.id}' isn't equal to the hash of its body, i.e. it's not valid.`,
    );
  }
}

// A CREATE's fulfillment must fulfill the condition its owners_before describe (one key, or all of
// them), so a CREATE cannot be signed by someone it does not name. The reference server skips this.
function createConditionUri(ownersBefore: readonly string[] | null, limits: Limits): string {
  if (ownersBefore === null || ownersBefore.length === 0) {
    throw new InvalidSignature('A CREATE input must name its signers in owners_before.');
  }
  try {
    return conditionUriFromDetails(createInputDetails(ownersBefore), limits);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new InvalidSignature(
      `The owners_before of the CREATE input do not form a condition: ${err.message}`,
    );
  }
}
