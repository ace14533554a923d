import { CliError } from './cli-error.js';
import { loadCommandConfig, type GlobalOptions } from './global-options.js';

/** `bigchaindb export-my-pubkey`: the node's public key alone on stdout, for scripts. */
export async function runExportMyPubkey(globals: GlobalOptions): Promise<void> {
  const { config } = await loadCommandConfig(globals);
  if (config.keypair.public === null) {
    throw new CliError(
      'no public key is configured (keypair.public); run `bigchaindb configure` or set BIGCHAINDB_KEYPAIR_PUBLIC',
    );
  }
  process.stdout.write(`${config.keypair.public}\n`);
}
