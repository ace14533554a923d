import { StoreError } from '../errors.js';

/**
 * Translates what better-sqlite3 throws into `StoreError`, at the edge, so no `SQLITE_*` code
 * reaches the pipelines. Errors that already are `StoreError`s, and assertion failures (which
 * must crash), pass through unchanged.
 */
export function translateSqliteError(err: unknown): unknown {
  if (err instanceof StoreError || !(err instanceof Error) || err.name === 'AssertionError') return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) {
    // better-sqlite3 reports use of a closed database as a TypeError without a code.
    if (err instanceof TypeError && /database connection is not open/.test(err.message))
      return new StoreError('unavailable', 'the SQLite store is closed', { cause: err });
    return err;
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new StoreError('busy', `SQLite is locked by another writer: ${err.message}`, { cause: err });
  if (code.startsWith('SQLITE_CONSTRAINT'))
    return new StoreError('conflict', `SQLite refused a write: ${err.message}`, { cause: err });
  // Caused by the values sent, not by the database: a string or blob over SQLite's length limit,
  // or a full-text query FTS5 cannot parse (U+0000 ends its query text early: "unterminated
  // string"). The API answers them with a 400; routes check their parameters first, so this is
  // the net under those checks.
  if (code.startsWith('SQLITE_TOOBIG'))
    return new StoreError('invalid_argument', `SQLite cannot take this value: ${err.message}`, {
      cause: err,
    });
  if (code === 'SQLITE_ERROR' && /^(fts5: |unterminated string$)/.test(err.message))
    return new StoreError('invalid_argument', `SQLite cannot read this search: ${err.message}`, {
      cause: err,
    });
  if (/^SQLITE_(CANTOPEN|IOERR|FULL|READONLY|NOTADB|CORRUPT|PERM|AUTH)/.test(code))
    return new StoreError('unavailable', `SQLite cannot use its file: ${err.message}`, { cause: err });
  return new StoreError('failed', `SQLite: ${err.message}`, { cause: err });
}
