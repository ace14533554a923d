import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context.js';
import { vetListed } from '../listed-transactions.js';
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
        const p = await node.store.getOutputs(key, {
          spent: spentFilter,
          limit,
          cursor,
          withTransactions: true,
        });
        // Only outputs of transactions that may be served (the node's integrity checks), read by
        // the same query; one check per transaction, however many of its outputs are listed.
        const transactions = new Set(p.items.flatMap((o) => (o.transaction ? [o.transaction] : [])));
        const ids = new Map((await vetListed(node, [...transactions])).map((l) => [l.item, l.id]));
        // Links only: the transactions' texts are garbage as soon as this page is vetted.
        return {
          items: p.items
            .filter((o) => o.transaction && ids.get(o.transaction) === o.link.transaction_id)
            .map((o) => o.link),
          next: p.next,
        };
      }, req.query);
      linkNextPage(req, reply, page.next);
      return page.items;
    },
  );
}
