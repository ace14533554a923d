import type { Keypair } from '@bigchaindb-ts/core';
import type { Config } from './config.js';
import { ConfigError } from './config-error.js';

/** The node's full keypair, for commands that sign; a clear error when it is not configured. */
export function requireKeypair(config: Config): Keypair {
  const { public: publicKey, private: privateKey } = config.keypair;
  if (privateKey === null || publicKey === null) {
    throw new ConfigError(
      'keypair.private is not set; run `bigchaindb configure` or set BIGCHAINDB_KEYPAIR_PRIVATE',
    );
  }
  return { publicKey, privateKey };
}
