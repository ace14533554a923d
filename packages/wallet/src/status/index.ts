export { startStatusServer } from './status-server.js';
