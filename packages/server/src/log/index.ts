export { createLogger, type LogFormat, type LogLevel, type LoggerOptions } from './create-logger.js';
export { formatLogLine } from './format-log-line.js';
export type { Logger } from 'pino';
