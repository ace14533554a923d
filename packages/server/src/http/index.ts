export { buildApp, type AppOptions } from './app.js';
export type { ApiContext } from './api-context.js';
export { documented, type RouteSchema } from './openapi/openapi-document.js';
export type { RouteModule } from './route-module.js';
export { ApiError, httpStatusOf, validationErrorBody, type ApiErrorCode, type ErrorBody } from './errors.js';
export { parseWhere } from './where-filter.js';
export { unpagedItemsMax } from './pagination.js';
export { streamNames, type StreamName } from './streams/stream-messages.js';
