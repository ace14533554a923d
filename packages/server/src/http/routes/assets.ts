import type { FastifyInstance } from 'fastify';
import type { FieldQuery, Page } from '../../store/index.js';
import type { ApiContext } from '../api-context.js';
import { invalidParameter } from '../errors.js';
import { collect, linkNextPage } from '../pagination.js';
import {
  assetMatchSchema,
  cursorParam,
  errors,
  limitParam,
  metadataMatchSchema,
  pageLimitMax,
  type JsonSchema,
} from '../schemas.js';
import { holdsNul } from '../text-checks.js';
import { parseWhere, whereLengthMax } from '../where-filter.js';
import { documented } from '../openapi/openapi-document.js';

interface SearchQuery {
  search?: string;
  where?: string;
  limit?: number;
  cursor?: string;
}

interface Collection<T extends { readonly id: string }> {
  readonly path: string;
  readonly what: string;
  readonly item: JsonSchema;
  search(text: string, limit: number): Promise<T[]>;
  find(query: FieldQuery): Promise<Page<T>>;
}

/**
 * `GET /api/v1/assets` and `GET /api/v1/metadata`: BigchainDB 2.x's full-text `search`, and, ours,
 * `where` field filters (AND/OR of field equalities) in cursor pages.
 */
export function registerAssetRoutes(app: FastifyInstance, { node }: ApiContext): void {
  registerCollection(app, {
    path: '/api/v1/assets',
    what: 'asset data of CREATE transactions',
    item: assetMatchSchema,
    search: (text, limit) => node.reads.searchAssets(text, limit),
    find: (query) => node.reads.findAssets(query),
  });
  registerCollection(app, {
    path: '/api/v1/metadata',
    what: 'metadata of transactions',
    item: metadataMatchSchema,
    search: (text, limit) => node.reads.searchMetadata(text, limit),
    find: (query) => node.reads.findMetadata(query),
  });
}

function registerCollection<T extends { readonly id: string }>(app: FastifyInstance, c: Collection<T>): void {
  app.get<{ Querystring: SearchQuery }>(
    c.path,
    {
      schema: documented({
        summary: `Search the ${c.what}: full text (search) or fields (where)`,
        description:
          `Valid blocks only. \`search\`: words (all must appear), "phrases", \`or\`, \`-excluded\`; ` +
          `best match first, at most \`limit\` (1000 when absent or 0). \`where\`: a JSON object of ` +
          `field equalities, with \`$and\`/\`$or\` (see docs/http-api.md), in ledger order; without ` +
          `\`limit\` the whole list (up to 10,000), with it one page and a \`Link: <…>; rel="next"\` ` +
          `header while more follow. Give one of \`search\` and \`where\`.`,
        tags: ['search'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            search: { type: 'string', description: 'Full-text search (BigchainDB 2.x).' },
            where: {
              type: 'string',
              maxLength: whereLengthMax,
              description: 'A field filter, e.g. {"kind":"car","$or":[{"color":"red"},{"color":"blue"}]}.',
            },
            limit: limitParam(0, 'How many results; 0 or absent: all (search: at most 1000).'),
            cursor: { ...cursorParam, description: 'For `where`: where the page starts.' },
          },
        },
        response: { 200: { type: 'array', items: c.item }, ...errors(400) },
      }),
    },
    async (req, reply) => {
      const q = req.query;
      if (q.where !== undefined) {
        if (q.search !== undefined) throw invalidParameter('Give search or where, not both');
        const filter = parseWhere(q.where);
        const page = await collect(async (limit, cursor) => {
          // Only results whose transaction may be served (the node's vetted reads).
          return c.find({ filter, limit, cursor });
        }, q);
        linkNextPage(req, reply, page.next);
        return page.items;
      }
      if (q.search === undefined) throw invalidParameter('Missing query parameter: search (or where)');
      // BigchainDB's own wording for an empty search.
      if (q.search.trim() === '') throw invalidParameter('text_search cannot be empty');
      // PostgreSQL cannot take U+0000 in text and FTS5 stops reading at it; no stored text holds it.
      if (holdsNul(q.search)) throw invalidParameter('search cannot contain U+0000 (NUL)');
      if (q.cursor !== undefined)
        throw invalidParameter('cursor pages where results; search takes limit only');
      const limit = q.limit === undefined || q.limit === 0 ? pageLimitMax : Math.min(q.limit, pageLimitMax);
      return c.search(q.search, limit);
    },
  );
}
