import type { Config } from '../config/index.js';
import type { Clock } from '../model/index.js';
import type { LedgerIndex, Store } from '../store/index.js';

/**
 * Opens the store the configuration names, keeping the ledger indexes of the consensus plugins
 * (`indexes`; see `loadNodeRules`). The store module is imported on first use so that commands
 * without a database (`configure`, `show-config`, `--help`) never load its drivers.
 */
export async function openNodeStore(
  config: Config,
  options: {
    readonly indexes?: readonly LedgerIndex[];
    readonly clock?: Clock;
    /** See `StoreConfig.bulkLoad` (restore). */
    readonly bulkLoad?: boolean;
  } = {},
): Promise<Store> {
  const { openStore } = await import('../store/index.js');
  const db = config.database;
  return openStore(
    {
      backend: db.backend,
      sqlitePath: db.path,
      host: db.host,
      port: db.port,
      name: db.name,
      ...(db.user === null ? {} : { user: db.user }),
      ...(db.password === null ? {} : { password: db.password }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.bulkLoad === true ? { bulkLoad: true } : {}),
    },
    { indexes: options.indexes ?? [] },
  );
}

/** How the store is named in messages: which file, or which database on which server. */
export function describeDatabase(config: Config): string {
  const db = config.database;
  return db.backend === 'sqlite'
    ? `SQLite database ${db.path}`
    : `PostgreSQL database "${db.name}" on ${db.host}:${db.port}`;
}
