import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';
import type { ApiContext } from './api-context.js';
import { installCors } from './cors.js';
import { frameworkErrorHandler, installErrorHandler } from './error-handler.js';
import { NodeStatusProbe, type NodeMetrics } from '../metrics/index.js';
import type { NodeService } from '../node/index.js';
import { OpenApiCollector } from './openapi/openapi-document.js';
import type { RouteModule } from './route-module.js';
import { registerAssetRoutes } from './routes/assets.js';
import { registerBlockRoutes } from './routes/blocks.js';
import { registerChainRoutes } from './routes/chain.js';
import { registerFederationRoutes } from './routes/federation.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerMetricsRoutes } from './routes/metrics.js';
import { registerOpenApiRoute } from './routes/openapi.js';
import { registerOutputRoutes } from './routes/outputs.js';
import { registerRootRoutes } from './routes/root.js';
import { registerStatusRoutes } from './routes/statuses.js';
import { registerStreamRoutes } from './routes/streams.js';
import { registerTransactionRoutes } from './routes/transactions.js';
import { registerValidatorRoutes } from './routes/validators.js';
import { registerVoteRoutes } from './routes/votes.js';
import { StreamServer, streamsPathPrefix } from './streams/stream-server.js';

export interface AppOptions {
  readonly node: NodeService;
  /** Largest request body accepted, in bytes; larger gets 413 before any parsing. */
  readonly bodySizeBytesMax: number;
  /**
   * Where clients reach the API (`api_endpoint`, e.g. `http://node.example:9984/api/v1`): the
   * advertised stream URL is built from it. Unset, it is built from each request's `Host`.
   */
  readonly publicUrl?: string;
  /** Advertised WebSocket URL for the event stream; overrides the one built from `publicUrl`. */
  readonly streamsUrl?: string;
  /** How often the event streams look for decisions the node did not announce; default 1 s. */
  readonly streamPollIntervalMs?: number;
  /**
   * Where the API logs (5xx answers, stream failures): the node's pino logger, or `true` for
   * fastify's own. Requests themselves are not logged; at thousands per second they would drown
   * everything else.
   */
  readonly logger?: boolean | Logger;
  /**
   * The node's metrics: given, `GET /metrics` serves them, the HTTP edge feeds them, and the
   * health answer's `node_status` comes from their probe (with its disk check).
   */
  readonly metrics?: NodeMetrics;
  /** Subsystems' routes (see `RouteModule`), registered after the core routes, in this order. */
  readonly routeModules?: readonly RouteModule[];
}

/**
 * The HTTP API, composed: fastify (for its measured speed, ~50k small POSTs/s per core here, and
 * its schema-first routes), the error body for every refusal, CORS, one module per group of
 * routes, the OpenAPI document built from their schemas, and the WebSocket streams on the same
 * port. Tests drive it in-process with `app.inject`; the streams need a listening server.
 */
export function buildApp(options: AppOptions): FastifyInstance {
  const { node } = options;
  const loggerInstance: FastifyBaseLogger | undefined =
    typeof options.logger === 'object' ? options.logger.child({ name: 'http' }) : undefined;
  const app = Fastify({
    ...(loggerInstance === undefined ? { logger: options.logger === true } : { loggerInstance }),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodySizeBytesMax,
    routerOptions: { ignoreTrailingSlash: true },
    return503OnClosing: true,
    // Unknown query parameters are refused (not silently dropped), and each parameter's text is
    // converted to its declared type once, here. Repeated parameters arrive as arrays and fail
    // their type: `?spent=true&spent=false` is a 400, not a guess.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
    frameworkErrors: frameworkErrorHandler,
  });
  // Response schemas document answers (and tests check answers against them); they never shape
  // them. fast-json-stringify would drop every field a schema does not list, and transactions
  // and asset data are arbitrary JSON.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  installErrorHandler(app);
  installCors(app);
  const openapi = new OpenApiCollector();
  openapi.install(app);

  // The body is kept as text and parsed once, by the validator (in a worker thread), instead of
  // being parsed here on the event loop and copied again to the worker.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json'], { parseAs: 'string' }, (_req, body, done) => {
    done(null, body);
  });

  const streams = new StreamServer(node, {
    ...(options.streamPollIntervalMs === undefined
      ? {}
      : { feedPollIntervalMs: options.streamPollIntervalMs }),
    onError: (err) => app.log.error({ err }, 'event stream failed'),
  });
  const { metrics } = options;
  const probe = metrics === undefined ? new NodeStatusProbe(node) : undefined;
  const ctx: ApiContext = {
    node,
    streams,
    streamsUrl: streamsUrlOf(options),
    nodeStatus: () => metrics?.status() ?? probe!.check(),
  };
  if (metrics !== undefined) {
    // First, so that its hooks see every route's answers.
    registerMetricsRoutes(app, metrics);
    metrics.countSubscribersWith(() => streams.subscriberCount);
  }

  registerRootRoutes(app, ctx);
  registerTransactionRoutes(app, ctx);
  registerOutputRoutes(app, ctx);
  registerAssetRoutes(app, ctx);
  registerBlockRoutes(app, ctx);
  registerChainRoutes(app, ctx);
  registerVoteRoutes(app, ctx);
  registerStatusRoutes(app, ctx);
  registerValidatorRoutes(app, ctx);
  registerHealthRoutes(app, ctx);
  registerFederationRoutes(app, ctx);
  registerStreamRoutes(app);
  for (const module of options.routeModules ?? []) module.register(app, ctx);
  registerOpenApiRoute(app, openapi);

  app.addHook('onReady', (done) => {
    streams.start(app.server);
    done();
  });
  // Before the server stops taking connections: open sockets would otherwise keep it from closing.
  app.addHook('preClose', async () => streams.close());
  return app;
}

/** The valid-transactions stream's URL: configured, or on the host and port the request came to. */
function streamsUrlOf(options: AppOptions): (req: FastifyRequest) => string {
  const path = `${streamsPathPrefix}valid_transactions`;
  if (options.streamsUrl !== undefined) return () => options.streamsUrl!;
  if (options.publicUrl !== undefined) {
    const url = new URL(options.publicUrl);
    const scheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return () => `${scheme}//${url.host}${path}`;
  }
  return (req) => `${req.protocol === 'https' ? 'wss' : 'ws'}://${req.host || 'localhost'}${path}`;
}
