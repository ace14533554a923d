/**
 * The JSON schema of a BigchainDB 2.0 transaction (CREATE and TRANSFER), as a plain object for ajv.
 *
 * It follows the reference server's YAML schemas (`transaction_v2.0`, `transaction_create_v2.0`,
 * `transaction_transfer_v2.0`) with deliberate differences:
 * - every pattern is anchored (the reference's base58 and hex patterns are unanchored searches, so
 *   they accept any string that merely contains a match);
 * - base58 keys may be 32 to 44 characters, the real range of a 32-byte key (the reference's 43..44
 *   refuses about one random key in a thousand);
 * - condition details may also be our extension types (preimage, timeout, inverted threshold), and
 *   the URI pattern accepts their type names; `uri` is compared with the URI of `details` later;
 * - an input's `fulfillment` must be a string: only signed transactions are validated;
 * - a transaction has at least one output, and only the CREATE and TRANSFER operations exist here.
 */

const base58Key = { type: 'string', pattern: '^[1-9A-HJ-NP-Za-km-z]{32,44}$' } as const;
const sha3Hex = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const base64url = '^[A-Za-z0-9_-]*$';
const threshold = { type: 'integer', minimum: 1 } as const;
const subconditions = { type: 'array', minItems: 1, items: { $ref: '#/$defs/details' } } as const;

const details = {
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: [
    {
      properties: { type: { const: 'ed25519-sha-256' }, public_key: base58Key },
      required: ['type', 'public_key'],
      additionalProperties: false,
    },
    {
      properties: { type: { const: 'threshold-sha-256' }, threshold, subconditions },
      required: ['type', 'threshold', 'subconditions'],
      additionalProperties: false,
    },
    {
      properties: {
        type: { const: 'preimage-sha-256' },
        fingerprint: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
        cost: { type: 'integer', minimum: 0 },
      },
      required: ['type', 'fingerprint', 'cost'],
      additionalProperties: false,
    },
    {
      properties: {
        type: { const: 'timeout-sha-256' },
        expire_time: { type: 'string', pattern: '^(0|[1-9][0-9]{0,12})\\.[0-9]{3}$' },
      },
      required: ['type', 'expire_time'],
      additionalProperties: false,
    },
    {
      properties: { type: { const: 'inverted-threshold-sha-256' }, threshold, subconditions },
      required: ['type', 'threshold', 'subconditions'],
      additionalProperties: false,
    },
  ],
} as const;

const typeNames = '(ed25519|threshold|preimage|timeout|inverted-threshold)-sha-256';
const conditionUri = {
  type: 'string',
  pattern: `^ni:///sha-256;[A-Za-z0-9_-]{43}\\?fpt=${typeNames}&cost=[0-9]{1,20}(&subtypes=${typeNames}(,${typeNames})*)?$`,
} as const;

const output = {
  type: 'object',
  properties: {
    amount: { type: 'string', pattern: '^[0-9]{1,20}$' },
    condition: {
      type: 'object',
      properties: { details: { $ref: '#/$defs/details' }, uri: conditionUri },
      required: ['details', 'uri'],
      additionalProperties: false,
    },
    public_keys: { type: ['array', 'null'], items: base58Key },
  },
  required: ['amount', 'condition', 'public_keys'],
  additionalProperties: false,
} as const;

function input(fulfills: object) {
  return {
    type: 'object',
    properties: {
      owners_before: { type: ['array', 'null'], items: base58Key },
      fulfills,
      fulfillment: { type: 'string', pattern: base64url },
    },
    required: ['owners_before', 'fulfills', 'fulfillment'],
    additionalProperties: false,
  } as const;
}

const common = {
  id: { anyOf: [sha3Hex, { type: 'null' }] },
  version: { const: '2.0' },
  metadata: { type: ['object', 'null'], minProperties: 1 },
  outputs: { type: 'array', minItems: 1, items: output },
} as const;
const required = ['id', 'version', 'operation', 'asset', 'metadata', 'inputs', 'outputs'];

const create = {
  properties: {
    ...common,
    operation: { const: 'CREATE' },
    asset: {
      type: 'object',
      properties: { data: { type: ['object', 'null'] } },
      required: ['data'],
      additionalProperties: false,
    },
    inputs: { type: 'array', minItems: 1, maxItems: 1, items: input({ type: 'null' }) },
  },
  required,
  additionalProperties: false,
} as const;

const transfer = {
  properties: {
    ...common,
    operation: { const: 'TRANSFER' },
    asset: {
      type: 'object',
      properties: { id: sha3Hex },
      required: ['id'],
      additionalProperties: false,
    },
    inputs: {
      type: 'array',
      minItems: 1,
      items: input({
        type: 'object',
        properties: {
          transaction_id: sha3Hex,
          output_index: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
        },
        required: ['transaction_id', 'output_index'],
        additionalProperties: false,
      }),
    },
  },
  required,
  additionalProperties: false,
} as const;

export const transactionSchema = {
  $defs: { details },
  type: 'object',
  required: ['operation'],
  discriminator: { propertyName: 'operation' },
  oneOf: [create, transfer],
} as const;
