import { postgresPoolSize } from '../constants.js';
import { describeTarget, type DatabaseTarget } from './database-url.js';
import { PostgresDatabase } from './postgres-database.js';
import type { Database } from './sql-session.js';
import { SqliteDatabase } from './sqlite-database.js';

/** Opens the database a target names; the drivers are loaded here and nowhere else. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.backend === 'sqlite') {
    const { default: BetterSqlite } = await import('better-sqlite3');
    return new SqliteDatabase(new BetterSqlite(target.path), describeTarget(target));
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    host: target.host,
    port: target.port,
    database: target.database,
    max: postgresPoolSize,
    ...(target.user === undefined ? {} : { user: target.user }),
    ...(target.password === undefined ? {} : { password: target.password }),
  });
  // An idle connection the server closed must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return new PostgresDatabase(pool, describeTarget(target));
}
