import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { documented, type RouteModule } from '../http/index.js';
import type { PowChain } from '../node/index.js';
import { hashesBatchMax, syncBatchMax } from './constants.js';
import { peerUrl } from './peer-address.js';
import type { PeerTip } from './peer-client.js';
import { BacklogFullError, type PeerNetwork } from './peer-network.js';

export interface PeerRoutesOptions {
  readonly network: PeerNetwork;
  readonly chain: PowChain;
  /** Makes a CREATE with asset data `{message}` signed by this node and submits it (`PUT /add`). */
  readonly addMessage: (message: string, nonce: string) => Promise<{ ok: boolean; error?: string }>;
}

const tags = ['proof-of-work'];
const pageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { type: 'integer', minimum: 0, default: 0 },
    limit: { type: 'integer', minimum: 1, maximum: hashesBatchMax, default: syncBatchMax },
  },
};
const anyObject = { type: 'object', additionalProperties: true };

function parseBody(req: FastifyRequest): Record<string, unknown> {
  try {
    const body: unknown = typeof req.body === 'string' ? JSON.parse(req.body) : req.body;
    if (typeof body === 'object' && body !== null && !Array.isArray(body))
      return body as Record<string, unknown>;
  } catch {
    // Falls through to the refusal below.
  }
  throw Object.assign(new Error('the body must be a JSON object'), { statusCode: 400 });
}

function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ message, status, code });
}

function senderUrl(body: Record<string, unknown>): string | undefined {
  if (typeof body.from !== 'string') return undefined;
  try {
    return peerUrl(body.from);
  } catch {
    return undefined;
  }
}

/**
 * The proof-of-work network on the node's one port: the peers protocol under `/api/v1/peers`
 * (tip, hashes and blocks for catch-up, transaction relay, block announcements, the peer list
 * with each peer's health) and the seed's own endpoints at the root in plain JSON (F-C4):
 * `PUT /add`, `GET /chain`, `GET /neighbours`, `GET /data`, `GET /health`, and its 404 message
 * for unknown paths outside the API.
 */
