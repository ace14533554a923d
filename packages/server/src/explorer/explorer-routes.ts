import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { documented, type RouteModule } from '../http/index.js';
import { isDirectory, loadSite, siteFile, type SiteFile } from './static-site.js';

/** Where the explorer is served on a port: its pages are client-side routes below it. */
export const explorerPrefix = '/explorer';

/**
 * The first path segments the explorer's pages use (`/explorer/blocks/12`, ...). Any other
 * non-file path still gets the page (so the app can say "not found" in its own words), with 404.
 */
const pageSections = new Set([
  '',
  'blocks',
  'transactions',
  'owners',
  'assets',
  'federation',
  'add',
  'search',
  'spool',
  'node',
]);

/** The marker in the built `index.html` that carries the node the page talks to. */
export const nodeMetaMarker = '<meta name="bigchaindb-node" content="" />';

export interface ExplorerFilesOptions {
  /** The built explorer (`index.html`, `static/`). Default: the `@bigchaindb-ts/explorer` package's. */
  readonly dir?: string;
  /**
   * The node the page talks to when the user has not chosen one: empty (the default) means the
   * origin the page came from, as on a node's own port; `bigchaindb ui --node URL` sets it.
   */
  readonly nodeUrl?: string;
}

/** The built explorer's directory, found through the package as Node resolves it from here. */
export function explorerFilesDir(): string | undefined {
  try {
    const manifest = fileURLToPath(import.meta.resolve('@bigchaindb-ts/explorer/package.json'));
    return join(dirname(manifest), 'dist', 'public');
  } catch {
    return undefined;
  }
}

// Scripts only from this origin, no inline script, no plugins, never framed; the page may call
// any node the user names (http(s) and its WebSocket streams).
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  'connect-src * http: https: ws: wss:',
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const notBuilt = `<!doctype html><meta charset="utf-8"><title>Explorer not built</title>
<h1>The explorer is not built here</h1>
<p>This node serves the explorer from the <code>@bigchaindb-ts/explorer</code> package's built files, and
found none. Run <code>npm run build</code> in the repository (or <code>npm install</code>, which builds),
then restart the node.</p>`;

/**
 * Serves the explorer's files under `/explorer/`: a file by its exact path, `index.html` (with the
 * node URL filled in) for every page path, so a shared URL such as `/explorer/transactions/<id>`
 * opens the app on that page. Files are read once, at registration; the page is a single-page
 * app, and everything it shows comes from the public API.
 */
export function registerExplorerFiles(app: FastifyInstance, options: ExplorerFilesOptions = {}): void {
  const dir = options.dir ?? explorerFilesDir();
  const files = dir !== undefined && isDirectory(dir) ? loadSite(dir) : new Map<string, SiteFile>();
  const template = files.get('index.html');
  const index =
    template === undefined
      ? undefined
      : siteFile(
          'index.html',
          Buffer.from(
            template.body
              .toString('utf8')
              .replace(
                nodeMetaMarker,
                `<meta name="bigchaindb-node" content="${escapeAttribute(options.nodeUrl ?? '')}" />`,
              ),
          ),
        );
  if (index === undefined) {
    app.log.warn(`explorer: no built files in ${dir ?? '(package not found)'}; run npm run build`);
  }

  const send = (req: FastifyRequest, reply: FastifyReply, file: SiteFile, status = 200) => {
    reply
      .code(status)
      .header('content-type', file.type)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('etag', file.etag)
      .header('vary', 'Accept-Encoding');
    if (file.type.startsWith('text/html')) {
      reply.header('content-security-policy', contentSecurityPolicy).header('referrer-policy', 'no-referrer');
    }
    if (status === 200 && req.headers['if-none-match'] === file.etag) return reply.code(304).send();
    const accepts = String(req.headers['accept-encoding'] ?? '');
    if (file.gzip !== undefined && /\bgzip\b/.test(accepts)) {
      return reply.header('content-encoding', 'gzip').send(file.gzip);
    }
    return reply.send(file.body);
  };

  const hidden = documented({ hide: true });
  app.get(explorerPrefix, { schema: hidden }, async (req, reply) => {
    // `/explorer` and `/explorer/` are one route (trailing slashes are optional on this server);
    // the page's links are absolute, so it works at either, but `/explorer/` is its address.
    const [path = '', query] = req.url.split('?', 2);
    if (path === explorerPrefix) return reply.redirect(`${explorerPrefix}/${query ? `?${query}` : ''}`, 302);
    if (index === undefined) return reply.code(503).type('text/html; charset=utf-8').send(notBuilt);
    return send(req, reply, index);
  });
  app.get<{ Params: { '*': string } }>(`${explorerPrefix}/*`, { schema: hidden }, async (req, reply) => {
    const path = req.params['*'];
    // The page's own files are under static/ (asset pages are `assets/{id}`, a page path).
    const file = files.get(path);
    if (file !== undefined && path !== 'index.html') return send(req, reply, file);
    if (path.startsWith('static/')) {
      return reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .send(`no such file: ${explorerPrefix}/${path}\n`);
    }
    if (index === undefined) return reply.code(503).type('text/html; charset=utf-8').send(notBuilt);
    const section = path.split('/')[0] ?? '';
    return send(req, reply, index, pageSections.has(section) ? 200 : 404);
  });
}

/** The explorer as a route module of a node (`explorer.enabled`): its pages at `/explorer/`. */
export function explorerRoutes(options: ExplorerFilesOptions = {}): RouteModule {
  return {
    name: 'explorer',
    register: (app) => registerExplorerFiles(app, options),
  };
}

function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
