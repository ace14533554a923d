export { buildApp, type AppOptions } from './app.js';
export { ApiError, httpStatusOf, validationErrorBody, type ApiErrorCode, type ErrorBody } from './errors.js';
export { parseWhere } from './where-filter.js';
export { unpagedItemsMax } from './pagination.js';
export { streamNames, type StreamName } from './streams/stream-messages.js';
