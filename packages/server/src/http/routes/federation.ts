import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context.js';
import { documented } from '../openapi/openapi-document.js';

const nullableInt = { type: ['integer', 'null'] };

/**
 * `GET /api/v1/federation`, for operators: the federation as this node sees it — members and how
 * far each has voted, whether other members' writes are announced or only polled for, what the node
 * refused to trust (blocks and votes from outsiders or with bad signatures) and what its watchdog
 * found altered in the database. The node's report, in the API's snake_case.
 */
export function registerFederationRoutes(app: FastifyInstance, { node }: ApiContext): void {
  app.get(
    '/api/v1/federation',
    {
      schema: documented({
        summary: 'The federation as this node sees it: members, findings, watchdog',
        tags: ['federation'],
        response: {
          200: {
            type: 'object',
            required: [
              'public_key',
              'federation',
              'vote_quorum',
              'notifications',
              'members',
              'findings',
              'watchdog',
            ],
            properties: {
              public_key: { type: 'string' },
              federation: { type: 'array', items: { type: 'string' } },
              vote_quorum: { type: 'string', enum: ['majority', 'two_thirds'] },
              notifications: {
                type: 'object',
                required: ['live', 'received'],
                properties: { live: { type: 'boolean' }, received: { type: 'integer' } },
              },
              members: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['public_key', 'last_vote_height', 'suspected_down'],
                  properties: {
                    public_key: { type: 'string' },
                    last_vote_height: nullableInt,
                    suspected_down: { type: 'boolean' },
                  },
                },
              },
              findings: {
                type: 'object',
                required: ['counts', 'total', 'recent'],
                properties: {
                  counts: {
                    type: 'object',
                    description: 'Distinct findings since the node started, by code.',
                  },
                  total: { type: 'integer' },
                  recent: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['code', 'source', 'detail', 'at_ms'],
                      properties: {
                        code: { type: 'string' },
                        source: { type: 'string' },
                        block_id: { type: 'string' },
                        height: { type: 'integer' },
                        key: { type: 'string' },
                        transaction_id: { type: 'string' },
                        detail: { type: 'string' },
                        at_ms: { type: 'integer' },
                      },
                    },
                  },
                },
              },
              watchdog: {
                type: 'object',
                required: ['passes', 'last_pass_at_ms', 'blocks_verified', 'tampered_blocks'],
                properties: {
                  passes: { type: 'integer' },
                  last_pass_at_ms: nullableInt,
                  blocks_verified: { type: 'integer' },
                  tampered_blocks: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['block_id', 'height', 'code'],
                      properties: {
                        block_id: { type: 'string' },
                        height: { type: 'integer' },
                        code: { type: 'string' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      }),
    },
    () => {
      const r = node.federationReport();
      return {
        public_key: r.publicKey,
        federation: r.federation,
        vote_quorum: r.voteQuorum,
        notifications: r.notifications,
        members: r.members.map((m) => ({
          public_key: m.publicKey,
          last_vote_height: m.lastVoteHeight,
          suspected_down: m.suspectedDown,
        })),
        findings: {
          counts: r.findings.counts,
          total: r.findings.total,
          recent: r.findings.recent.map((f) => ({
            code: f.code,
            source: f.source,
            ...(f.blockId === undefined ? {} : { block_id: f.blockId }),
            ...(f.height === undefined ? {} : { height: f.height }),
            ...(f.key === undefined ? {} : { key: f.key }),
            ...(f.txId === undefined ? {} : { transaction_id: f.txId }),
            detail: f.detail,
            at_ms: f.atMs,
          })),
        },
        watchdog: {
          passes: r.watchdog.passes,
          last_pass_at_ms: r.watchdog.lastPassAtMs,
          blocks_verified: r.watchdog.blocksVerified,
          tampered_blocks: r.watchdog.tamperedBlocks.map((b) => ({
            block_id: b.blockId,
            height: b.height,
            code: b.code,
          })),
        },
      };
    },
  );
}
