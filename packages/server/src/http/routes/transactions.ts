import { postModes } from '@bigchaindb-ts/core';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context.js';
import { ApiError, invalidParameter, notFound, validationErrorBody } from '../errors.js';
import { listJson, type PostMode, type StatusRecord } from '../../node/index.js';
import { collect, linkNextPage } from '../pagination.js';
import { jsonHoldsNul } from '../text-checks.js';
import {
  booleanParam,
  cursorParam,
  errors,
  limitParam,
  operationParam,
  publicKeyParam,
  transactionListSchema,
  transactionSchema,
  txIdParam,
  txStatusRecordSchema,
} from '../schemas.js';
import { documented } from '../openapi/openapi-document.js';

const txIdPattern = /^[0-9a-f]{64}$/;

interface ListQuery {
  asset_id?: string;
  public_key?: string;
  operation?: string;
  last_tx?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

/** The status record's JSON: the seed's `status`, and ours: why it is invalid, where it is, since when. */
export function statusBody(status: StatusRecord): Record<string, unknown> {
  const body: Record<string, unknown> = { status: status.status };
  // An invalid transaction always says why; an undecided one may (`Tampered`: the node cannot
  // vouch for the decision the store records).
  if (status.status === 'invalid' || status.reasonCode) {
    body.reason_code = status.reasonCode ?? null;
    body.reason = status.reason ?? null;
  }
  if (status.blockId) body.block_id = status.blockId;
  if (status.updatedAtMs !== undefined) body.updated_at_ms = status.updatedAtMs;
  if (status.confirmations !== undefined) body.confirmations = status.confirmations;
  return body;
}

export function registerTransactionRoutes(app: FastifyInstance, { node }: ApiContext): void {
  // Lists are sent as their stored texts joined (`listJson`), already JSON, with the content type
  // fastify's serializer would have set.
  const jsonType = 'application/json; charset=utf-8';

  app.post<{ Querystring: { mode?: PostMode }; Body: unknown }>(
    '/api/v1/transactions',
    {
      schema: documented({
        summary: 'Submit a signed transaction',
        description:
          'The body is the signed transaction (JSON). `async` and `sync` answer once the transaction is ' +
          'validated and durably in the backlog; `commit` once its block is decided. When `commit` waits ' +
          'longer than the node allows, it still answers 202 with the transaction: `X-Transaction-Status` ' +
          'then says `backlog` or `undecided`, and `Location` is where its fate will be. A transaction ' +
          'the ledger rejects while `commit` waits is a 400 with the reason.',
        tags: ['transactions'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            mode: {
              type: 'string',
              enum: [...postModes],
              description: 'How long to wait before answering; default `async`.',
            },
          },
        },
        requestBody: {
          required: true,
          content: { 'application/json': { schema: transactionSchema } },
        },
        response: {
          202: {
            ...transactionSchema,
            description:
              'Accepted: the transaction, echoed. Headers: `Location` (its status URL) and ' +
              '`X-Transaction-Status` (`backlog`, `undecided` or `valid`).',
          },
          ...errors(400, 413, 415),
        },
      }),
    },
    async (req, reply) => {
      const mode = req.query.mode ?? 'async';
      if (typeof req.body !== 'string')
        throw new ApiError(415, 'UnsupportedMediaType', 'Content-Type must be application/json');
      // Refused before anything is written, the same on both backends (docs/http-api.md, "Hostile
      // text"). The stores can hold it (the full-text index reads U+0000 as a word separator), so
      // this is the API's choice, kept while no client needs NUL: a search cannot name it.
      if (jsonHoldsNul(req.body))
        throw new ApiError(
          400,
          'UnsupportedCharacter',
          'Invalid transaction: a string or key holds U+0000 (NUL), which the ledger cannot store',
        );
      const result = await node.submit(req.body, mode);
      if (!result.ok) {
        const body = validationErrorBody(result.error);
        return reply.code(body.status).send(body);
      }
      const id = result.tx.id;
      reply.header('location', `/api/v1/transactions/${id}/status`);
      reply.header('x-transaction-status', result.status);
      if (mode === 'commit' && result.status === 'invalid') {
        // Accepted, then rejected while we waited (e.g. it lost a double-spend race in the block).
        const status = await node.reads.getStatus(id);
        const body = validationErrorBody({
          code: status?.reasonCode ?? 'Rejected',
          message: status?.reason ?? 'rejected by the ledger',
        });
        return reply.code(body.status).send(body);
      }
      return reply.code(202).send(result.tx);
    },
  );

