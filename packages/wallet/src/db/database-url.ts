import { isAbsolute, resolve } from 'node:path';
import { WalletConfigError } from '../errors.js';

export type DatabaseTarget =
  | { readonly backend: 'sqlite'; readonly path: string }
  | {
      readonly backend: 'postgresql';
      readonly host: string;
      readonly port: number;
      readonly user: string | undefined;
      readonly password: string | undefined;
      readonly database: string;
    };

/**
 * `database.url` in SQLAlchemy's forms, as the seed wrote them: `sqlite:///relative.db` (three
 * slashes: relative to `baseDir`, the config file's folder), `sqlite:////absolute/path.db` (four:
 * absolute), `sqlite://` or `sqlite:///:memory:` (in memory), and
 * `postgresql://user:password@host:port/dbname` (also `postgres://`, `postgresql+psycopg2://`).
 */
export function parseDatabaseUrl(url: string, baseDir: string, key = 'database.url'): DatabaseTarget {
  const text = url.trim();
  const sqlite = /^sqlite(\+[a-z0-9]+)?:\/\/(.*)$/i.exec(text);
  if (sqlite) {
    const rest = sqlite[2] ?? '';
    if (rest === '' || rest === '/:memory:') return { backend: 'sqlite', path: ':memory:' };
    if (!rest.startsWith('/'))
      throw new WalletConfigError(
        `${key}: a SQLite URL is sqlite:///relative.db or sqlite:////absolute/path.db, got ${text}`,
      );
    const path = rest.slice(1);
    if (path === '') throw new WalletConfigError(`${key}: the SQLite URL names no file: ${text}`);
    return { backend: 'sqlite', path: isAbsolute(path) ? path : resolve(baseDir, path) };
  }
  if (/^postgres(ql)?(\+[a-z0-9]+)?:\/\//i.test(text)) {
    let parsed: URL;
    try {
      parsed = new URL(text.replace(/^[^:]+:/, 'postgresql:'));
    } catch {
      throw new WalletConfigError(`${key}: not a PostgreSQL URL: ${redact(text)}`);
    }
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    if (database === '' || database.includes('/'))
      throw new WalletConfigError(`${key}: the PostgreSQL URL names no database: ${redact(text)}`);
    const port = parsed.port === '' ? 5432 : Number(parsed.port);
    return {
      backend: 'postgresql',
      host: parsed.hostname === '' ? 'localhost' : decodeURIComponent(parsed.hostname),
      port,
      user: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
      password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
      database,
    };
  }
  throw new WalletConfigError(
    `${key}: expected sqlite:///file.db, sqlite:////absolute/file.db or postgresql://user@host:port/dbname, got ${redact(text)}`,
  );
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

export function describeTarget(target: DatabaseTarget): string {
  return target.backend === 'sqlite'
    ? `SQLite database ${target.path}`
    : `PostgreSQL database ${target.database} at ${target.host}:${target.port}`;
}
