import type { FastifyInstance } from 'fastify';
import type { ApiContext } from './api-context.js';

/**
 * A group of routes a subsystem adds to the node's API port (the SPOOL registry's reads, the
 * explorer's static files, the proof-of-work mode's seed endpoints). It is registered after the
 * core routes and before the OpenAPI route, so its schemas are in the document, its errors take
 * the API's error body and its answers are counted by the metrics. A module registers its routes
 * under its own prefix (e.g. `/api/v1/spool/`) and never replaces a core route.
 */
export interface RouteModule {
  /** For logs and error messages, e.g. `spool`. */
  readonly name: string;
  register(app: FastifyInstance, ctx: ApiContext): void;
}
