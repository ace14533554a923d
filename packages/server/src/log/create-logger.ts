import { writeSync } from 'node:fs';
import { pino, stdTimeFunctions, type Level, type Logger } from 'pino';
import { ConfigError } from '../config/index.js';
import { formatLogLine } from './format-log-line.js';

export type LogLevel = Level | 'silent';
export type LogFormat = 'text' | 'json';

const levels: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const formats: readonly LogFormat[] = ['text', 'json'];

export interface LoggerOptions {
  /** Shown before each message, e.g. the component: `block`, `vote`, `http`. */
  readonly name?: string;
  /** Overrides `BIGCHAINDB_LOG_LEVEL` (default `info`). */
  readonly level?: LogLevel;
  /** Overrides `BIGCHAINDB_LOG_FORMAT`: `text` (default, one line per record) or `json`. */
  readonly format?: LogFormat;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Receives each finished line; by default lines go to stderr, so stdout stays for command output. */
  readonly write?: (line: string) => void;
}

/**
 * The server's logger: pino, writing synchronously so that nothing is lost when the process exits
 * right after logging (as a CLI command does). Bad `BIGCHAINDB_LOG_*` values are ConfigErrors.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  const level = options.level ?? fromEnv(env, 'BIGCHAINDB_LOG_LEVEL', levels, 'info');
  const format = options.format ?? fromEnv(env, 'BIGCHAINDB_LOG_FORMAT', formats, 'text');
  const write = options.write ?? ((line: string) => writeSync(2, line));
  const destination = { write: format === 'json' ? write : (line: string) => write(formatLogLine(line)) };
  return pino(
    {
      level,
      ...(options.name === undefined ? {} : { name: options.name }),
      timestamp: stdTimeFunctions.isoTime,
      // Level names rather than pino's numbers: readable in JSON too, and what the text format shows.
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

function fromEnv<T extends string>(
  env: Readonly<Record<string, string | undefined>>,
  variable: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const found = choices.find((c) => c === raw.trim().toLowerCase());
  if (found === undefined) {
    const expected = choices.map((c) => JSON.stringify(c)).join(', ');
    throw new ConfigError(`${variable} must be one of ${expected}, got ${JSON.stringify(raw)}`);
  }
  return found;
}
