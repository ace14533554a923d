import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context.js';
import { collect, linkNextPage } from '../pagination.js';
import {
  booleanParam,
  cursorParam,
  errors,
  limitParam,
  outputLinkSchema,
  publicKeyParam,
} from '../schemas.js';
import { documented } from '../openapi/openapi-document.js';

interface OutputsQuery {
  public_key: string;
  spent?: string;
  limit?: number;
  cursor?: string;
}

/** `GET /api/v1/outputs`: the outputs a key can spend or has spent (BigchainDB 2.x), in pages (ours). */
export function registerOutputRoutes(app: FastifyInstance, { node }: ApiContext): void {
  app.get<{ Querystring: OutputsQuery }>(
    '/api/v1/outputs',
    {
      schema: documented({
        summary: 'Outputs whose condition names a public key',
        description:
          'Links to the outputs of valid transactions whose condition names the key (also inside ' +
          'threshold conditions), in ledger order, then output index. `spent=true`: only outputs spent ' +
          'by a transaction in a valid or undecided block; `spent=false`: only unspent ones. Without ' +
          '`limit` the whole list comes back (up to 10,000 links); with it, one page, and a ' +
          '`Link: <…>; rel="next"` header while more follow.',
        tags: ['outputs'],
        querystring: {
          type: 'object',
          required: ['public_key'],
          additionalProperties: false,
          properties: {
            public_key: publicKeyParam,
            spent: booleanParam('`true`: only spent outputs; `false`: only unspent ones; absent: both.'),
            limit: limitParam(1, 'Page size, at most 1000 (larger values are clamped).'),
            cursor: cursorParam,
          },
        },
        response: { 200: { type: 'array', items: outputLinkSchema }, ...errors(400) },
      }),
    },
    async (req, reply) => {
      const { public_key: key, spent } = req.query;
      const spentFilter = spent === undefined ? undefined : spent.toLowerCase() === 'true';
      const page = await collect(async (limit, cursor) => {
        return node.reads.outputs(key, { spent: spentFilter, limit, cursor });
      }, req.query);
      linkNextPage(req, reply, page.next);
      return page.items;
    },
  );
}