  app.get<{ Querystring: ListQuery }>(
    '/api/v1/transactions',
    {
      schema: documented({
        summary: "An asset's transactions, or the transactions naming a key",
        description:
          'With `asset_id` (BigchainDB 2.x): the CREATE and every TRANSFER of the asset, in ledger order. ' +
          "With `public_key` (ours): every transaction that names the key in an output or in an input's " +
          '`owners_before`. Valid blocks only. Without `limit` the whole list comes back (up to 10,000 ' +
          'items); with it, one page, and a `Link: <…>; rel="next"` header while more follow.',
        tags: ['transactions'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            asset_id: { ...txIdParam, description: 'The asset: the id of its CREATE transaction.' },
            public_key: publicKeyParam,
            operation: operationParam,
            last_tx: booleanParam('`true`: only the newest transaction of the asset, as a one-element list.'),
            order: {
              type: 'string',
              enum: ['asc', 'desc'],
              description: 'For `asset_id`: `asc` (default) oldest first, `desc` newest first.',
            },
            limit: limitParam(1, 'Page size, at most 1000 (larger values are clamped).'),
            cursor: cursorParam,
          },
        },
        response: { 200: transactionListSchema, ...errors(400) },
      }),
    },
    async (req, reply) => {
      const q = req.query;
      if ((q.asset_id === undefined) === (q.public_key === undefined))
        throw invalidParameter('Provide exactly one query parameter of: asset_id, public_key');
      const lastTx = q.last_tx?.toLowerCase() === 'true';
      const operation = q.operation?.toUpperCase() as 'CREATE' | 'TRANSFER' | undefined;
      if (q.public_key !== undefined) {
        if (q.operation !== undefined || q.last_tx !== undefined || q.order !== undefined)
          throw invalidParameter('operation, last_tx and order apply to asset_id only');
        const key = q.public_key;
        const page = await collect(
          (limit, cursor) => node.reads.transactionsByKey(key, { limit, cursor }),
          q,
        );
        linkNextPage(req, reply, page.next);
        return reply.type(jsonType).send(listJson(page.items));
      }
      const assetId = q.asset_id!.toLowerCase();
      const base = { ...(operation === undefined ? {} : { operation }) };
      if (lastTx) {
        if (q.limit !== undefined || q.cursor !== undefined || q.order !== undefined)
          throw invalidParameter('last_tx=true answers one transaction: it takes no limit, cursor or order');
        const page = await node.reads.transactionsByAsset(assetId, {
          ...base,
          limit: 1,
          descending: true,
        });
        return reply.type(jsonType).send(listJson(page.items));
      }
      const descending = q.order === 'desc';
      const page = await collect(
        (limit, cursor) => node.reads.transactionsByAsset(assetId, { ...base, limit, descending, cursor }),
        q,
      );
      linkNextPage(req, reply, page.next);
      return reply.type(jsonType).send(listJson(page.items));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/transactions/:id',
    {
      schema: documented({
        summary: 'A transaction in a valid or undecided block',
        tags: ['transactions'],
        params: {
          type: 'object',
          properties: { id: { type: 'string', description: 'The transaction id (64 lower-case hex).' } },
        },
        response: { 200: transactionSchema, ...errors(404) },
      }),
    },
    async (req) => {
      const tx = txIdPattern.test(req.params.id) ? await node.reads.getTransaction(req.params.id) : undefined;
      if (!tx) throw notFound();
      return tx;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/transactions/:id/status',
    {
      schema: documented({
        summary: "A transaction's fate: backlog, undecided, valid or invalid (with the reason)",
        tags: ['transactions'],
        params: {
          type: 'object',
          properties: { id: { type: 'string', description: 'The transaction id (64 lower-case hex).' } },
        },
        response: { 200: txStatusRecordSchema, ...errors(404) },
      }),
    },
    async (req) => {
      const status = txIdPattern.test(req.params.id) ? await node.reads.getStatus(req.params.id) : undefined;
      if (!status) throw notFound();
      return statusBody(status);
    },
  );
}
