// How the wallet's contract suite reaches each database: SQLite in a temporary file, PostgreSQL for
// real at 127.0.0.1:5432 as user `postgres` (trust auth), in a database made for each harness and
// dropped at the end. `BACKENDS=sqlite` narrows a local run; where PostgreSQL is not reachable its
// suites skip with a line saying so, except under CI=true, where they fail (as the server's do).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresAnswers } from '@bigchaindb-ts/testing';
import pg from 'pg';
import {
  ConflictResolver,
  initializeDatabase,
  openDatabase,
  type Database,
  type DatabaseTarget,
} from '../db/index.js';
import type { CoinRules } from '../model/index.js';

export type Backend = 'sqlite' | 'postgresql';

export const BACKENDS: Backend[] = (process.env.BACKENDS ?? 'sqlite,postgresql')
  .split(',')
  .map((b) => b.trim())
  .filter((b): b is Backend => b === 'sqlite' || b === 'postgresql');

const pgHost = '127.0.0.1';
const pgPort = 5432;

let reachable: Promise<boolean> | undefined;
/** Asked once per test file (each runs in its own process), so all its suites see one answer. */
export function postgresReachable(): Promise<boolean> {
  reachable ??= postgresAnswers({ host: pgHost, port: pgPort, user: 'postgres' });
  return reachable;
}

/** Why a backend's suite cannot run here, or undefined when it can. Under CI=true PostgreSQL must be there. */
export async function skipReason(backend: Backend): Promise<string | undefined> {
  if (backend !== 'postgresql' || (await postgresReachable())) return undefined;
  if (process.env.CI === 'true') throw new Error('CI: PostgreSQL is not reachable at 127.0.0.1:5432');
  return 'PostgreSQL is not reachable at 127.0.0.1:5432 (start it, or run with BACKENDS=sqlite)';
}

/** One database per harness: fresh tables for each `fresh()`, all removed by `cleanup()`. */
export interface DbHarness {
  readonly backend: Backend;
  /** The target of the current database (for a second connection, a worker or a child process). */
  readonly target: () => DatabaseTarget;
  /** The `database.url` of the current database. */
  readonly url: () => string;
  /** A new, empty, initialized database, and a connection to it. */
  fresh(): Promise<Database>;
  /** Another connection to the current database. */
  connect(): Promise<Database>;
  cleanup(): Promise<void>;
}

export function dbHarness(backend: Backend): DbHarness {
  const dir = mkdtempSync(join(tmpdir(), 'bigchaindb-wallet-'));
  const opened: Database[] = [];
  const made: string[] = [];
  let current: DatabaseTarget | undefined;
  const target = () => {
    if (current === undefined) throw new Error('no database yet: call fresh() first');
    return current;
  };
  const connect = async () => {
    const db = await openDatabase(target());
    opened.push(db);
    return db;
  };
  return {
    backend,
    target,
    url: () => {
      const t = target();
      return t.backend === 'sqlite'
        ? `sqlite:///${t.path}`
        : `postgresql://postgres@${t.host}:${t.port}/${t.database}`;
    },
    connect,
    fresh: async () => {
      if (backend === 'sqlite') {
        current = { backend, path: join(dir, `wallet-${made.length}.sqlite`) };
        made.push(current.path);
      } else {
        const database = `bdbts_wallet_${process.pid}_${randomBytes(4).toString('hex')}`;
        const admin = new pg.Client({ host: pgHost, port: pgPort, user: 'postgres', database: 'postgres' });
        await admin.connect();
        await admin.query(`CREATE DATABASE "${database}"`);
        await admin.end();
        made.push(database);
        current = { backend, host: pgHost, port: pgPort, user: 'postgres', password: undefined, database };
      }
      const db = await connect();
      await initializeDatabase(db);
      return db;
    },
    cleanup: async () => {
      for (const db of opened) await db.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      if (backend === 'postgresql' && made.length > 0) {
        const admin = new pg.Client({ host: pgHost, port: pgPort, user: 'postgres', database: 'postgres' });
        await admin.connect();
        for (const database of made) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin.end();
      }
    },
  };
}

/** A coin for tests that need no ledger (its asset id is made up). */
export const testCoin: CoinRules = {
  name: 'tok',
  assetId: 'a'.repeat(64),
  confirmationCount: 1,
  maxConfirmationCount: 15,
};

export function coinMap(...coins: CoinRules[]): ReadonlyMap<string, CoinRules> {
  return new Map(coins.map((c) => [c.name, c]));
}

export function resolverOf(db: Database, retries = 3): ConflictResolver {
  return new ConflictResolver(db, retries);
}
