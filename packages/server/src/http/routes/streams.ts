import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors.js';
import { errors } from '../schemas.js';
import { streamMessageSchemas, streamNames, type StreamName } from '../streams/stream-messages.js';
import { streamsPathPrefix } from '../streams/stream-server.js';
import { documented } from '../openapi/openapi-document.js';

const descriptions: Record<StreamName, string> = {
  valid_transactions:
    'One message per transaction of each valid block, in height order. `?from_height=N` replays every ' +
    'block above height N from the store, then continues live: nothing missed, nothing repeated. ' +
    "`?asset_id=` keeps one asset's transactions.",
  blocks:
    'One message per decided block (valid or invalid), in height order; `?from_height=N` as for ' +
    '`valid_transactions`.',
  invalid_transactions:
    'Transactions this node accepted and then rejected, with the reason, as it happens (live only: the ' +
    'status endpoint keeps every fate).',
};

/**
 * The streams' HTTP side: these routes document them and answer a plain GET with 426 (the socket
 * itself is served by `StreamServer` on the upgrade event, which never reaches fastify).
 */
export function registerStreamRoutes(app: FastifyInstance): void {
  for (const name of streamNames) {
    const parameters: Record<string, unknown> =
      name === 'invalid_transactions'
        ? {}
        : {
            from_height: {
              type: 'integer',
              minimum: 0,
              description: 'Replay every decided block above this height first.',
            },
            ...(name === 'valid_transactions'
              ? {
                  asset_id: { type: 'string', pattern: '^[0-9a-fA-F]{64}$', description: 'Only this asset.' },
                }
              : {}),
          };
    app.get(
      `${streamsPathPrefix}${name}`,
      {
        schema: documented({
          summary: `WebSocket stream: ${name.replace('_', ' ')}`,
          description: `${descriptions[name]} Connect with \`Upgrade: websocket\`; each text frame is one JSON message (the 101 schema).`,
          tags: ['streams'],
          querystring: { type: 'object', properties: parameters },
          response: {
            101: {
              ...streamMessageSchemas[name],
              description: 'Switching to WebSocket; each frame is one such message.',
            },
            // A plain GET with bad parameters fails their schema before it gets its 426.
            ...errors(400, 426),
          },
        }),
      },
      (_req, reply) =>
        reply
          .code(426)
          .header('upgrade', 'websocket')
          .send(
            errorBody(
              426,
              'This is a WebSocket endpoint: connect with Upgrade: websocket',
              'UpgradeRequired',
            ),
          ),
    );
  }
}
