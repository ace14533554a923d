// The seed's status server pages, on loopback, with the X-Status-Server-Location prefix.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildWalletConfig } from '../config/index.js';
import { silentLogger } from '../log/index.js';
import { WalletService } from '../service/index.js';
import { startStatusServer } from './status-server.js';

const dir = mkdtempSync(join(tmpdir(), 'wallet-status-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('main, accounts, addresses, transactions, wallets and network transactions pages; 404 elsewhere', async () => {
  const config = buildWalletConfig(
    {
      database: { url: 'sqlite:///w.db' },
      coins: { tok: { asset_id: 'ab'.repeat(32), backend: { urls: ['http://127.0.0.1:1'] } } },
      keystore: { passphrase: 'p' },
    },
    dir,
    {},
  );
  const service = await WalletService.open(config, { log: silentLogger });
  await service.book.transaction(async (b) => {
    const w = await b.getOrCreateWalletByName('shop <&>', 'tok');
    await b.createReceivingAddress((await b.createAccount(w.id, 'alice')).id);
  });
  const status = await startStatusServer(service, '127.0.0.1', 0);
  service.addServer(status);
  const base = `http://127.0.0.1:${(status.server.address() as AddressInfo).port}`;
  try {
    for (const path of [
      '/',
      '/accounts',
      '/addresses',
      '/transactions',
      '/wallets',
      '/network_transactions',
    ]) {
      const res = await fetch(base + path, { headers: { 'x-status-server-location': '/wallet-status' } });
      assert.equal(res.status, 200, path);
      const html = await res.text();
      assert.match(
        html,
        /<nav><a href="\/wallet-status\/">Main<\/a> \| <a href="\/wallet-status\/accounts">Accounts/,
      );
      if (path === '/wallets') assert.match(html, /shop &lt;&amp;&gt;/);
      if (path === '/accounts') assert.match(html, /alice/);
    }
    assert.equal((await fetch(`${base}/nope`)).status, 404);
  } finally {
    await service.stop();
  }
});
