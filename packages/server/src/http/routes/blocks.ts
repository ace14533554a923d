import type { FastifyInstance } from 'fastify';
import type { AlteredBlock } from '../../node/index.js';
import type { StoredBlock } from '../../store/index.js';
import type { ApiContext } from '../api-context.js';
import { notFound } from '../errors.js';
import { blockSchema, electionStatusSchema, errors } from '../schemas.js';
import { documented } from '../openapi/openapi-document.js';

const hex64 = /^[0-9a-fA-F]{64}$/;
/** Heights are gap-free integers from 0; 15 digits keep them exact in JavaScript. */
const heightPattern = /^[0-9]{1,15}$/;

/** A stored block as the API shows it: BigchainDB 2.x's `{height, transactions}`, plus the 1.x block's fields. */
export function blockBody(stored: StoredBlock): Record<string, unknown> {
  const { block } = stored;
  return {
    height: stored.height,
    transactions: block.block.transactions,
    id: block.id,
    node_pubkey: block.block.node_pubkey,
    voters: block.block.voters,
    signature: block.signature,
    timestamp: block.block.timestamp,
    status: stored.status,
  };
}

export function registerBlockRoutes(app: FastifyInstance, { node }: ApiContext): void {
  app.get<{ Querystring: { transaction_id: string; status?: 'valid' | 'invalid' | 'undecided' } }>(
    '/api/v1/blocks',
    {
      schema: documented({
        summary: 'Heights of the blocks holding a transaction',
        description:
          'By default the valid and undecided blocks (a transaction is in at most one of those); ' +
          '`status` (BigchainDB 1.x) picks blocks of one election status, e.g. `invalid`. An id that ' +
          'no block holds, or that is not an id at all, gives `[]`, as in BigchainDB.',
        tags: ['blocks'],
        querystring: {
          type: 'object',
          required: ['transaction_id'],
          additionalProperties: false,
          properties: {
            transaction_id: { type: 'string', maxLength: 128, description: 'A transaction id.' },
            status: { ...electionStatusSchema, description: 'Only blocks of this election status.' },
          },
        },
        response: { 200: { type: 'array', items: { type: 'integer', minimum: 0 } }, ...errors(400) },
      }),
    },
    async (req) => {
      const { transaction_id: id, status } = req.query;
      if (!hex64.test(id)) return [];
      // Blocks that fail the node's integrity checks are not named.
      const blocks = await node.reads.blocksContaining(id.toLowerCase());
      return blocks
        .filter((b) => (status === undefined ? b.status !== 'invalid' : b.status === status))
        .map((b) => b.height);
    },
  );

  app.get<{ Params: { height: string } }>(
    '/api/v1/blocks/:height',
    {
      schema: documented({
        summary: 'A block, by height (BigchainDB 2.x) or by id (1.x)',
        description:
          'BigchainDB 2.x answers `{height, transactions}`; this block also carries its `id`, maker ' +
          '(`node_pubkey`), `voters`, `signature`, `timestamp` and election `status`. 404 for a height ' +
          'above the latest block or an unknown id.',
        tags: ['blocks'],
        params: {
          type: 'object',
          properties: {
            height: {
              type: 'string',
              description: 'A height (an integer >= 0), or (BigchainDB 1.x) a block id (64 hex).',
            },
          },
        },
        response: { 200: blockSchema, ...errors(404) },
      }),
    },
    async (req) => {
      const key = req.params.height;
      let stored: StoredBlock | AlteredBlock | null = null;
      if (heightPattern.test(key)) stored = await node.reads.blockByHeight(Number(key));
      else if (hex64.test(key)) stored = await node.reads.blockById(key.toLowerCase());
      else
        throw notFound(
          'Not found: a block is named by its height (an integer) or its id (64 hex characters)',
        );
      if (!stored) throw notFound();
      // A block whose stored form fails the node's checks (altered in the database) is never served.
      if ('altered' in stored)
        throw notFound(`Block ${stored.altered} fails this node's integrity checks and is not served`);
      return blockBody(stored);
    },
  );
}
