import type { Command } from 'commander';
import { loadConfig, type LoadedConfig } from '../config/index.js';

/** The options every command accepts before or after its name. */
export interface GlobalOptions {
  /** `-c PATH`: the config file. */
  readonly config: string | undefined;
  /** `-y`: answer yes to every question and take every default. */
  readonly yes: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  const options = command.optsWithGlobals<{ config?: string; yes?: boolean }>();
  return { config: options.config, yes: options.yes === true };
}

/** Loads the configuration for a command, telling the user about ignored keys in the file. */
export async function loadCommandConfig(globals: GlobalOptions): Promise<LoadedConfig> {
  const loaded = await loadConfig({ cliPath: globals.config });
  for (const warning of loaded.warnings) process.stderr.write(`bigchaindb: ${warning}\n`);
  return loaded;
}
