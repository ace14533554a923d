/**
 * A configuration problem the user can fix: a malformed file, a bad value, a missing keypair.
 * The message is one line that names the setting and where its value came from; the CLI prints
 * it as `bigchaindb: config error: ...` without a stack trace.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(`config error: ${message}`);
    this.name = 'ConfigError';
  }
}
