/**
 * Turns one of pino's JSON lines into a line for people:
 * `2025-01-02T03:04:05.678Z INFO  block: wrote block height=3 txs=12`.
 * Fields other than the standard ones follow as key=value; an error's message is inline, and for
 * `error` and `fatal` its stack follows on indented lines, since that is when someone will need it.
 */
export function formatLogLine(jsonLine: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    // Not ours to judge: pass through anything that is not a JSON record.
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`;
  }
  const { time, level, msg, name, err, pid: _pid, hostname: _hostname, ...fields } = record;
  const label = typeof level === 'string' ? level.toUpperCase() : String(level);
  const parts = [formatTime(time), label.padEnd(5)];
  const message = typeof msg === 'string' ? msg : '';
  parts.push(typeof name === 'string' ? `${name}: ${message}` : message);
  for (const [key, value] of Object.entries(fields)) parts.push(`${key}=${formatValue(value)}`);
  let line = parts.filter((p) => p !== '').join(' ');
  const error = describeError(err);
  if (error !== undefined) {
    line += ` err=${formatValue(error.message)}`;
    if ((level === 'error' || level === 'fatal') && error.stack !== undefined) {
      line += `\n${error.stack.replace(/^/gm, '    ')}`;
    }
  }
  return `${line}\n`;
}

function formatTime(time: unknown): string {
  if (typeof time === 'number') return new Date(time).toISOString();
  return typeof time === 'string' ? time : '';
}

/** Plain words stay bare; anything with spaces, quotes or structure is JSON, so lines stay parseable. */
function formatValue(value: unknown): string {
  if (typeof value === 'string' && /^[\w.:/@+-]+$/.test(value)) return value;
  return JSON.stringify(value) ?? String(value);
}

function describeError(err: unknown): { message: string; stack?: string } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { message, stack } = err as { message?: unknown; stack?: unknown };
  return {
    message: typeof message === 'string' ? message : JSON.stringify(err),
    ...(typeof stack === 'string' ? { stack } : {}),
  };
}
