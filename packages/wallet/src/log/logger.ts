import { writeSync } from 'node:fs';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(name: string): Logger;
}

/**
 * One line per record on stderr: `time level [name] message {fields}`. The wallet never passes a
 * private key, a passphrase or an API token to a logger; fields are ids, txids, amounts and errors.
 */
export function createLogger(
  options: {
    readonly name?: string;
    readonly level?: LogLevel;
    readonly write?: (line: string) => void;
  } = {},
): Logger {
  const envLevel = process.env.BIGCHAINDB_LOG_LEVEL as LogLevel | undefined;
  const level = options.level ?? (envLevel !== undefined && envLevel in order ? envLevel : 'info');
  const write = options.write ?? ((line: string) => writeSync(2, line));
  const name = options.name ?? 'wallet';
  const emit = (at: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => {
    if (order[at] < order[level]) return;
    const extra =
      fields === undefined
        ? ''
        : ` ${JSON.stringify(fields, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Error ? v.message : v))}`;
    write(`${new Date().toISOString()} ${at.padEnd(5)} [${name}] ${message}${extra}\n`);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (child) => createLogger({ ...options, level, write, name: `${name}.${child}` }),
  };
}

/** A logger that drops everything (library use without a service). */
export const silentLogger: Logger = createLogger({ level: 'silent' });
