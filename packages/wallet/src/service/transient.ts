import { DriverError } from '@bigchaindb-ts/driver';
import { isWalletError } from '../errors.js';

/**
 * Errors a later run of the same job may not meet: the node unreachable or answering oddly, the
 * database busy, unreachable or in conflict. Everything else (a TypeError, a failed assertion)
 * is a bug, and the subsystem that met it is dead.
 */
export function isTransient(err: unknown): boolean {
  if (err instanceof DriverError) return true;
  if (isWalletError(err, 'CannotResolveDatabaseConflict')) return true;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (/^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN)/.test(code)) return true;
    if (/^(08|40|53|57P)/.test(code)) return true;
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH)$/.test(code))
      return true;
  }
  return (
    err instanceof Error && /Connection terminated|timeout exceeded when trying to connect/.test(err.message)
  );
}
