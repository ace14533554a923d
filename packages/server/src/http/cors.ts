import type { FastifyInstance } from 'fastify';

/** Headers a browser script may read from an answer: where to look next. */
const exposedHeaders = 'Location, Link, X-Next-Cursor, X-Transaction-Status';
const allowedMethods = 'GET, POST, OPTIONS';
/** How long a browser may cache a preflight answer, in seconds. */
const preflightMaxAgeSeconds = 86_400;

/**
 * CORS, on for every origin as BigchainDB's `flask_cors.CORS(app)` was, so browser apps can call
 * any node. Done with one hook instead of `@fastify/cors` (not a dependency here): the API uses no
 * cookies or credentials, so the whole policy is "any origin, these methods and headers" — a few
 * headers on every answer, and an answer to preflight `OPTIONS` requests, which no route declares.
 */
export function installCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', exposedHeaders);
    if (req.method !== 'OPTIONS') return;
    const requested = req.headers['access-control-request-headers'];
    reply.header('access-control-allow-methods', allowedMethods);
    reply.header('access-control-allow-headers', requested ?? 'Accept, Content-Type');
    reply.header('access-control-max-age', String(preflightMaxAgeSeconds));
    reply.header('vary', 'Access-Control-Request-Headers');
    // A JSON body like every other 2xx of this API, though browsers ignore it.
    return reply.code(200).send({ methods: allowedMethods.split(', ') });
  });
}
