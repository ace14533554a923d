// The node a page reads can be changed from the page itself (and by `?node=` in its address):
// the explorer served by one node shows another node's chain, and goes back to its own.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, skipReason, startNode, type TestNode } from './harness.js';

const skip = skipReason();
let browser: Browser;
let page: Page;
let home: TestNode;
let other: TestNode;

/** The maker of the genesis block on the home page: whose chain the page shows. */
async function genesisMaker(): Promise<string | null> {
  const row = page.locator('#blocks tr.block-row[data-height="0"]');
  await row.waitFor();
  return row.locator('.hash').nth(1).getAttribute('data-full');
}

describe('changing the node from the page', { skip }, () => {
  before(async () => {
    [home, other] = await Promise.all([startNode(), startNode()]);
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await Promise.all([home?.close(), other?.close()]);
  });

  test('the footer form switches to another node; "Default" comes back; ?node= does the same', async () => {
    await page.goto(`${home.url}/explorer/`);
    assert.equal(await genesisMaker(), home.publicKey);

    await page.click('#node-switch');
    await page.fill('#node-url', 'not a url');
    assert.equal(await page.locator('.node-form button[type=submit]').isDisabled(), true);
    await page.fill('#node-url', other.url);
    await page.click('.node-form button[type=submit]');
    await page.locator('#node-switch', { hasText: other.url.replace('http://', '') }).waitFor();
    assert.equal(await genesisMaker(), other.publicKey);
    await page.locator('#link-state', { hasText: 'Live' }).waitFor();

    await page.click('#node-switch');
    await page.click('.node-form button:has-text("Default")');
    await page.locator('#node-switch', { hasText: home.url.replace('http://', '') }).waitFor();
    assert.equal(await genesisMaker(), home.publicKey);

    await page.goto(`${home.url}/explorer/federation?node=${encodeURIComponent(other.url)}`);
    await page.locator('#members tr.member-row').first().waitFor();
    assert.match(await page.locator('#members').innerText(), new RegExp(other.publicKey.slice(0, 12)));
  });
});
