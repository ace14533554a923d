export { buildApp, type AppOptions } from './app.js';
export { httpStatusOf, validationErrorBody, type ErrorBody } from './errors.js';
export type { NodeService, PostMode, StatusRecord, SubmitResult, TxStatus } from './node-service.js';
