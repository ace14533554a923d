// `bigchaindb ui`: the explorer's pages on a port of their own, set to talk to the node given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startUi } from './ui.js';

const bin = fileURLToPath(new URL('../../bin/bigchaindb.js', import.meta.url));

test('serves the page for the node given, and sends / to /explorer/', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bigchaindb-ui-'));
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'index.html'), '<meta name="bigchaindb-node" content="" />');
  const app = await startUi({ host: '127.0.0.1', port: 0, node: 'https://node.example:9984', dir });
  try {
    const root = await app.inject({ url: '/' });
    assert.equal(root.statusCode, 302);
    assert.equal(root.headers.location, '/explorer/');
    const page = await app.inject({ url: '/explorer/transactions/abc' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /content="https:\/\/node\.example:9984"/);
    assert.equal((await app.inject({ url: '/api/v1' })).statusCode, 404, 'no API here: only the pages');
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a --node that is not an http(s) URL is refused before anything listens', () => {
  for (const node of ['ftp://x', 'not a url', 'http://x/?q=1']) {
    const run = spawnSync(process.execPath, [bin, 'ui', '--node', node, '--port', '0'], { encoding: 'utf8' });
    assert.equal(run.status, 1, node);
    assert.match(run.stderr, /--node/, node);
  }
});
