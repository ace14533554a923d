import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context.js';
import { invalidParameter, notFound } from '../errors.js';
import { blockIdParam, electionStatusSchema, errors, txIdParam, txStatusRecordSchema } from '../schemas.js';
import { statusBody } from './transactions.js';
import { documented } from '../openapi/openapi-document.js';

/**
 * `GET /api/v1/statuses` (BigchainDB 1.x): the status of a transaction or of a block. The
 * transaction's record is the one `GET /api/v1/transactions/{id}/status` answers.
 */
export function registerStatusRoutes(app: FastifyInstance, { node }: ApiContext): void {
  app.get<{ Querystring: { transaction_id?: string; block_id?: string } }>(
    '/api/v1/statuses',
    {
      schema: documented({
        summary: 'The status of a transaction or a block',
        description:
          'Exactly one of `transaction_id` (`backlog`, `undecided`, `valid` or `invalid` with the reason) ' +
          'and `block_id` (the election status: `undecided`, `valid` or `invalid`).',
        tags: ['transactions', 'blocks'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { transaction_id: txIdParam, block_id: blockIdParam },
        },
        response: {
          200: {
            anyOf: [
              txStatusRecordSchema,
              {
                type: 'object',
                required: ['status', 'height'],
                properties: {
                  status: electionStatusSchema,
                  height: { type: 'integer' },
                  reason_code: {
                    type: 'string',
                    description: '`Tampered` when the node cannot vouch for the block.',
                  },
                  reason: { type: 'string' },
                },
              },
            ],
          },
          ...errors(400, 404),
        },
      }),
    },
    async (req) => {
      const { transaction_id: txId, block_id: blockId } = req.query;
      if ((txId === undefined) === (blockId === undefined))
        throw invalidParameter('Provide exactly one query parameter. Choices are: block_id, transaction_id');
      if (txId !== undefined) {
        const status = await node.reads.getStatus(txId.toLowerCase());
        if (!status) throw notFound();
        return statusBody(status);
      }
      const block = await node.reads.blockStatus(blockId!.toLowerCase());
      if (!block) throw notFound();
      // As for transactions: a decision the node cannot vouch for (its block fails the checks) is not said.
      if ('tampered' in block)
        return {
          status: 'undecided',
          height: block.height,
          reason_code: 'Tampered',
          reason: "the stored block fails this node's checks; see the node's logs",
        };
      return { status: block.status, height: block.height };
    },
  );
}
