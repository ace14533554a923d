import { InvalidArgumentError, type Command } from 'commander';
import Fastify, { type FastifyInstance } from 'fastify';
import { explorerPrefix, registerExplorerFiles } from '../explorer/index.js';
import { integerAtLeast } from './parse-arguments.js';

export const uiPortDefault = 9990;
export const uiNodeDefault = 'http://localhost:9984';

export interface UiOptions {
  readonly port: number;
  readonly host: string;
  /** The node the page talks to (its origin or API root); the page can switch to another. */
  readonly node: string;
  /** The built explorer; default: the `@bigchaindb-ts/explorer` package's. */
  readonly dir?: string;
}

/**
 * The seed's `blockchain ui`, over any node: a small web server of the explorer's pages (no node,
 * no store, no config file), set to talk to `node`. The seed's web UI was hard-wired to one
 * miner's address and shared its port; this one takes the node as an option, listens on its own
 * port, and the page itself can be pointed at another node.
 */
export async function startUi(options: UiOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true } });
  registerExplorerFiles(app, {
    nodeUrl: options.node,
    ...(options.dir === undefined ? {} : { dir: options.dir }),
  });
  app.get('/', async (_req, reply) => reply.redirect(`${explorerPrefix}/`, 302));
  await app.listen({ host: options.host, port: options.port });
  return app;
}

/** `bigchaindb ui`: registered by `program.ts` with one call. */
export function defineUiCommand(program: Command): void {
  program
    .command('ui')
    .description("serve the explorer (a web UI over any node's HTTP API) on its own port")
    .option('--port <n>', 'port to listen on', integerAtLeast(0), uiPortDefault)
    .option('--host <host>', 'address to listen on', 'localhost')
    .option('--node <url>', "the node's URL (origin or API root)", nodeUrl, uiNodeDefault)
    .addHelpText(
      'after',
      `
Serves the explorer's pages at http://<host>:<port>/explorer/, talking to --node over its public
HTTP API and event streams (the node answers every origin: CORS is on). Any node works, local or
remote; the page can be pointed at another one. Every node also serves the same pages itself at
/explorer/ on its API port unless explorer.enabled is false. Stops on SIGINT or SIGTERM.`,
    )
    .action(async (options: { port: number; host: string; node: string }) => {
      const app = await startUi(options);
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      process.stdout.write(`explorer of ${options.node} at http://${host}:${port}${explorerPrefix}/\n`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      process.stdout.write(`${signal}: stopping\n`);
      await app.close();
    });
}

/** Commander parser for `--node`: an http(s) URL without query or fragment. */
function nodeUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError('must be an http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError('must be an http:// or https:// URL');
  if (url.search !== '' || url.hash !== '') throw new InvalidArgumentError('must have no query or fragment');
  return text.replace(/\/+$/, '');
}
