import type { FastifyInstance } from 'fastify';
import { version } from '../../version.js';
import type { OpenApiCollector } from '../openapi/openapi-document.js';
import { documented } from '../openapi/openapi-document.js';

/** `GET /api/v1/openapi.json`: the OpenAPI document of every route, built from their schemas. */
export function registerOpenApiRoute(app: FastifyInstance, collector: OpenApiCollector): void {
  let document: Record<string, unknown> | undefined;
  app.get(
    '/api/v1/openapi.json',
    {
      schema: documented({
        summary: 'This document',
        tags: ['index'],
        response: {
          200: {
            type: 'object',
            required: ['openapi', 'info', 'paths'],
            description: 'An OpenAPI 3.1 document.',
          },
        },
      }),
    },
    () =>
      // Built once, at the first request: every route is registered by then.
      (document ??= collector.document({
        title: 'BigchainDB HTTP API (bigchaindb-ts)',
        version,
        description:
          'BigchainDB 2.x HTTP API v1, with BigchainDB 1.x endpoints (statuses, votes, blocks by id) and ' +
          'additions: transaction status, paging, transactions by key, field filters, event streams, health.',
      })),
  );
}
