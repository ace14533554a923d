import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StoreError } from '../store/index.js';
import { ApiError, errorBody, type ApiErrorCode } from './errors.js';
import { patternMeaning } from './schemas.js';

interface SchemaViolation {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

type ThrownError = Partial<FastifyError> & {
  validation?: readonly SchemaViolation[];
  validationContext?: string;
  message: string;
};

/**
 * Turns everything a route or fastify throws into the error body `{message, status, code}`. Bad
 * client input of any kind is a 4xx with a reason; a 5xx is logged and only ever means a bug or
 * an unavailable store.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: ThrownError, req, reply) => {
    const { status, code, message } = classify(err, req);
    if (status >= 500) req.log.error({ err }, 'request failed');
    void reply.code(status).send(errorBody(status, message, code));
  });
  app.setNotFoundHandler((_req, reply) => {
    void reply.code(404).send(errorBody(404, 'Not found', 'NotFound'));
  });
}

/**
 * fastify's `frameworkErrors`: errors the router raises before any route runs (a malformed
 * percent-encoding, an over-long path parameter) get the API's body too. Path parameters name
 * things (a transaction id, a block height or id), so an over-long one names nothing: 404, like
 * any unknown id.
 */
export function frameworkErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH')
    void reply.code(404).send(errorBody(404, 'Not found', 'NotFound'));
  else void reply.code(400).send(errorBody(400, err.message, 'BadRequest'));
}

function classify(err: ThrownError, req: FastifyRequest): { status: number; code: string; message: string } {
  if (err instanceof ApiError) return { status: err.status, code: err.code, message: err.message };
  if (err instanceof StoreError) {
    if (err.code === 'invalid_argument')
      return { status: 400, code: 'InvalidParameter', message: err.message };
    if (err.code === 'unavailable' || err.code === 'busy')
      return {
        status: 503,
        code: 'StoreUnavailable',
        message: 'The database is unavailable; try again later',
      };
    return internal();
  }
  if (err.validation && err.validation.length > 0) return schemaViolation(err, req);
  const status = err.statusCode ?? 500;
  if (status >= 500) return internal();
  const code: ApiErrorCode =
    err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
      ? 'BodyTooLarge'
      : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'UnsupportedMediaType'
        : 'BadRequest';
  return { status, code, message: err.message };
}

function internal() {
  return { status: 500, code: 'InternalError', message: 'Internal server error' };
}

/** A parameter that failed its route's schema: which one, and why, in words. */
function schemaViolation(
  err: ThrownError,
  req: FastifyRequest,
): { status: number; code: ApiErrorCode; message: string } {
  const v = err.validation![0]!;
  const part = err.validationContext === 'params' ? 'path parameter' : 'query parameter';
  if (v.keyword === 'additionalProperties') {
    return {
      status: 400,
      code: 'UnknownParameter',
      message: `Unknown ${part}: ${String(v.params.additionalProperty)}`,
    };
  }
  const name =
    v.instancePath.replace(/^\//, '') ||
    (typeof v.params.missingProperty === 'string' ? v.params.missingProperty : '');
  if (v.keyword === 'required')
    return { status: 400, code: 'InvalidParameter', message: `Missing ${part}: ${name}` };
  const given = (req.query as Record<string, unknown> | undefined)?.[name];
  const why = Array.isArray(given)
    ? 'must be given once'
    : v.keyword === 'enum'
      ? `must be ${(v.params.allowedValues as unknown[]).map((a) => JSON.stringify(a)).join(', ')}`
      : v.keyword === 'pattern'
        ? (patternMeaning(String(v.params.pattern)) ?? 'has the wrong format')
        : (v.message ?? 'is invalid');
  return { status: 400, code: 'InvalidParameter', message: `Invalid ${part} ${name}: ${why}` };
}
