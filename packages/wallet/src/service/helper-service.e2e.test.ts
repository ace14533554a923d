// The helper service as a real child process (`bigchaindb wallet helper-service CONFIG`) against a
// real node: kill -9 between opening and closing a broadcast, and between posting and recording;
// after restarts each send is on the ledger exactly once and recorded `broadcasted`. Also: SIGTERM
// is a clean exit 0, a bad config or a missing passphrase is one line and exit 1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeypair } from '@bigchaindb-ts/driver';
import { waitFor } from '@bigchaindb-ts/testing';
import { loadWalletConfig } from '../config/index.js';
import { silentLogger } from '../log/index.js';
import { auditWallet } from '../model/index.js';
import { BACKENDS, dbHarness, skipReason, type DbHarness } from '../test/databases.js';
import { WalletProcess } from '../test/helper-process.js';
import { LedgerFixture } from '../test/ledger-fixture.js';
import { WalletService } from './wallet-service.js';

const passphrase = { BIGCHAINDB_WALLET_PASSPHRASE: 'crash test passphrase', BIGCHAINDB_LOG_LEVEL: 'info' };
let ledger: LedgerFixture;
const dir = mkdtempSync(join(tmpdir(), 'wallet-helper-'));
before(async () => {
  ledger = await LedgerFixture.start();
});
after(async () => {
  await ledger?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(name: string, databaseUrl: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    [
      'database:',
      `  url: ${databaseUrl}`,
      'coins:',
      '  tok:',
      `    asset_id: ${ledger.coin.assetId}`,
      '    backend:',
      `      urls: [${ledger.url}]`,
      'service:',
      '  broadcast_period: 0.2',
      'status_server:',
      '  enabled: false',
      'api:',
      '  enabled: false',
      '',
    ].join('\n'),
  );
  return path;
}

describe('helper-service command', () => {
  test('a bad config is one line naming the key, exit 1; so is a missing passphrase', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'database:\n  url: sqlite:///w.db\ncoins:\n  tok:\n    asset_id: nope\n    backend:\n      urls: [http://127.0.0.1:1]\n',
    );
    const r = await WalletProcess.run(['helper-service', bad], passphrase);
    assert.equal(r.code, 1);
    assert.equal(r.output.trim().split('\n').length, 1, r.output);
    assert.match(r.output, /coins\.tok\.asset_id/);
    const good = writeConfig('no-passphrase', `sqlite:///${join(dir, 'np.db')}`);
    const p = await WalletProcess.run(['helper-service', good], { BIGCHAINDB_WALLET_PASSPHRASE: '' });
    assert.equal(p.code, 1);
    assert.equal(p.output.trim().split('\n').length, 1, p.output);
    assert.match(p.output, /no keystore passphrase/);
  });
});

for (const backend of BACKENDS) {
  describe(`kill -9 of the helper service mid-broadcast, ${backend}`, async () => {
    const skip = await skipReason(backend);
    let h: DbHarness | undefined;
    after(() => h?.cleanup());

    test(
      'each send is on the ledger exactly once and recorded broadcasted',
      { skip, timeout: 120_000 },
      async () => {
        h = dbHarness(backend);
        await h.fresh();
        const configPath = writeConfig(`crash-${backend}`, h.url());
        process.env.BIGCHAINDB_WALLET_PASSPHRASE = passphrase.BIGCHAINDB_WALLET_PASSPHRASE;
        const config = loadWalletConfig(configPath);
        // Fund an account through a real deposit, then queue a send.
        let service = await WalletService.open(config, { log: silentLogger });
        const coin = service.coins.get('tok')!;
        await coin.follower.start();
        const { wallet, account, address } = await service.book.transaction(async (b) => {
          const wallet = await b.getOrCreateWalletByName('default wallet', 'tok');
          const account = await b.createAccount(wallet.id, 'shop');
          return { wallet, account, address: await b.createReceivingAddress(account.id) };
        });
        const pay = await ledger.pay(address.address, 1_000n);
        await ledger.decided(pay.id);
        while ((await coin.follower.step()) > 0);
        const toA = generateKeypair().publicKey;
        const toB = generateKeypair().publicKey;
        const sendA = await service.book.transaction((b) => b.send(wallet.id, account.id, toA, 100n, 'A'));
        await service.stop();

        // 1. Killed right after the broadcast was recorded opened: nothing posted yet.
        let run = await WalletProcess.start(['helper-service', configPath], {
          ...passphrase,
          BIGCHAINDB_WALLET_CRASH_AT: 'after-open',
        }).exited;
        assert.equal(run.signal, 'SIGKILL', run.output);
        service = await WalletService.open(config, { log: silentLogger });
        const openedA = await service.book.read((b) =>
          b.s.get(
            `SELECT txid, opened_at, closed_at FROM network_transactions WHERE transaction_type = 'broadcast'`,
          ),
        );
        assert.notEqual(openedA?.opened_at, null);
        assert.equal(openedA?.closed_at, null);
        assert.deepEqual(await ledger.conn.listOutputs(toA), [], 'not posted before the crash');
        const sendB = await service.book.transaction((b) => b.send(wallet.id, account.id, toB, 50n, 'B'));
        await service.stop();

        // 2. Killed right after the node took it (A, re-posted with the same id), before recording.
        run = await WalletProcess.start(['helper-service', configPath], {
          ...passphrase,
          BIGCHAINDB_WALLET_CRASH_AT: 'after-post',
        }).exited;
        assert.equal(run.signal, 'SIGKILL', run.output);
        await waitFor('A on the ledger', async () =>
          (await ledger.conn.listOutputs(toA)).length > 0 ? true : undefined,
        );

        // 3. A clean run settles A by its id and broadcasts B; SIGTERM stops it with exit 0.
        const clean = WalletProcess.start(['helper-service', configPath], passphrase);
        service = await WalletService.open(config, { log: silentLogger });
        await waitFor(
          'both sends broadcasted and in valid blocks',
          async () => {
            const [a, b] = await service.book.read(async (bk) => [
              await bk.transaction(sendA.id),
              await bk.transaction(sendB.id),
            ]);
            return a.state === 'broadcasted' &&
              b.state === 'broadcasted' &&
              a.confirmations >= 1 &&
              b.confirmations >= 1
              ? true
              : undefined;
          },
          60_000,
        );
        clean.child.kill('SIGTERM');
        const stopped = await clean.exited;
        assert.equal(stopped.code, 0, stopped.output);
        for (const [send, to] of [
          [sendA, toA],
          [sendB, toB],
        ] as const) {
          const done = await service.book.read((b) => b.transaction(send.id));
          assert.equal(done.state, 'broadcasted');
          const outputs = await ledger.conn.listOutputs(to);
          assert.equal(outputs.length, 1, `send ${send.label} is on the ledger exactly once`);
          assert.equal(outputs[0]!.transaction_id, done.txid);
        }
        assert.equal(
          Number(
            (
              await service.book.read((b) =>
                b.s.get<{ n: unknown }>(
                  `SELECT COUNT(*) AS n FROM network_transactions WHERE transaction_type = 'broadcast'`,
                ),
              )
            )?.n,
          ),
          2,
        );
        assert.deepEqual(await service.book.read((b) => auditWallet(b, wallet.id)), []);
        await service.stop();
      },
    );
  });
}
