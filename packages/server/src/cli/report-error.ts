import { ConfigError } from '../config/index.js';
import { CliError } from './cli-error.js';

/**
 * Prints a failed command's error and returns the exit status. Expected errors (bad configuration,
 * refused operations, an unreachable or locked database, an OS-level failure such as a permission
 * problem) are one line, `bigchaindb: <message>`, because a stack trace would only hide the
 * message. Anything else is a bug, so its stack is printed in full.
 */
export function reportError(error: unknown, write: (text: string) => void): number {
  const line = expectedMessage(error);
  if (line !== undefined) write(`bigchaindb: ${line}\n`);
  else
    write(
      `bigchaindb: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  return 1;
}

function expectedMessage(error: unknown): string | undefined {
  if (error instanceof ConfigError || error instanceof CliError) return oneLine(error.message);
  if (!(error instanceof Error)) return undefined;
  // Matched by name, not class, so that this module does not load the store for every command.
  if (error.name === 'StoreError') return oneLine(error.message);
  // Node's system errors (ENOENT, EACCES, ECONNREFUSED, ...) carry the failed call in `syscall`;
  // a connection attempt to several addresses fails with an AggregateError that only has a code.
  const { syscall, code } = error as NodeJS.ErrnoException;
  if (typeof syscall === 'string' || (error instanceof AggregateError && typeof code === 'string')) {
    return oneLine(error.message || describeAggregate(error) || String(code));
  }
  return undefined;
}

function describeAggregate(error: Error): string {
  if (!(error instanceof AggregateError)) return '';
  return error.errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
