import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { version } from '../version.js';
import { errorBody, validationErrorBody } from './errors.js';
import type { NodeService } from './node-service.js';

export interface AppOptions {
  readonly node: NodeService;
  /** Largest request body accepted, in bytes; larger gets 413 before any parsing. */
  readonly bodySizeBytesMax: number;
  /** Advertised WebSocket URL for the event stream. */
  readonly streamsUrl?: string;
  readonly logger?: boolean;
}

const txIdPattern = /^[0-9a-f]{64}$/;

/**
 * The HTTP API. Built with fastify for its measured speed (~50k small POSTs/s per core here) and
 * its schema-first routes; tests drive it in-process with `app.inject`, no socket.
 */
export function buildApp(options: AppOptions): FastifyInstance {
  const { node } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodySizeBytesMax,
    routerOptions: { ignoreTrailingSlash: true },
    return503OnClosing: true,
    // Errors the router raises before any route runs (a malformed percent-encoding, an over-long
    // path parameter) would otherwise get fastify's own body shape; give them ours. The only path
    // parameter is a transaction id, so an over-long one names no transaction: 404 like any other.
    frameworkErrors: (err, _req, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') void reply.code(404).send(errorBody(404, 'Not found'));
      else void reply.code(400).send(errorBody(400, err.message, 'BadRequest'));
    },
  });

  // The body is kept as text and parsed once, by the validator (in a worker thread), instead of
  // being parsed here on the event loop and copied again to the worker.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json'], { parseAs: 'string' }, (_req, body, done) => {
    done(null, body);
  });

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) app.log.error(err);
    const code =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'BodyTooLarge'
        : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'UnsupportedMediaType'
          : status < 500
            ? 'BadRequest'
            : 'InternalError';
    void reply
      .code(status)
      .send(errorBody(status, status >= 500 ? 'Internal server error' : err.message, code));
  });
  app.setNotFoundHandler((_req, reply) => {
    void reply.code(404).send(errorBody(404, 'Not found'));
  });

  const v1Links = (prefix: string) => ({
    docs: 'https://github.com/bigchaindb-ts/bigchaindb-ts/blob/main/README.md',
    transactions: `${prefix}/transactions/`,
    blocks: `${prefix}/blocks/`,
    assets: `${prefix}/assets/`,
    metadata: `${prefix}/metadata/`,
    outputs: `${prefix}/outputs/`,
    validators: `${prefix}/validators`,
    streams: options.streamsUrl ?? 'ws://localhost:9985/api/v1/streams/valid_transactions',
  });

  app.get('/', () => ({
    api: { v1: v1Links('/api/v1') },
    docs: 'https://github.com/bigchaindb-ts/bigchaindb-ts/blob/main/README.md',
    software: 'BigchainDB',
    version,
    public_key: node.publicKey,
    keyring: node.keyring,
  }));
  app.get('/api/v1', () => v1Links(''));

  app.post<{ Querystring: { mode?: string }; Body: unknown }>('/api/v1/transactions', async (req, reply) => {
    const mode = req.query.mode ?? 'async';
    if (mode !== 'async' && mode !== 'sync' && mode !== 'commit') {
      return reply
        .code(400)
        .send(errorBody(400, 'Mode must be "async", "sync" or "commit"', 'InvalidParameter'));
    }
    if (typeof req.body !== 'string') {
      return reply
        .code(415)
        .send(errorBody(415, 'Content-Type must be application/json', 'UnsupportedMediaType'));
    }
    const result = await node.submit(req.body, mode);
    if (!result.ok) {
      const body = validationErrorBody(result.error);
      return reply.code(body.status).send(body);
    }
    reply.header('Location', `/api/v1/transactions/${result.tx.id}/status`);
    return reply.code(202).send(result.tx);
  });

  app.get<{ Params: { id: string } }>('/api/v1/transactions/:id', async (req, reply) => {
    const tx = txIdPattern.test(req.params.id) ? await node.getTransaction(req.params.id) : undefined;
    return tx ? tx : notFound(reply);
  });

  app.get<{ Params: { id: string } }>('/api/v1/transactions/:id/status', async (req, reply) => {
    const status = txIdPattern.test(req.params.id) ? await node.getStatus(req.params.id) : undefined;
    if (!status) return notFound(reply);
    // `status` is the seed's answer; the rest is ours: why a transaction is invalid, which block
    // holds it, and when its status last changed (lets clients and `bigchaindb load` measure latency).
    const body: Record<string, unknown> = { status: status.status };
    if (status.status === 'invalid') {
      body.reason_code = status.reasonCode ?? null;
      body.reason = status.reason ?? null;
    }
    if (status.blockId) body.block_id = status.blockId;
    if (status.updatedAtMs !== undefined) body.updated_at_ms = status.updatedAtMs;
    return body;
  });

  return app;
}

function notFound(reply: FastifyReply) {
  return reply.code(404).send(errorBody(404, 'Not found'));
}
