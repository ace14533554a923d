import type { Config } from '../config/index.js';
import type { Store } from '../store/index.js';
import { loadCommandConfig, type GlobalOptions } from './global-options.js';
import { initNode } from './init-node.js';
import { describeDatabase, openNodeStore } from './open-node-store.js';
import { createPrompter } from './prompter.js';

/**
 * Runs `use` with the configured store open (with the consensus plugins' ledger indexes, so that
 * `init` creates their tables and `drop` removes them), and closes it whatever happens.
 */
async function withStore<T>(
  loaded: { readonly config: Config; readonly file: { readonly path: string } },
  use: (store: Store) => Promise<T>,
): Promise<T> {
  const { config } = loaded;
  // Imported on use, as the store is (see `openNodeStore`).
  const { loadNodeRules } = await import('../node/index.js');
  const rules = await loadNodeRules(config, { configPath: loaded.file.path });
  const store = await openNodeStore(config, { indexes: rules.indexes });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** `bigchaindb init`: succeeds whether it created the database or found it there already. */
export async function runInit(globals: GlobalOptions): Promise<void> {
  const loaded = await loadCommandConfig(globals);
  const { config } = loaded;
  const { created } = await withStore(loaded, (store) => initNode(config, store));
  const what = describeDatabase(config);
  process.stdout.write(created ? `Initialized the ${what}\n` : `The ${what} already exists; nothing to do\n`);
}

/** `bigchaindb drop`: erases the node's tables after a yes/no question (`-y` answers yes). */
export async function runDrop(globals: GlobalOptions): Promise<void> {
  const loaded = await loadCommandConfig(globals);
  const what = describeDatabase(loaded.config);
  if (!globals.yes) {
    const prompter = createPrompter();
    let sure: boolean;
    try {
      sure = await prompter.confirm(`Drop the ${what} and erase all its data?`);
    } finally {
      prompter.close();
    }
    if (!sure) {
      process.stdout.write('Nothing dropped\n');
      return;
    }
  }
  await withStore(loaded, (store) => store.drop());
  process.stdout.write(`Dropped every table of the ${what}\n`);
}

export async function runSetShards(globals: GlobalOptions, n: number): Promise<void> {
  const loaded = await loadCommandConfig(globals);
  process.stdout.write(`${await withStore(loaded, (store) => store.setShards(n))}\n`);
}

export async function runSetReplicas(globals: GlobalOptions, n: number): Promise<void> {
  const loaded = await loadCommandConfig(globals);
  process.stdout.write(`${await withStore(loaded, (store) => store.setReplicas(n))}\n`);
}
