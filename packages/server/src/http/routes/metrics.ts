import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NodeMetrics } from '../../metrics/index.js';

const transactionsRoute = '/api/v1/transactions';
/** The error body's code, read from a refusal's JSON text without parsing the whole body. */
const codePattern = /"code"\s*:\s*"([A-Za-z0-9_.:-]{1,80})"/;

/**
 * `GET /metrics` (Prometheus text format) and the HTTP edge's own measurements: every answer by
 * route pattern, method and status class with its latency, and every 4xx answer to a POST of a
 * transaction as a rejection at ingest with its code, including refusals the node never saw
 * (a body too large, a wrong content type, a bad `mode`).
 */
export function registerMetricsRoutes(app: FastifyInstance, metrics: NodeMetrics): void {
  metrics.countIngestRefusalsAtEdge();
  const refusalCodes = new WeakMap<FastifyRequest, string>();

  app.addHook('onSend', (req, reply, payload, done) => {
    if (
      reply.statusCode >= 400 &&
      reply.statusCode < 500 &&
      req.method === 'POST' &&
      routeOf(req) === transactionsRoute
    ) {
      const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString() : '';
      refusalCodes.set(req, codePattern.exec(text)?.[1] ?? `http_${reply.statusCode}`);
    }
    done(null, payload);
  });

  app.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done) => {
    const route = routeOf(req);
    metrics.observeHttp(route, req.method, reply.statusCode, reply.elapsedTime / 1000, refusalCodes.get(req));
    done();
  });

  app.get('/metrics', async (_req, reply) => {
    const body = await metrics.render();
    return reply.type(metrics.contentType).send(body);
  });
}

/** The route's pattern (`/api/v1/transactions/:id`), never the raw URL: label values stay few. */
function routeOf(req: FastifyRequest): string {
  return req.routeOptions.url ?? 'unmatched';
}
