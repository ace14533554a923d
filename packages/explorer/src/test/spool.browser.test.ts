// The SPOOL pages in Debian's Chromium against a real node (in-process, the SPOOL rules and reads
// built in): a piece registered, its editions fixed, edition 1 registered, sold and consigned
// through the library; the search box takes the file hash to the piece; the piece lists its
// editions with their holders; an edition shows its holder, consignor and chain of custody in
// ledger order; an unknown file hash says so.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/driver';
import { fileHash, SpoolClient } from '@bigchaindb-ts/spool';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, shot, skipReason, startNode, type TestNode } from './harness.js';

const skip = skipReason();
let browser: Browser;
let node: TestNode;
let page: Page;
const artist = generateKeypair();
const buyer = generateKeypair();
const gallery = generateKeypair();
const hash = fileHash(new TextEncoder().encode(`a painting ${Math.random()}`));
let pieceId: string;

const go = (path: string) => page.goto(`${node.url}/explorer${path}`);
/** The text of a `dl.fields` entry, by its label. */
const field = (label: string) =>
  page
    .locator('div.field', { has: page.locator('dt', { hasText: label }) })
    .locator('dd')
    .innerText();

describe('the SPOOL pages in a browser', { skip }, () => {
  before(async () => {
    node = await startNode();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    // The node's own key is a registrar: with no `spool.registrars`, the federation's keys are.
    const spool = new SpoolClient(node.conn);
    const registrar = node.keypair;
    const piece = await spool.registerPiece({
      registrar,
      artist: artist.publicKey,
      fileHash: hash,
      fields: { title: 'Sunflowers' },
    });
    pieceId = piece.tx.id;
    await spool.setEditions({ registrar, pieceId, numEditions: 3 });
    await spool.registerEdition({ registrar, pieceId, edition: 1, owner: artist.publicKey });
    await spool.transfer({ pieceId, edition: 1, holder: artist, to: buyer.publicKey });
    await spool.consign({ pieceId, edition: 1, holder: buyer, to: gallery.publicKey });
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  test('the file hash searched, the piece with its editions, an edition with its chain of custody', async () => {
    await go('/');
    await page.locator('#blocks tr.block-row').first().waitFor();
    await page.keyboard.press('/');
    await page.keyboard.type(hash);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/explorer/spool/pieces/${pieceId}`);
    await page.locator('main h1', { hasText: 'Piece' }).waitFor();
    const editions = page.getByRole('region', { name: 'Editions' }).locator('tbody tr');
    await editions.nth(1).waitFor();
    assert.equal(await editions.count(), 2, 'the master and edition 1');
    assert.match(await editions.nth(0).innerText(), /0 \(master\)/);
    assert.equal(await field('Editions'), '3');
    // Edition 1's holder is the gallery it is consigned to.
    assert.match(await editions.nth(1).innerText(), new RegExp(gallery.publicKey.slice(0, 8)));
    await shot(page, 'spool-piece');

    await editions.nth(1).locator('a', { hasText: '1' }).first().click();
    await page.waitForURL(`**/explorer/spool/pieces/${pieceId}/editions/1`);
    const custody = page.getByRole('region', { name: 'Chain of custody' }).locator('tbody tr');
    await custody.nth(2).waitFor();
    const steps = await custody.allInnerTexts();
    assert.deepEqual(
      steps.map((row) => row.split('\t')[0]!.trim()),
      ['REGISTER', 'TRANSFER', 'CONSIGN'],
      steps.join('\n'),
    );
    assert.match(
      steps[1]!,
      new RegExp(`${artist.publicKey.slice(0, 8)}[\\s\\S]*${buyer.publicKey.slice(0, 8)}`),
    );
    assert.match(await field('Holder'), new RegExp(gallery.publicKey.slice(0, 8)));
    assert.match(await field('Consignor'), new RegExp(buyer.publicKey.slice(0, 8)));
    await shot(page, 'spool-edition');

    // The holder's key links to its owner page.
    await page
      .locator('div.field', { has: page.locator('dt', { hasText: 'Holder' }) })
      .locator('a')
      .click();
    await page.waitForURL(`**/explorer/owners/${gallery.publicKey}`);
  });

  test('a file page by its URL, and a file hash no piece has', async () => {
    await go(`/spool/files/${hash}`);
    await page.locator('main a', { hasText: pieceId.slice(0, 16) }).waitFor();
    await go(`/spool/files/${'0'.repeat(64)}`);
    await page.locator('.notice', { hasText: 'No piece is registered for this file hash' }).waitFor();
  });
});
