export { buildApi, type ApiOptions } from './api-server.js';
export { openApiDocument } from './openapi.js';
