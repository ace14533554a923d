import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/** The `.hash` file beside a chain file: `<stem>.hash`. */
export function hashPathOf(chainPath: string): string {
  const ext = extname(chainPath);
  return join(dirname(chainPath), `${basename(chainPath, ext)}.hash`);
}

/** A filesystem-safe local timestamp for backup names (the seed's had colons). */
export function backupStamp(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}_` +
    `${p(date.getHours())}-${p(date.getMinutes())}-${p(date.getSeconds())}-${p(date.getMilliseconds(), 3)}`
  );
}

/**
 * Writes the chain file only when its content changed (the seed's backup job): the SHA-256 hex of
 * the new text is compared with the `.hash` file; when it differs the old chain file is renamed to
 * `<stem>_<timestamp><ext>`, the new one written, then the hash. Returns whether it wrote.
 */
export function saveChainFile(chainPath: string, text: string, now = new Date()): boolean {
  const hash = createHash('sha256').update(text).digest('hex');
  const hashPath = hashPathOf(chainPath);
  if (existsSync(hashPath) && existsSync(chainPath) && readFileSync(hashPath, 'utf8').trim() === hash)
    return false;
  mkdirSync(dirname(chainPath), { recursive: true });
  if (existsSync(chainPath)) {
    const ext = extname(chainPath);
    const stem = join(dirname(chainPath), basename(chainPath, ext));
    let backup = `${stem}_${backupStamp(now)}${ext}`;
    for (let i = 1; existsSync(backup); i++) backup = `${stem}_${backupStamp(now)}-${i}${ext}`;
    renameSync(chainPath, backup);
  }
  // Written beside and renamed into place, so a kill never leaves half a chain file.
  writeFileSync(`${chainPath}.tmp`, text);
  renameSync(`${chainPath}.tmp`, chainPath);
  writeFileSync(hashPath, hash + '\n');
  return true;
}
