import type { FastifyInstance } from 'fastify';
import { version } from '../../version.js';
import type { ApiContext } from '../api-context.js';
import { documented } from '../openapi/openapi-document.js';

const docsUrl = 'https://github.com/bigchaindb-ts/bigchaindb-ts/blob/main/docs/http-api.md';

const v1LinksSchema = {
  type: 'object',
  required: ['docs', 'transactions', 'blocks', 'assets', 'metadata', 'outputs', 'validators', 'streams'],
  properties: {
    docs: { type: 'string' },
    transactions: { type: 'string' },
    blocks: { type: 'string' },
    assets: { type: 'string' },
    metadata: { type: 'string' },
    outputs: { type: 'string' },
    validators: { type: 'string' },
    streams: { type: 'string', description: 'The WebSocket URL of the valid-transactions stream.' },
    statuses: { type: 'string' },
    votes: { type: 'string' },
    health: { type: 'string' },
    federation: { type: 'string' },
    openapi: { type: 'string' },
  },
};

/** `GET /` and `GET /api/v1`: what the node is and where its endpoints are (BigchainDB 2.x, plus 1.x keys). */
export function registerRootRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const links = (prefix: string, streams: string) => ({
    docs: docsUrl,
    transactions: `${prefix}/transactions/`,
    blocks: `${prefix}/blocks/`,
    assets: `${prefix}/assets/`,
    metadata: `${prefix}/metadata/`,
    outputs: `${prefix}/outputs/`,
    validators: `${prefix}/validators`,
    streams,
    statuses: `${prefix}/statuses`,
    votes: `${prefix}/votes`,
    health: `${prefix}/health`,
    federation: `${prefix}/federation`,
    openapi: `${prefix}/openapi.json`,
  });

  app.get(
    '/',
    {
      schema: documented({
        summary: 'The node and the API versions it serves',
        tags: ['index'],
        response: {
          200: {
            type: 'object',
            required: ['api', 'docs', 'software', 'version', 'public_key', 'keyring'],
            properties: {
              api: { type: 'object', required: ['v1'], properties: { v1: v1LinksSchema } },
              docs: { type: 'string' },
              software: { type: 'string', enum: ['BigchainDB'] },
              version: { type: 'string' },
              public_key: { type: 'string', description: "This node's public key (BigchainDB 1.x)." },
              keyring: {
                type: 'array',
                items: { type: 'string' },
                description: "The other members' public keys (BigchainDB 1.x).",
              },
            },
          },
        },
      }),
    },
    (req) => ({
      api: { v1: links('/api/v1', ctx.streamsUrl(req)) },
      docs: docsUrl,
      software: 'BigchainDB',
      version,
      public_key: ctx.node.publicKey,
      keyring: ctx.node.keyring,
    }),
  );

  app.get(
    '/api/v1',
    {
      schema: documented({
        summary: 'The v1 endpoints, relative to /api/v1',
        tags: ['index'],
        response: { 200: v1LinksSchema },
      }),
    },
    (req) => links('', ctx.streamsUrl(req)),
  );
}
