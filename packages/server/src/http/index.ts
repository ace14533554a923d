export { buildApp, type AppOptions } from './app.js';
export { ApiError, httpStatusOf, validationErrorBody, type ApiErrorCode, type ErrorBody } from './errors.js';
export type {
  BlockDecidedEvent,
  FederationView,
  LedgerReads,
  NodeService,
  PostMode,
  StatusRecord,
  SubmitResult,
  TxStatus,
  TxStatusEvent,
} from './node-service.js';
export { parseWhere } from './where-filter.js';
export { unpagedItemsMax } from './pagination.js';
export { streamNames, type StreamName } from './streams/stream-messages.js';
