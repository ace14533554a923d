// What the browser tests run against: a real node in-process (SQLite file, its HTTP API and
// streams on a free port, the explorer served at /explorer/), Debian's Chromium driven by
// playwright-core, and a folder for the screenshots a person can look at afterwards.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Connection,
  generateKeypair,
  transaction,
  type Keypair,
  type SignedTransaction,
} from '@bigchaindb-ts/driver';
import {
  buildApp,
  buildConfig,
  createLogger,
  createNode,
  explorerRoutes,
  initNode,
  loadNodeRules,
  openNodeStore,
  spoolRoutes,
} from '@bigchaindb-ts/server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { explorerFilesDir } from '../index.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined. Under CI=true they never skip. */
export function skipReason(): string | undefined {
  if (!existsSync(join(explorerFilesDir, 'index.html')))
    return `the explorer is not built (${explorerFilesDir})`;
  if (existsSync(chromiumPath)) return undefined;
  const why = `no Chromium at ${chromiumPath} (apt-get install chromium)`;
  if (process.env.CI === 'true') throw new Error(`CI: ${why}`);
  return why;
}

export const screenshotsDir = fileURLToPath(new URL('../../screenshots/', import.meta.url));

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
}

export interface TestNode {
  readonly url: string;
  readonly conn: Connection;
  readonly publicKey: string;
  /** The node's own keys: a SPOOL registrar by default (the federation's keys). */
  readonly keypair: Keypair;
  close(): Promise<void>;
}

/** A node as `bigchaindb start` runs it, in this process, listening on a free port. */
export async function startNode(): Promise<TestNode> {
  const home = mkdtempSync(join(tmpdir(), 'bigchaindb-explorer-'));
  const me = generateKeypair();
  const configPath = join(home, '.bigchaindb');
  const { config } = buildConfig({
    env: {},
    configPath,
    fileText: JSON.stringify({
      keypair: { public: me.publicKey, private: me.privateKey },
      database: { backend: 'sqlite', path: join(home, 'bigchain.sqlite') },
      server: { threads: 1, bind: '127.0.0.1:0' },
      statsd: { host: '' },
    }),
    cwd: home,
  });
  // As `bigchaindb start` does: the rules first (the built-in SPOOL plugin's ledger indexes are
  // the store's to keep), then the store, then the node.
  const rules = await loadNodeRules(config, { configPath });
  const store = await openNodeStore(config, { indexes: rules.indexes });
  await initNode(config, store);
  const node = await createNode(config, store, createLogger({ name: 'explorer-test', level: 'silent' }), {
    configPath,
    rules,
  });
  await node.start();
  const app = buildApp({
    node,
    bodySizeBytesMax: config.limits.bodySizeBytesMax,
    routeModules: [explorerRoutes(), spoolRoutes({ registrars: config.spool.registrars })],
    streamPollIntervalMs: 100,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    conn: new Connection(url),
    publicKey: me.publicKey,
    keypair: me,
    close: async () => {
      await app.close();
      await node.stop();
      await store.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Posts `n` CREATEs by `owner` (each its own asset), waiting for each to be valid. */
export async function postCreates(
  conn: Connection,
  owner: Keypair,
  n: number,
  tag = 'explorer',
): Promise<SignedTransaction[]> {
  const out: SignedTransaction[] = [];
  for (let i = 0; i < n; i++) {
    const tx = transaction.create({ issuers: owner, asset: { tag, n: i, nonce: Math.random() } });
    await conn.postTransactionCommit(tx);
    out.push(tx);
  }
  return out;
}

/** The heights of the block rows on the home page, top to bottom. */
export async function listedHeights(page: Page): Promise<number[]> {
  return page.$$eval('#blocks tr.block-row', (rows) =>
    rows.map((r) => Number(r.getAttribute('data-height'))),
  );
}

/** How many block events the page has received on its stream (the app keeps them for this). */
export async function eventCount(page: Page): Promise<number> {
  return (await blockEventHeights(page)).length;
}

/** The heights of the block events the page received, in arrival order. */
export async function blockEventHeights(page: Page): Promise<number[]> {
  return page.evaluate<number[]>('(window.__explorerEvents || []).map((e) => e.height)');
}
