/**
 * An expected failure of a command that the user can act on (a refused overwrite, a missing key,
 * a store that is not reachable). The CLI prints its message as one line, without a stack trace.
 */
export class CliError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
  }
}
