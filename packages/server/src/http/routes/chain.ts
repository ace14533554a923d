import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context.js';
import { notFound } from '../errors.js';
import { electionStatusSchema, errors } from '../schemas.js';
import { documented } from '../openapi/openapi-document.js';

/** Most block summaries in one answer of `GET /api/v1/chain`. */
export const chainLimitMax = 100;
const chainLimitDefault = 20;
const hex64 = /^[0-9a-fA-F]{64}$/;

const blockSummarySchema = {
  type: 'object',
  required: ['height', 'id', 'status'],
  properties: {
    height: { type: 'integer', minimum: 0 },
    id: { type: 'string' },
    status: { ...electionStatusSchema, description: "The block's election status." },
    timestamp: { type: 'string', description: 'Unix seconds, as the maker wrote it.' },
    node_pubkey: { type: 'string', description: 'The member that made the block.' },
    voters: { type: 'array', items: { type: 'string' } },
    tx_count: { type: 'integer', minimum: 0 },
    tampered: {
      type: 'boolean',
      description: "Present (true) when the block fails this node's integrity checks: only named.",
    },
  },
};

/**
 * Reads the explorer needs that the BigchainDB API never had, kept small: the chain's latest
 * blocks as summaries (what `GET /blocks/{height}` says of each, without its transactions), and
 * who spent each output of a transaction.
 */
export function registerChainRoutes(app: FastifyInstance, { node }: ApiContext): void {
  app.get<{ Querystring: { to_height?: number; limit?: number } }>(
    '/api/v1/chain',
    {
      schema: documented({
        summary: "The chain's latest blocks, newest first, as summaries (no transactions)",
        description:
          'Each block as `GET /api/v1/blocks/{height}` gives it, with `tx_count` instead of its ' +
          '`transactions`. `to_height` (default: the latest block) is the first one listed; the ' +
          `next page starts below the last. \`limit\` is 1 to ${chainLimitMax} (default ` +
          `${chainLimitDefault}). A block that fails this node's checks is named with ` +
          '`tampered: true` and nothing else it claims.',
        tags: ['blocks'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            to_height: { type: 'integer', minimum: 0, description: 'The highest block to list.' },
            limit: { type: 'integer', minimum: 1, description: `At most this many (1 to ${chainLimitMax}).` },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['latest_height', 'blocks'],
            properties: {
              latest_height: { type: ['integer', 'null'], description: 'Height of the newest block.' },
              blocks: { type: 'array', items: blockSummarySchema },
            },
          },
          ...errors(400),
        },
      }),
    },
    async (req) => {
      const latest = await node.store.latestHeight();
      if (latest === null) return { latest_height: null, blocks: [] };
      const top = Math.min(req.query.to_height ?? latest, latest);
      const limit = Math.min(req.query.limit ?? chainLimitDefault, chainLimitMax);
      const heights: number[] = [];
      for (let h = top; h >= 0 && heights.length < limit; h--) heights.push(h);
      const blocks = await node.reads.blockListing(heights);
      return {
        latest_height: latest,
        blocks: blocks.flatMap((b, i): Record<string, unknown>[] => {
          if (b === null) return [];
          if ('altered' in b)
            return [{ height: heights[i], id: b.altered, status: 'undecided', tampered: true }];
          const body = b.block.block;
          return [
            {
              height: b.height,
              id: b.block.id,
              status: b.status,
              timestamp: body.timestamp,
              node_pubkey: body.node_pubkey,
              voters: body.voters,
              tx_count: body.transactions.length,
            },
          ];
        }),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/transactions/:id/spenders',
    {
      schema: documented({
        summary: "Who spent each of a transaction's outputs",
        description:
          'One entry per output, in output order: the transaction spending it (in a valid or ' +
          'undecided block) with that block, or null while the output is unspent. 404 when the ' +
          'transaction is not in a valid or undecided block.',
        tags: ['transactions'],
        params: {
          type: 'object',
          properties: { id: { type: 'string', description: 'A transaction id (64 hex).' } },
        },
        response: {
          200: {
            type: 'array',
            items: {
              type: ['object', 'null'],
              required: ['transaction_id', 'block_id', 'height', 'status'],
              properties: {
                transaction_id: { type: 'string' },
                block_id: { type: 'string' },
                height: { type: 'integer' },
                status: { type: 'string', enum: ['valid', 'undecided'] },
              },
            },
          },
          ...errors(404),
        },
      }),
    },
    async (req) => {
      const id = req.params.id;
      if (!hex64.test(id)) throw notFound();
      const tx = await node.reads.getTransaction(id.toLowerCase());
      if (tx === undefined) throw notFound();
      const links = tx.outputs.map((_, i) => ({ transaction_id: tx.id, output_index: i }));
      const spenders = await node.reads.spenders(links);
      return spenders.map((s) =>
        s === null
          ? null
          : { transaction_id: s.txId, block_id: s.blockId, height: s.height, status: s.status },
      );
    },
  );
}
