// The explorer in Debian's Chromium against a real node (in-process, on a free port): the home
// page lists blocks newest first and grows live while transactions are posted; every page is
// reached by clicking through and by its URL; the search box takes each kind of input; the
// add-data form posts and shows the node's answer; unknown pages and ids say so in plain words.
// A screenshot of each page goes to packages/explorer/screenshots/ (not committed).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  generateKeypair,
  makeEscrowOutput,
  makeHashLockOutput,
  makeThresholdOutput,
  makeTimeoutOutput,
  makeWeightedOutput,
  transaction,
  type SignedTransaction,
} from '@bigchaindb-ts/driver';
import type { Browser, Page } from 'playwright-core';
import {
  eventCount,
  launchBrowser,
  listedHeights,
  postCreates,
  shot,
  skipReason,
  startNode,
  type TestNode,
} from './harness.js';

const skip = skipReason();
let browser: Browser;
let node: TestNode;
let page: Page;
const alice = generateKeypair();
const bob = generateKeypair();
let created: SignedTransaction[] = [];
let transfer: SignedTransaction;

const go = (path: string) => page.goto(`${node.url}/explorer${path}`);
const h1 = () => page.locator('h1').first().innerText();

describe('the explorer in a browser', { skip }, () => {
  before(async () => {
    node = await startNode();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    created = await postCreates(node.conn, alice, 2, 'first');
    transfer = transaction.transfer({
      spend: { tx: created[0]!, outputIndex: 0 },
      to: bob.publicKey,
      signers: alice,
    });
    await node.conn.postTransactionCommit(transfer);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  test('home: blocks newest first, growing live as transactions are posted', async () => {
    await go('/');
    await page.locator('#blocks tr.block-row').first().waitFor();
    await page.locator('#link-state', { hasText: 'Live' }).waitFor();
    const before = await listedHeights(page);
    assert.ok(before.length >= 2, `rows: ${before.join(',')}`);
    assert.deepEqual(
      before,
      [...before].sort((a, b) => b - a),
      'newest first',
    );
    const eventsBefore = await eventCount(page);
    const more = await postCreates(node.conn, alice, 3, 'live');
    const top = (await node.conn.listBlocks(more[2]!.id))[0]!;
    await page.locator(`#blocks tr.block-row[data-height="${top}"]`).waitFor();
    const after = await listedHeights(page);
    assert.ok(after.length > before.length, `grew from ${before.length} to ${after.length}`);
    assert.deepEqual(
      after,
      [...after].sort((a, b) => b - a),
      'still newest first',
    );
    await page.locator(`#blocks tr.block-row[data-height="${top}"] .status-valid`).waitFor();
    const eventsAfter = await eventCount(page);
    assert.ok(eventsAfter > eventsBefore, 'block events arrived on the stream');
    await shot(page, 'home');
  });

  test('an open transaction page learns, without reloading, that its output was spent', async () => {
    const tx = (await postCreates(node.conn, alice, 1, 'to-spend'))[0]!;
    await go(`/transactions/${tx.id}`);
    await page.locator('#output-0 .unspent').waitFor();
    const spend = transaction.transfer({ spend: { tx, outputIndex: 0 }, to: bob.publicKey, signers: alice });
    await node.conn.postTransactionCommit(spend);
    await page.locator('#output-0 .spent', { hasText: spend.id.slice(0, 10) }).waitFor();
  });

  test('click through: block, transaction, owner, asset, federation', async () => {
    const height = (await node.conn.listBlocks(transfer.id))[0]!;
    await go('/');
    await page.locator(`#blocks tr.block-row[data-height="${height}"] td a`).first().click();
    await page.waitForURL(`**/explorer/blocks/${height}`);
    // Waited for, not read at once: under load the page may still be drawing when the URL changes.
    await page.locator('main h1', { hasText: `Block ${height}` }).waitFor();
    assert.equal(await h1(), `Block ${height}`);
    await page.locator('#votes tr.vote-row .status-valid').first().waitFor();
    await shot(page, 'block');

    await page.locator('#transactions a', { hasText: transfer.id.slice(0, 10) }).click();
    await page.waitForURL(`**/explorer/transactions/${transfer.id}`);
    await page.locator('#tx-status .status-valid').waitFor();
    assert.match(await page.locator('ol.inputs').innerText(), /spends output 0 of/);
    await shot(page, 'transaction');

    // The input links to the output it spends, which says who spent it.
    await page.locator('ol.inputs a').first().click();
    await page.waitForURL(`**/explorer/transactions/${created[0]!.id}#output-0`);
    await page.locator('#output-0 .spent', { hasText: transfer.id.slice(0, 10) }).waitFor();

    await page
      .locator('#output-0 a', { hasText: alice.publicKey.slice(0, 8) })
      .first()
      .click();
    await page.waitForURL(`**/explorer/owners/${alice.publicKey}`);
    await page.locator('.outputs-unspent tr.output-row').first().waitFor();
    await page.locator('.outputs-spent tr.output-row').first().waitFor();
    await shot(page, 'owner');

    await go(`/transactions/${transfer.id}`);
    await page.locator('dd a', { hasText: created[0]!.id.slice(0, 16) }).click();
    await page.waitForURL(`**/explorer/assets/${created[0]!.id}`);
    await page.locator('#asset-history tr.tx-row').nth(1).waitFor();
    assert.equal(await page.locator('#asset-history tr.tx-row').count(), 2, 'the CREATE and the TRANSFER');
    await shot(page, 'asset');

    await page.locator('header nav a', { hasText: 'Federation' }).click();
    await page.waitForURL('**/explorer/federation');
    await page.locator('#members tr.member-row .status-up').waitFor();
    await shot(page, 'federation');
  });

  test('every page by its URL', async () => {
    const height = (await node.conn.listBlocks(transfer.id))[0]!;
    const block = await node.conn.getBlock(height);
    const pages: [string, RegExp][] = [
      ['/', /Latest blocks/],
      [`/blocks/${height}`, new RegExp(`Block ${height}`)],
      [`/blocks/${block.id!}`, new RegExp(`Block ${height}`)],
      [`/transactions/${transfer.id}`, /Transaction/],
      [`/owners/${bob.publicKey}`, /Owner/],
      [`/assets/${created[1]!.id}`, /Asset/],
      ['/federation', /Federation/],
      ['/add', /Add data/],
    ];
    for (const [path, want] of pages) {
      await go(path);
      await page
        .locator('main h1', { hasText: want })
        .first()
        .waitFor()
        .catch(async (err: Error) => {
          await shot(page, 'failed');
          throw new Error(`${path}: ${err.message}`);
        });
      assert.match(await h1(), want, path);
      await page.locator('.loading').waitFor({ state: 'detached' });
      assert.equal(await page.locator('.error').count(), 0, `${path}: no error`);
    }
    await page.setViewportSize({ width: 375, height: 800 });
    await go('/');
    await page.locator('#blocks tr.block-row').first().waitFor();
    await shot(page, 'home-phone');
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  test('search: height, transaction id, block id, public key, asset id, words, unknown', async () => {
    const height = (await node.conn.listBlocks(transfer.id))[0]!;
    const block = await node.conn.getBlock(height);
    const search = async (q: string) => {
      await go('/');
      await page.locator('#blocks tr.block-row').first().waitFor();
      // The keyboard way in: "/" focuses the box.
      await page.keyboard.press('/');
      await page.keyboard.type(q);
      await page.keyboard.press('Enter');
    };
    await search(String(height));
    await page.waitForURL(`**/explorer/blocks/${height}`);
    await search(transfer.id);
    await page.waitForURL(`**/explorer/transactions/${transfer.id}`);
    await search(block.id!.toUpperCase());
    await page.waitForURL(`**/explorer/blocks/${block.id!}`);
    await search(bob.publicKey);
    await page.waitForURL(`**/explorer/owners/${bob.publicKey}`);
    await search(created[1]!.id);
    await page.waitForURL(`**/explorer/transactions/${created[1]!.id}`);
    await search('first');
    await page.locator('#search-results a', { hasText: created[0]!.id.slice(0, 10) }).waitFor();
    await shot(page, 'search');
    await search('f'.repeat(64));
    await page.locator('#search-nothing').waitFor();
    await search('no-such-words-anywhere');
    await page.locator('#search-nothing').waitFor();
  });

  test('add data: a message signed in the page, a pasted transaction, and a refusal with its code', async () => {
    await go('/add');
    await page.fill('#message', 'hello from the explorer');
    await page.click('#message-form button[type=submit]');
    await page.locator('#answer-status', { hasText: '202' }).waitFor();
    assert.match(await page.locator('#answer').innerText(), /x-transaction-status: valid/);
    await shot(page, 'add');
    const found = await node.conn.searchAssets('"hello from the explorer"');
    assert.equal(found.length, 1);

    const signed = transaction.create({ issuers: bob, asset: { pasted: true } });
    await page.fill('#pasted', JSON.stringify(signed));
    await page.click('#paste-form button[type=submit]');
    await page.locator('#answer-status', { hasText: '202' }).waitFor();
    // The same one again is decided valid already: the node refuses it, and says why.
    await page.click('#paste-form button[type=submit]');
    await page.locator('#answer-status', { hasText: '400' }).waitFor();
    assert.match(await page.locator('#answer').innerText(), /DuplicateTransaction/);
    await page.fill('#pasted', '{not json');
    await page.click('#paste-form button[type=submit]');
    await page.locator('#add-problem').waitFor();
  });

  test('conditions in words: m-of-n, weighted, hash-lock, timeout, escrow', async () => {
    const carol = generateKeypair();
    const keys = [alice.publicKey, bob.publicKey, carol.publicKey];
    const expiry = Date.now() + 3_600_000;
    const tx = transaction.create({
      issuers: alice,
      asset: { kind: 'conditions' },
      outputs: [
        makeThresholdOutput(2, keys),
        makeWeightedOutput(3, [
          { owner: alice.publicKey, weight: 2 },
          { owner: bob.publicKey, weight: 1 },
          { owner: carol.publicKey, weight: 1 },
        ]),
        makeHashLockOutput('open sesame'),
        makeTimeoutOutput(expiry),
        makeEscrowOutput({
          executePublicKey: bob.publicKey,
          abortPublicKey: alice.publicKey,
          expireTimeMs: expiry,
        }),
      ],
    });
    await node.conn.postTransactionCommit(tx);
    await go(`/transactions/${tx.id}`);
    await page.locator('#output-4').waitFor();
    const text = (i: number) => page.locator(`#output-${i}`).innerText();
    assert.match(await text(0), /2 of 3/);
    assert.match(await text(1), /weight 3 of 4/);
    assert.match(await text(1), /weight 2:/);
    assert.match(await text(2), /hash-lock/);
    assert.match(await text(3), /timeout: holds until .* \(still ahead\)/);
    assert.match(await text(4), /Escrow/);
    assert.match(await text(4), new RegExp(`${bob.publicKey.slice(0, 8)}.* may spend it until`));
    await shot(page, 'conditions');
  });

  test('not found: an unknown page, transaction and block, in plain words with the node code', async () => {
    const res = await go('/no-such-page');
    assert.equal(res?.status(), 404);
    await page.locator('#not-found').waitFor();
    await shot(page, 'not-found');
    await go(`/transactions/${'e'.repeat(64)}`);
    await page.locator('.error', { hasText: 'NotFound' }).waitFor();
    await shot(page, 'error');
    await go('/blocks/999999');
    await page.locator('.error', { hasText: 'Not found' }).waitFor();
    assert.equal(await page.locator('text=/at [a-zA-Z]+ \\(/').count(), 0, 'no stack trace');
  });

  test('older blocks: the home page lists the newest 20, and the button adds the ones below, each once', async () => {
    // Enough blocks (one a commit) that the first screen cannot hold them all.
    let top = (await node.conn.listBlocks((await postCreates(node.conn, alice, 1, 'older'))[0]!.id))[0]!;
    while (top < 45) {
      const [tx] = await postCreates(node.conn, alice, 1, 'older');
      top = (await node.conn.listBlocks(tx!.id))[0]!;
    }
    await go('/');
    await page.locator(`#blocks tr.block-row[data-height="${top}"]`).waitFor();
    await page.locator(`#blocks tr.block-row[data-height="${top - 19}"]`).waitFor();
    const first = await listedHeights(page);
    assert.equal(Math.min(...first), top - 19, `first screen: ${first.join(',')}`);
    const button = page.getByRole('button', { name: 'Older blocks' });
    await button.click();
    await page.locator(`#blocks tr.block-row[data-height="${top - 39}"]`).waitFor();
    const more = await listedHeights(page);
    const expected = Array.from({ length: 40 }, (_, i) => top - i);
    assert.deepEqual(more.slice(0, 40), expected, 'newest first, no gap, none twice');
    assert.equal(new Set(more).size, more.length, 'each height once');
    await shot(page, 'older-blocks');
  });
});
