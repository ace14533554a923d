import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolveConfigPath } from '../config/index.js';
import { runConfigure } from './configure.js';
import { loadCommandConfig, type GlobalOptions } from './global-options.js';
import { runStart } from './start.js';

/**
 * `bigchaindb quickstart` (what `npm start` runs): the seed's `bigchaindb -y configure` followed by
 * `bigchaindb start`, except that an existing config file is used as it is.
 */
export async function runQuickstart(globals: GlobalOptions): Promise<void> {
  const { path } = resolveConfigPath({
    cliPath: globals.config,
    env: process.env,
    homeDir: homedir(),
    cwd: process.cwd(),
  });
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await runConfigure({ cliPath: globals.config, yes: true, force: false, backend: undefined });
    process.stdout.write(`No configuration found; wrote one with the defaults to ${path}\n`);
  }
  const loaded = await loadCommandConfig(globals);
  await runStart(loaded.config, { configPath: loaded.file.path, yes: globals.yes });
}
