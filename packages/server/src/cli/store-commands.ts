import { CliError } from './cli-error.js';
import type { GlobalOptions } from './global-options.js';

// The store is being written; until it lands these commands say so.
function pending(): Promise<void> {
  return Promise.reject(new CliError('the store is not available yet'));
}
export const runInit = (_globals: GlobalOptions): Promise<void> => pending();
export const runDrop = (_globals: GlobalOptions): Promise<void> => pending();
export const runSetShards = (_globals: GlobalOptions, _n: number): Promise<void> => pending();
export const runSetReplicas = (_globals: GlobalOptions, _n: number): Promise<void> => pending();
