import { StoreError } from '../errors.js';

/** SQLSTATEs after which running the whole transaction again is the documented remedy. */
export function isRetryable(err: unknown): boolean {
  const code = sqlState(err);
  return code === '40P01' || code === '40001';
}

/**
 * Translates what `pg` throws into `StoreError`, at the edge, so no SQLSTATE (`23505`, …) reaches
 * the pipelines. `StoreError`s and assertion failures (which must crash) pass through.
 */
export function translatePgError(err: unknown): unknown {
  if (err instanceof StoreError || !(err instanceof Error) || err.name === 'AssertionError') return err;
  const code = sqlState(err) ?? '';
  const message = `PostgreSQL: ${err.message}`;
  if (code === '23505') return new StoreError('conflict', message, { cause: err });
  // Data exceptions (class 22: U+0000 in text (22021), untranslatable characters (22P05), values
  // too long (22001), bad casts, regexes or escapes) and program limits (class 54: a tsquery or an
  // index row too big) are caused by the values sent, not by the database's state: no retry helps.
  // The API answers them with a 400; routes check their parameters first, so this is the net
  // under those checks, keeping any input the checks miss from turning into a 500.
  if (/^(22|54)/.test(code))
    return new StoreError('invalid_argument', `the database cannot take this value: ${message}`, {
      cause: err,
    });
  if (/^(40|53|55P03)/.test(code)) return new StoreError('busy', message, { cause: err });
  if (/^(08|28|3D000|57P0)/.test(code)) return new StoreError('unavailable', message, { cause: err });
  if (/^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EPIPE|EHOSTUNREACH|EAI_AGAIN)$/.test(code))
    return new StoreError('unavailable', message, { cause: err });
  // pg reports a lost socket, an exhausted pool wait or a closed pool with these messages and no code.
  if (
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/.test(
      err.message,
    )
  )
    return new StoreError('unavailable', message, { cause: err });
  return new StoreError('failed', message, { cause: err });
}

function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
