import type { Config } from '../config/config.js';
import { CliError } from './cli-error.js';

export interface StartOptions {
  /** The config file the configuration came from (or would have, when it does not exist). */
  readonly configPath: string;
  /** `-y` was given. */
  readonly yes: boolean;
}

/** `bigchaindb start`: runs the node until it is stopped. */
export function runStart(_config: Config, _options: StartOptions): Promise<void> {
  return Promise.reject(new CliError('start: not implemented yet'));
}
