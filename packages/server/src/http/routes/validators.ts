import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context.js';
import { documented } from '../openapi/openapi-document.js';

/**
 * `GET /api/v1/validators`: the federation, in BigchainDB 2.x's code shape
 * `[{"public_key": {"type", "value"}, "voting_power"}]`. The key type is `ed25519-base58`, not 2.x's
 * `ed25519-base64` (Tendermint's encoding): every other key in this API and in the drivers is
 * base58, so the value can be compared with `node_pubkey`, `voters` and `owners_before` as it is.
 * Every member's vote counts once, hence `voting_power: 1`.
 */
export function registerValidatorRoutes(app: FastifyInstance, { node }: ApiContext): void {
  app.get(
    '/api/v1/validators',
    {
      schema: documented({
        summary: "The federation's members (the voters of new blocks)",
        tags: ['federation'],
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              required: ['public_key', 'voting_power'],
              properties: {
                public_key: {
                  type: 'object',
                  required: ['type', 'value'],
                  properties: {
                    type: { type: 'string', enum: ['ed25519-base58'] },
                    value: { type: 'string' },
                  },
                },
                voting_power: { type: 'integer', minimum: 1 },
              },
            },
          },
        },
      }),
    },
    () =>
      node.federation.map((key) => ({
        public_key: { type: 'ed25519-base58', value: key },
        voting_power: 1,
      })),
  );
}
