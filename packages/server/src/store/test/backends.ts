// How the contract suite reaches each backend. SQLite runs in memory (or in a temporary folder when
// a test needs a file); PostgreSQL runs for real at 127.0.0.1:5432 as user `postgres` (trust auth)
// in a database made for this run and dropped at the end.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresAnswers } from '@bigchaindb-ts/testing';
import pg from 'pg';
import type { Clock } from '../../model/index.js';
import { openStore, type OpenStoreOptions } from '../open-store.js';
import type { Store } from '../store.js';

export type Backend = 'sqlite' | 'postgresql';

/** `BACKENDS=sqlite` narrows a local run; CI runs both. */
export const BACKENDS: Backend[] = (process.env.BACKENDS ?? 'sqlite,postgresql')
  .split(',')
  .map((b) => b.trim())
  .filter((b): b is Backend => b === 'sqlite' || b === 'postgresql');

export const pgHost = '127.0.0.1';
export const pgPort = 5432;

export function postgresReachable(): Promise<boolean> {
  return postgresAnswers({ host: pgHost, port: pgPort, user: 'postgres' });
}

/** A backend a suite runs on, and why it is skipped (`false`: it runs). */
export interface BackendCase {
  readonly backend: Backend;
  readonly skip: string | false;
}

/**
 * The backends of this run (`BACKENDS`), PostgreSQL skipped with its reason when it does not
 * answer, said once per test file. (.ci/run fails before the tests when it does not answer, so CI
 * never skips.) Use: `for (const { backend, skip } of await backendCases()) describe(..., { skip }, ...)`.
 */
export async function backendCases(): Promise<readonly BackendCase[]> {
  const pgUp = BACKENDS.includes('postgresql') ? await postgresReachable() : false;
  const reason = `not reachable at ${pgHost}:${pgPort}`;
  if (BACKENDS.includes('postgresql') && !pgUp) console.log(`# SKIP postgresql: ${reason}`);
  return BACKENDS.map((backend) => ({ backend, skip: backend === 'postgresql' && !pgUp ? reason : false }));
}

/** Opens stores of one backend on one database (or file) for a test file, and cleans up after it. */
export interface Harness {
  readonly backend: Backend;
  /** An empty store: the tables of earlier tests are dropped, and `init()` has not run yet. */
  empty(clock?: Clock): Promise<Store>;
  /** An empty, initialized store. */
  fresh(clock?: Clock): Promise<Store>;
  /** Another store on the same data as the last `empty`/`fresh` one (a second node, or a restart). */
  another(clock?: Clock): Promise<Store>;
  /** Closes every store opened and removes the database or files. */
  cleanup(): Promise<void>;
  /** Runs SQL on the data of the last `empty`/`fresh` store outside the store (e.g. to recreate an older layout). */
  exec(sql: string): Promise<void>;
}

/** `extra` goes to every `openStore` (a plugin's ledger indexes). */
export function harness(backend: Backend, extra: OpenStoreOptions = {}): Harness {
  const opened: Store[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bigchaindb-store-'));
  const database = `bdbts_store_${process.pid}_${randomBytes(4).toString('hex')}`;
  let fileCount = 0;
  let sqlitePath = join(dir, 'store-0.sqlite');
  const open = async (clock?: Clock): Promise<Store> => {
    const store = await openStore(
      backend === 'sqlite'
        ? { backend, sqlitePath, ...(clock === undefined ? {} : { clock }) }
        : { backend, host: pgHost, port: pgPort, name: database, ...(clock === undefined ? {} : { clock }) },
      extra,
    );
    opened.push(store);
    return store;
  };
  const empty = async (clock?: Clock): Promise<Store> => {
    // SQLite gets a new file per test (cheaper than dropping); PostgreSQL keeps its database.
    fileCount += 1;
    sqlitePath = join(dir, `store-${fileCount}.sqlite`);
    const store = await open(clock);
    await store.drop();
    return store;
  };
  return {
    backend,
    empty,
    fresh: async (clock) => {
      const store = await empty(clock);
      await store.init();
      return store;
    },
    another: open,
    exec: async (sql) => {
      if (backend === 'sqlite') {
        const { default: Database } = await import('better-sqlite3');
        const db = new Database(sqlitePath);
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
        return;
      }
      const client = new pg.Client({ host: pgHost, port: pgPort, user: 'postgres', database });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
    cleanup: async () => {
      for (const store of opened) await store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      if (backend === 'postgresql') {
        const admin = new pg.Client({ host: pgHost, port: pgPort, user: 'postgres', database: 'postgres' });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin.end();
      }
    },
  };
}
