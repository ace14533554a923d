import { configToFileObject } from '../config/index.js';
import { loadCommandConfig, type GlobalOptions } from './global-options.js';

/** `bigchaindb show-config`: every setting's value as JSON, in the config file's shape. */
export async function runShowConfig(
  globals: GlobalOptions,
  options: { showPrivate: boolean },
): Promise<void> {
  const { config } = await loadCommandConfig(globals);
  const shown = configToFileObject(config, { maskSecrets: !options.showPrivate });
  process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
}
