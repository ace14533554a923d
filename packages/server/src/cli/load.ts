import type { Config } from '../config/config.js';
import { CliError } from './cli-error.js';

/** How `POST /transactions` answers: at once, after validation, or once the block is decided. */
export type LoadMode = 'async' | 'sync' | 'commit';

export interface LoadOptions {
  /** How many transactions to send. */
  readonly count: number;
  /** How many requests may be in flight at once. */
  readonly concurrency: number;
  /** Transactions per second to aim for; null sends as fast as the node answers. */
  readonly rate: number | null;
  readonly mode: LoadMode;
  /** The API endpoint to send to, e.g. `http://localhost:9984/api/v1`. */
  readonly url: string;
}

/** `bigchaindb load`: writes transactions to a node, for benchmarking. */
export function runLoad(_config: Config, _options: LoadOptions): Promise<void> {
  return Promise.reject(new CliError('load: not implemented yet'));
}