export function peerRouteModule(options: PeerRoutesOptions): RouteModule {
  const { network, chain } = options;
  return {
    name: 'proof-of-work',
    register(app: FastifyInstance) {
      // A bounded backlog refuses visibly: new transactions get 503 BacklogFull until blocks drain it.
      app.addHook('onRequest', async (req, reply) => {
        if (req.method !== 'POST' || !req.url.startsWith('/api/v1/transactions')) return;
        if (await network.backlogFull())
          return sendError(reply, 503, 'BacklogFull', new BacklogFullError(network.backlogMax).message);
      });
      app.get(
        '/api/v1/peers',
        {
          schema: documented({
            summary: 'This node, its chain tip and its peers with their health',
            tags,
            response: { 200: anyObject },
          }),
        },
        () => network.report(),
      );
      app.get(
        '/api/v1/peers/tip',
        {
          schema: documented({
            summary: "This node's network, key and chain tip",
            tags,
            response: { 200: anyObject },
          }),
        },
        () => network.tip(),
      );
      app.get<{ Querystring: { from: number; limit: number } }>(
        '/api/v1/peers/hashes',
        {
          schema: documented({
            summary: 'Heights and hashes of the current chain, from a height on',
            tags,
            querystring: pageQuery,
            response: { 200: anyObject },
          }),
        },
        (req) => ({ hashes: chain.hashes(req.query.from, Math.min(req.query.limit, hashesBatchMax)) }),
      );
      app.get<{ Querystring: { from: number; limit: number } }>(
        '/api/v1/peers/blocks',
        {
          schema: documented({
            summary: 'Mined blocks of the current chain, from a height on (catch-up)',
            tags,
            querystring: pageQuery,
            response: { 200: anyObject },
          }),
        },
        async (req) => ({
          blocks: await chain.blocks(req.query.from, Math.min(req.query.limit, syncBatchMax)),
        }),
      );
      app.post(
        '/api/v1/peers/transactions',
        {
          schema: documented({
            summary: "Pending transactions relayed by a peer (each goes through this node's checks)",
            tags,
            requestBody: anyObject,
            response: { 200: anyObject, 503: anyObject },
          }),
        },
        async (req, reply) => {
          const body = parseBody(req);
          if (!Array.isArray(body.transactions))
            return sendError(reply, 400, 'BadRequest', '`transactions` must be an array');
          try {
            return await network.receiveTransactions(senderUrl(body), body.transactions);
          } catch (err) {
            if (err instanceof BacklogFullError) return sendError(reply, 503, err.code, err.message);
            throw err;
          }
        },
      );
      app.post(
        '/api/v1/peers/announce',
        {
          schema: documented({
            summary: 'A peer announces its new tip; this node catches up if it is better',
            tags,
            requestBody: anyObject,
            response: { 202: anyObject, 400: anyObject, 409: anyObject },
          }),
        },
        (req, reply) => {
          const body = parseBody(req);
          const from = senderUrl(body);
          const { network_id, height, hash } = body;
          if (
            from === undefined ||
            typeof network_id !== 'string' ||
            !Number.isSafeInteger(height) ||
            typeof hash !== 'string'
          )
            return sendError(
              reply,
              400,
              'BadRequest',
              'an announcement needs from, network_id, height and hash',
            );
          const tip: PeerTip = { network_id, node_key: '', height: height as number, hash };
          const outcome = network.receiveAnnouncement(from, tip);
          if (outcome === 'wrong-network')
            return sendError(reply, 409, 'WrongNetwork', `this node is on network ${chain.networkId}`);
          return reply.code(202).send({ outcome });
        },
      );

      // ---------------------------------------------------------------- the seed's endpoints
      app.put<{ Querystring: { message?: string } }>(
        '/add',
        {
          schema: documented({
            summary: "The seed's PUT /add: the message becomes a CREATE signed by this node",
            tags,
            querystring: { type: 'object', properties: { message: { type: 'string' } } },
            response: { 200: anyObject, 400: anyObject, 503: anyObject },
          }),
        },
        async (req, reply) => {
          const message = req.query.message;
          if (message === undefined || message === '')
            return reply.code(400).send({ message: 'No Message added!', more_information: 'Missing data.' });
          if (await network.backlogFull())
            return sendError(reply, 503, 'BacklogFull', new BacklogFullError(network.backlogMax).message);
          const r = await options.addMessage(message, randomUUID().replaceAll('-', ''));
          if (!r.ok)
            return reply.code(400).send({ message: 'No Message added!', more_information: r.error ?? '' });
          return { message: 'Message added!', more_information: 'Will be mined in a future block.' };
        },
      );
      app.get(
        '/chain',
        {
          schema: documented({
            summary: "The seed's GET /chain: the whole chain",
            tags,
            response: { 200: anyObject },
          }),
        },
        async () => {
          const blocks = await chain.blocks(0, chain.tip().height + 1);
          return { chain: blocks, length: blocks.length };
        },
      );
      app.get(
        '/neighbours',
        {
          schema: documented({
            summary: "The seed's GET /neighbours: the active peers",
            tags,
            response: { 200: anyObject },
          }),
        },
        () => {
          const neighbours = network.neighbours();
          return { neighbours, length: neighbours.length };
        },
      );
      app.get(
        '/data',
        {
          schema: documented({
            summary: "The seed's GET /data: the pending transactions (this node's backlog)",
            tags,
            response: { 200: { type: 'array' } },
          }),
        },
        () => chain.backlog(syncBatchMax * 10),
      );
      app.get(
        '/health',
        {
          schema: documented({
            summary: 'This node and its peers (the seed asked for it)',
            tags,
            response: { 200: anyObject },
          }),
        },
        () => ({ status: 'ok', ...network.report() }),
      );
      // The seed's 404 for anything else outside the API (the API keeps its own error body).
      app.all(
        '/*',
        {
          schema: documented({
            summary: "The seed's answer to an unknown path",
            tags,
            response: { 404: anyObject },
          }),
        },
        (req, reply) => {
          const path = req.url.split('?')[0]!;
          if (path.startsWith('/api/'))
            return reply.code(404).send({ message: 'Not found', status: 404, code: 'NotFound' });
          return reply.code(404).send({ message: `'${path}' is not a valid endpoint!` });
        },
      );
    },
  };
}
