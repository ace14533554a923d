import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import type { JsonSchema } from '../schemas.js';

/**
 * The OpenAPI document, generated from the routes' own schemas: every route registered after
 * `install` is recorded by an `onRoute` hook, so the document cannot drift from what fastify
 * validates. (`@fastify/swagger` is not a dependency; this is the small part of it we need.)
 *
 * Beyond fastify's keys, a route schema may carry `summary`, `description`, `tags` and
 * `requestBody` (an OpenAPI Request Body Object, for routes whose body fastify does not parse), and
 * `hide` (a route that is not part of the API, e.g. the explorer's pages, is not listed).
 */
export interface RouteSchema {
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly querystring?: JsonSchema;
  readonly params?: JsonSchema;
  readonly requestBody?: JsonSchema;
  readonly response?: Record<string, JsonSchema>;
  /** Not part of the API (the explorer's web pages on the same port): left out of the document. */
  readonly hide?: boolean;
}

/** A route's schema with the documentation keys, as fastify takes it (it ignores keys it does not know). */
export function documented(schema: RouteSchema): FastifySchema {
  return schema;
}

interface RecordedRoute {
  readonly method: string;
  readonly url: string;
  readonly schema: RouteSchema;
}

export class OpenApiCollector {
  readonly #routes: RecordedRoute[] = [];

  /** Records every route registered on `app` from now on. */
  install(app: FastifyInstance): void {
    app.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) {
        // HEAD routes are fastify's automatic twins of GET routes. A route without a schema is
        // still listed (with no responses), so the document's test catches it.
        if (method === 'HEAD' || (route.schema as RouteSchema | undefined)?.hide === true) continue;
        this.#routes.push({ method, url: route.url, schema: (route.schema ?? {}) as RouteSchema });
      }
    });
  }

  /** The OpenAPI 3.1 document (3.1 because its schemas are JSON Schema, as fastify's are). */
  document(info: { title: string; version: string; description?: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const route of this.#routes) {
      const path = openApiPath(route.url);
      paths[path] ??= {};
      paths[path][route.method.toLowerCase()] = operation(route);
    }
    return { openapi: '3.1.0', info, paths };
  }
}

/** `/blocks/:height` → `/blocks/{height}`; a trailing slash is dropped (routes answer both). */
function openApiPath(url: string): string {
  const path = url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

function operation(route: RecordedRoute): Record<string, unknown> {
  const { schema } = route;
  const parameters = [...parametersOf(schema.params, 'path'), ...parametersOf(schema.querystring, 'query')];
  const responses: Record<string, unknown> = {};
  for (const [status, body] of Object.entries(schema.response ?? {})) {
    const { description, ...rest } = body as { description?: string };
    responses[status] = {
      description: description ?? STATUS_CODES[Number(status)] ?? status,
      content: { 'application/json': { schema: rest } },
    };
  }
  return {
    operationId: `${route.method.toLowerCase()}${route.url.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    ...(schema.summary === undefined ? {} : { summary: schema.summary }),
    ...(schema.description === undefined ? {} : { description: schema.description }),
    ...(schema.tags === undefined ? {} : { tags: schema.tags }),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(schema.requestBody === undefined ? {} : { requestBody: schema.requestBody }),
    responses,
  };
}

function parametersOf(schema: JsonSchema | undefined, where: 'path' | 'query'): Record<string, unknown>[] {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property as { description?: string };
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description === undefined ? {} : { description }),
      schema: rest,
    };
  });
}
