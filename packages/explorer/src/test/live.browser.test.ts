// Real processes: a node (`bigchaindb start`) and `bigchaindb ui --node <it>` on a port of its
// own, the page served by the second talking to the first. While the page is open the node is
// stopped: the page shows that it is reconnecting, and when the node is back the state clears and
// the blocks written meanwhile arrive, every height once, none missed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection, generateKeypair } from '@bigchaindb-ts/driver';
import { freePort, NodeProcess } from '@bigchaindb-ts/testing';
import type { Browser, Page } from 'playwright-core';
import { blockEventHeights, launchBrowser, listedHeights, postCreates, shot, skipReason } from './harness.js';

const skip = skipReason();
let node: NodeProcess;
let ui: ChildProcess | undefined;
let uiUrl: string;
let browser: Browser;
let page: Page;

function serverBin(): string {
  const manifest = fileURLToPath(import.meta.resolve('@bigchaindb-ts/server/package.json'));
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { bigchaindb: string } };
  return join(dirname(manifest), bin.bigchaindb);
}

/** `bigchaindb ui --port P --node URL`, resolved once it says where it listens. */
async function startUi(nodeUrl: string): Promise<string> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [serverBin(), 'ui', '--host', '127.0.0.1', '--port', String(port), '--node', nodeUrl],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  ui = child;
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bigchaindb ui did not start: ${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('/explorer/')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`bigchaindb ui exited ${code}: ${output}`)));
  });
  assert.match(output, new RegExp(`explorer of ${nodeUrl} at http://127\\.0\\.0\\.1:${port}/explorer/`));
  return `http://127.0.0.1:${port}`;
}

describe('the explorer of bigchaindb ui, live across a node restart', { skip }, () => {
  before(async () => {
    node = await NodeProcess.start();
    uiUrl = await startUi(node.url);
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    ui?.kill('SIGTERM');
    await node?.stop();
  });

  test('served on its own port for the node given; reconnects with its state shown; no block missed', async () => {
    const conn = new Connection(node.url);
    const alice = generateKeypair();
    await postCreates(conn, alice, 2, 'before');
    await page.goto(`${uiUrl}/explorer/`);
    await page.locator('#link-state', { hasText: 'Live' }).waitFor();
    assert.match(
      await page.locator('#node-switch').innerText(),
      new RegExp(node.url.replace(/^http:\/\//, '')),
    );
    const [top] = await listedHeights(page);
    assert.ok(top !== undefined && top >= 2);

    await node.stop();
    await page.locator('#link-state', { hasText: 'Reconnecting' }).waitFor();
    await shot(page, 'reconnecting');

    await node.launch();
    const written = await postCreates(conn, alice, 3, 'after');
    const last = (await conn.listBlocks(written[2]!.id))[0]!;
    await page.locator('#link-state', { hasText: 'Live' }).waitFor({ timeout: 60_000 });
    await page
      .locator(`#blocks tr.block-row[data-height="${last}"] .status-valid`)
      .waitFor({ timeout: 60_000 });

    // Every decided block above the one the page started from came on the stream, once, in order.
    const heights = await blockEventHeights(page);
    assert.ok(heights.length > 0);
    const first = heights[0]!;
    assert.deepEqual(
      heights,
      Array.from({ length: last - first + 1 }, (_, i) => first + i),
      'each height once, in order',
    );
    const listed = await listedHeights(page);
    for (let h = last; h > last - 5 && h >= 0; h--) assert.ok(listed.includes(h), `block ${h} listed`);
  });
});
