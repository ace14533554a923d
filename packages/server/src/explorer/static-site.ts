import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One file of the site, read once: its bytes, gzipped copy (text files) and validators. */
export interface SiteFile {
  readonly body: Buffer;
  readonly gzip: Buffer | undefined;
  readonly type: string;
  readonly etag: string;
  /** Named by its content hash (`static/app-3F2A9C1D.js`): cached for good. */
  readonly immutable: boolean;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function contentTypeOf(name: string): string {
  return contentTypes[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

const hashedName = /-[0-9A-Za-z]{8,}\.[a-z]+$/;

/**
 * Every regular file under `dir`, by its path relative to it (`/`-separated), read into memory.
 * The explorer is a handful of small files; holding them makes serving a map lookup, and a request
 * path can only ever name one of these keys, so no path can reach outside the directory (no `..`,
 * no symlink tricks, no encoded separators).
 */
export function loadSite(dir: string): Map<string, SiteFile> {
  const files = new Map<string, SiteFile>();
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) files.set(rel, siteFile(rel, readFileSync(join(dir, rel))));
    }
  };
  walk('');
  return files;
}

export function siteFile(name: string, body: Buffer): SiteFile {
  const type = contentTypeOf(name);
  const text = /^(text\/|application\/(json|manifest)|image\/svg)/.test(type);
  return {
    body,
    gzip: text && body.length > 512 ? gzipSync(body, { level: 9 }) : undefined,
    type,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    immutable: hashedName.test(name),
  };
}

/** Whether `dir` exists and is a directory. */
export function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
