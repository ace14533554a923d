/**
 * JSON schemas shared by the routes: parameters (validated by fastify before a handler runs) and
 * answers (documentation, turned into the OpenAPI document and checked against real answers by the
 * tests; never used to serialize, see `app.ts`). Plain objects, no `$ref`, so each route's schema
 * reads on its own.
 */
import { pageSizeMax } from '../store/index.js';

export type JsonSchema = Record<string, unknown>;

/** Pages are at most the store's page size; larger `limit`s are clamped to it (documented). */
export const pageLimitMax = pageSizeMax;

/** Patterns, with the sentence an error message uses when a value does not match. */
const patterns = {
  hex64: { pattern: '^[0-9a-fA-F]{64}$', means: 'must be 64 hexadecimal characters' },
  base58Key: {
    pattern: '^[1-9A-HJ-NP-Za-km-z]{32,44}$',
    means: 'must be a base58 Ed25519 public key (32 to 44 characters)',
  },
  // BigchainDB lower-cases booleans before checking them, so any letter case is accepted.
  boolean: { pattern: '^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$', means: 'must be "true" or "false"' },
  operation: {
    pattern: '^([Cc][Rr][Ee][Aa][Tt][Ee]|[Tt][Rr][Aa][Nn][Ss][Ff][Ee][Rr])$',
    means: 'must be "CREATE" or "TRANSFER"',
  },
  cursor: { pattern: '^[0-9a-z]{1,11}(\\.[0-9a-z]{1,11})?$', means: 'must be a cursor from an earlier page' },
} as const;

/** The sentence for a value that does not match `pattern`, for error messages. */
export function patternMeaning(pattern: string): string | undefined {
  return Object.values(patterns).find((p) => p.pattern === pattern)?.means;
}

export const txIdParam = {
  type: 'string',
  pattern: patterns.hex64.pattern,
  description: 'A transaction id: 64 hexadecimal characters.',
};
export const blockIdParam = {
  type: 'string',
  pattern: patterns.hex64.pattern,
  description: 'A block id: 64 hexadecimal characters.',
};
export const publicKeyParam = {
  type: 'string',
  pattern: patterns.base58Key.pattern,
  description: 'A base58 Ed25519 public key.',
};
export function booleanParam(description: string): JsonSchema {
  return { type: 'string', pattern: patterns.boolean.pattern, description };
}
export const operationParam = {
  type: 'string',
  pattern: patterns.operation.pattern,
  description: '`CREATE` or `TRANSFER` (any letter case).',
};
export const cursorParam = {
  type: 'string',
  pattern: patterns.cursor.pattern,
  description:
    'Where the page starts: the cursor of the `Link: <…>; rel="next"` header of the previous page.',
};
export function limitParam(minimum: number, description: string): JsonSchema {
  return { type: 'integer', minimum, description };
}

// ------------------------------------------------------------------------------------ answers

export const errorSchema = {
  type: 'object',
  required: ['message', 'status'],
  properties: {
    message: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'A validation error code of the core, or an API error code.' },
  },
};

/** Error answers by status, for a route's `response`. */
export function errors(...statuses: number[]): Record<string, JsonSchema> {
  return Object.fromEntries(statuses.map((s) => [String(s), errorSchema]));
}

const hex64 = { type: 'string', pattern: patterns.hex64.pattern };

/** A transaction as the wire carries it; only the frame is described, the core's schema has the rest. */
export const transactionSchema = {
  type: 'object',
  required: ['id', 'version', 'operation', 'inputs', 'outputs', 'asset', 'metadata'],
  properties: {
    id: hex64,
    version: { type: 'string', enum: ['2.0'] },
    operation: { type: 'string', enum: ['CREATE', 'TRANSFER'] },
    inputs: { type: 'array', items: { type: 'object' } },
    outputs: { type: 'array', items: { type: 'object' } },
    asset: { type: 'object' },
    metadata: { type: ['object', 'null'] },
  },
};

export const transactionListSchema = { type: 'array', items: transactionSchema };

export const outputLinkSchema = {
  type: 'object',
  required: ['transaction_id', 'output_index'],
  properties: { transaction_id: hex64, output_index: { type: 'integer', minimum: 0 } },
};

export const assetMatchSchema = {
  type: 'object',
  required: ['id', 'data'],
  properties: { id: hex64, data: { type: 'object' } },
};

export const metadataMatchSchema = {
  type: 'object',
  required: ['id', 'metadata'],
  properties: { id: hex64, metadata: { type: 'object' } },
};

export const electionStatusSchema = { type: 'string', enum: ['undecided', 'valid', 'invalid'] };
export const txStatusSchema = { type: 'string', enum: ['backlog', 'undecided', 'valid', 'invalid'] };

export const blockSchema = {
  type: 'object',
  required: ['height', 'transactions', 'id', 'node_pubkey', 'voters', 'signature', 'timestamp', 'status'],
  properties: {
    height: { type: 'integer', minimum: 0 },
    transactions: transactionListSchema,
    id: hex64,
    node_pubkey: { type: 'string', description: 'The key of the member that made the block.' },
    voters: { type: 'array', items: { type: 'string' } },
    signature: { type: 'string', description: "The maker's Ed25519 signature (base58) of the block body." },
    timestamp: { type: 'string', description: 'Unix seconds, as the maker wrote it.' },
    status: { ...electionStatusSchema, description: "The block's election status." },
  },
};

export const voteSchema = {
  type: 'object',
  required: ['node_pubkey', 'vote', 'signature'],
  properties: {
    node_pubkey: { type: 'string' },
    signature: { type: 'string' },
    vote: {
      type: 'object',
      required: ['voting_for_block', 'previous_block', 'is_block_valid', 'invalid_reason', 'timestamp'],
      properties: {
        voting_for_block: hex64,
        previous_block: hex64,
        is_block_valid: { type: 'boolean' },
        invalid_reason: { type: ['string', 'null'] },
        timestamp: { type: 'string' },
      },
    },
  },
};

/** The status record of a transaction: the seed's `status` plus, ours, why and where. */
export const txStatusRecordSchema = {
  type: 'object',
  required: ['status'],
  properties: {
    status: txStatusSchema,
    reason_code: {
      type: ['string', 'null'],
      description:
        'For `invalid`: the validation error code. For `undecided`: `Tampered` when the store records a ' +
        'decision this node cannot vouch for (its block fails the integrity checks).',
    },
    reason: { type: ['string', 'null'], description: 'The reason, in words.' },
    block_id: { ...hex64, description: 'The block holding the transaction (`undecided` or `valid`).' },
    updated_at_ms: { type: 'integer', description: 'When the status last changed (Unix ms).' },
    confirmations: {
      type: 'integer',
      description:
        'Proof-of-work mode only: blocks on top of the block holding the transaction (`valid` from `pow.confirmations`).',
    },
  },
};
