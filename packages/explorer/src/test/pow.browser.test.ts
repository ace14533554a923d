// The explorer on a proof-of-work miner (`bigchaindb miner start`, here in process): every node
// serves it, and its federation page shows the network, the chain tip and the peers. Two miners
// at difficulty 1 that know each other; a message added with the seed's `PUT /add` on one is
// mined and reaches the other, whose page shows the first as a live peer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, runMiner, type RunningMiner } from '@bigchaindb-ts/server';
import { freePort, waitFor } from '@bigchaindb-ts/testing';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, shot, skipReason } from './harness.js';

const skip = skipReason();
let browser: Browser;
let page: Page;
const miners: RunningMiner[] = [];
const dir = mkdtempSync(join(tmpdir(), 'bigchaindb-explorer-pow-'));

describe('the explorer on a proof-of-work network', { skip }, () => {
  before(async () => {
    const ports = [await freePort(), await freePort()];
    for (const [i, port] of ports.entries()) {
      miners.push(
        await runMiner({
          chainPath: join(dir, `m${i}`, 'test.chain'),
          port,
          host: '127.0.0.1',
          difficulty: 1,
          network: 'explorer-test',
          neighbours: [`127.0.0.1:${ports[1 - i]!}`],
          forceNewChain: false,
          confirmations: 1,
          blockIntervalMs: 50,
          syncIntervalMs: 200,
          gossipIntervalMs: 200,
          requestTimeoutMs: 2000,
          logger: createLogger({ name: `miner-${i}`, level: 'silent' }),
        }),
      );
    }
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  });
  after(async () => {
    await browser?.close();
    for (const m of miners) await m.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the federation page shows the network, its tip and the other miner as a peer', async () => {
    const [a, b] = miners as [RunningMiner, RunningMiner];
    const res = await fetch(`${a.url}/add?message=${encodeURIComponent('seen in the explorer')}`, {
      method: 'PUT',
    });
    assert.equal(res.status, 200, await res.text());
    await waitFor('the message mined and on the other miner', () =>
      Promise.resolve(b.chain.tip().height >= 1 ? true : undefined),
    );
    await page.goto(`${b.url}/explorer/federation`);
    await page.locator('#pow-network').waitFor();
    const peer = page.locator('#peers tr.peer-row', { hasText: a.url });
    await peer.waitFor();
    assert.match(await peer.innerText(), /active/);
    const height = Number(
      await page
        .locator('div.field', { has: page.locator('dt', { hasText: 'Chain height' }) })
        .first()
        .locator('a')
        .innerText(),
    );
    assert.ok(height >= 1, `chain height ${height}`);
    await shot(page, 'pow-federation');
  });
});
