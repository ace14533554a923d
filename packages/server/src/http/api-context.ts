import type { FastifyRequest } from 'fastify';
import type { NodeStatus } from '../metrics/index.js';
import type { NodeService } from '../node/index.js';
import type { StreamServer } from './streams/stream-server.js';

/** What every route module gets from the composition root (`app.ts`). */
export interface ApiContext {
  readonly node: NodeService;
  /** The WebSocket URL of the valid-transactions stream, as a client of `req` reaches it. */
  readonly streamsUrl: (req: FastifyRequest) => string;
  readonly streams: StreamServer;
  /** The node's health as `bigchaindb_status` reports it (`GET /api/v1/health`'s `node_status`). */
  readonly nodeStatus: () => Promise<NodeStatus>;
}
