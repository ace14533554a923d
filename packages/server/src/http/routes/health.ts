import type { FastifyInstance } from 'fastify';
import { version } from '../../version.js';
import type { ApiContext } from '../api-context.js';
import { errorBody } from '../errors.js';
import { errorSchema } from '../schemas.js';
import { documented } from '../openapi/openapi-document.js';

/**
 * `GET /api/v1/health`, for load balancers and operators: 200 while the store answers, with the
 * chain's height, the backlog and how far the event streams have got; 503 when the store does not.
 */
export function registerHealthRoutes(app: FastifyInstance, { node, streams, nodeStatus }: ApiContext): void {
  app.get(
    '/api/v1/health',
    {
      schema: documented({
        summary: 'Whether the node can serve: its store answers',
        tags: ['federation'],
        response: {
          200: {
            type: 'object',
            required: [
              'status',
              'version',
              'public_key',
              'federation_size',
              'store',
              'latest_height',
              'backlog_size',
              'node_status',
              'streams',
            ],
            properties: {
              status: { type: 'string', enum: ['ok'] },
              version: { type: 'string' },
              public_key: { type: 'string', description: "This node's public key." },
              federation_size: { type: 'integer' },
              store: {
                type: 'object',
                required: ['backend', 'reachable'],
                properties: {
                  backend: { type: 'string', enum: ['sqlite', 'postgresql'] },
                  reachable: { type: 'boolean' },
                },
              },
              latest_height: { type: ['integer', 'null'], description: 'Height of the newest block.' },
              first_undecided_height: {
                type: ['integer', 'null'],
                description: 'Lowest block still being voted on.',
              },
              backlog_size: {
                type: 'integer',
                description: 'Transactions waiting for a block, all members.',
              },
              node_status: {
                type: 'object',
                required: ['code', 'name'],
                description:
                  'As the bigchaindb_status metric: 0 healthy, 1 store unreachable, 2 behind the federation, 3 watchdog finding, 4 disk nearly full.',
                properties: {
                  code: { type: 'integer', enum: [0, 1, 2, 3, 4] },
                  name: {
                    type: 'string',
                    enum: [
                      'healthy',
                      'store_unreachable',
                      'behind_federation',
                      'watchdog_finding',
                      'disk_nearly_full',
                    ],
                  },
                },
              },
              streams: {
                type: 'object',
                required: ['height', 'subscribers'],
                properties: {
                  height: { type: 'integer', description: 'Every block up to here is decided and streamed.' },
                  subscribers: { type: 'integer' },
                },
              },
            },
          },
          503: { ...errorSchema, description: 'The store does not answer.' },
        },
      }),
    },
    async (req, reply) => {
      const { store } = node;
      try {
        const [latest, undecided, backlog, status] = await Promise.all([
          store.latestHeight(),
          store.firstUndecidedHeight(),
          store.countBacklog(),
          nodeStatus(),
        ]);
        return {
          status: 'ok',
          version,
          public_key: node.publicKey,
          federation_size: node.federation.length,
          store: { backend: store.backend, reachable: true },
          latest_height: latest,
          first_undecided_height: undecided,
          backlog_size: backlog,
          node_status: { code: status.code, name: status.name },
          streams: { height: streams.feed.frontier, subscribers: streams.subscriberCount },
        };
      } catch (err) {
        req.log.warn({ err }, 'health check: the store does not answer');
        return reply
          .code(503)
          .send(errorBody(503, `The ${store.backend} store does not answer`, 'StoreUnavailable'));
      }
    },
  );
}
