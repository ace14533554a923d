import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context.js';
import { blockIdParam, errors, voteSchema } from '../schemas.js';
import { documented } from '../openapi/openapi-document.js';

/** `GET /api/v1/votes?block_id=` (BigchainDB 1.x): the signed votes on a block, in the order they arrived. */
export function registerVoteRoutes(app: FastifyInstance, { node }: ApiContext): void {
  app.get<{ Querystring: { block_id: string } }>(
    '/api/v1/votes',
    {
      schema: documented({
        summary: "The federation's votes on a block",
        description:
          'Each vote as its member signed it; `[]` for a block nobody voted on or that does not exist.',
        tags: ['blocks'],
        querystring: {
          type: 'object',
          required: ['block_id'],
          additionalProperties: false,
          properties: { block_id: blockIdParam },
        },
        response: { 200: { type: 'array', items: voteSchema }, ...errors(400) },
      }),
    },
    async (req) => {
      const id = req.query.block_id.toLowerCase();
      // Only votes that count for the block: signed, by a member voter of it (the node's checks).
      return node.reads.votes(id);
    },
  );
}
