import { StoreError } from '../errors.js';
import { translatePgError } from './postgres-errors.js';

/** A single connection to the server's maintenance database, as much of `pg.Client` as this needs. */
export interface PostgresConnection {
  connect(): Promise<unknown>;
  query(sql: string, parameters?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}

/**
 * Creates database `name` through `admin`, a connection to another database of the same server
 * (usually `postgres`), unless it exists. Several nodes may start at once: losing the race to
 * create it is fine. Returns whether this call created it.
 */
export async function createDatabaseIfMissing(admin: PostgresConnection, name: string): Promise<boolean> {
  if (name === '' || name.includes('\0'))
    throw new StoreError('invalid_argument', `not a database name: ${JSON.stringify(name)}`);
  try {
    await admin.connect();
    const { rows } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (rows.length > 0) return false;
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    return true;
  } catch (err) {
    // 42P04: it exists; 23505: a concurrent CREATE DATABASE won the catalog insert.
    const code = (err as { code?: unknown }).code;
    if (code === '42P04' || code === '23505') return false;
    throw translatePgError(err);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
