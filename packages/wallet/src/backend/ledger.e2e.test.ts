// The seed's backend test case list against a real node, on every database: deposits from the
// chain (credited at the threshold, with txupdate events), send external and its broadcast,
// broadcast with nothing pending, confirmation updates, a send to ourselves through the ledger,
// receive scan of a missed deposit, balance import from the hot key (change is never a deposit),
// and an interrupted broadcast recovering by its id.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/driver';
import { Broadcaster, changeKey, ledgerBalance } from '../broadcaster/index.js';
import { Keystore } from '../keystore/index.js';
import { silentLogger } from '../log/index.js';
import { auditWallet, WalletBook, type Account, type Wallet } from '../model/index.js';
import { BACKENDS, coinMap, dbHarness, resolverOf, skipReason, type DbHarness } from '../test/databases.js';
import { LedgerFixture } from '../test/ledger-fixture.js';
import { BlockFollower } from './block-follower.js';
import { LedgerBackend } from './ledger-backend.js';
import { pollOpenTransactions } from './open-transactions.js';
import { scanReceived } from './rescan.js';

let ledger: LedgerFixture;
before(async () => {
  ledger = await LedgerFixture.start();
});
after(() => ledger?.stop());

for (const backend of BACKENDS) {
  describe(`the wallet on a real node, ${backend}`, async () => {
    const skip = await skipReason(backend);
    let h: DbHarness;
    let book: WalletBook;
    let keystore: Keystore;
    let chain: LedgerBackend;
    let follower: BlockFollower;
    let wallet: Wallet;
    let account: Account;

    before(async () => {
      if (skip) return;
      h = dbHarness(backend);
      const db = await h.fresh();
      keystore = await Keystore.unlock(resolverOf(db), 'pass');
      book = new WalletBook(resolverOf(db), {
        now: Date.now,
        coins: coinMap(ledger.coin),
        eventHandlers: ['app'],
        keystore,
      });
      chain = new LedgerBackend(ledger.coin, [ledger.url]);
      follower = new BlockFollower(book, chain, silentLogger);
      await follower.start();
      ({ wallet, account } = await book.transaction(async (b) => {
        const wallet = await b.getOrCreateWalletByName(`main-${backend}`, ledger.coin.name);
        return { wallet, account: await b.createAccount(wallet.id, 'customer') };
      }));
    });
    after(() => h?.cleanup());

    /** Reads every decided block up to the one holding `txid`. */
    async function follow(txid?: string) {
      if (txid !== undefined) await ledger.decided(txid);
      while ((await follower.step()) > 0);
    }
    const events = async (txid: string) =>
      (await book.read((b) => b.s.all<{ data: string }>(`SELECT data FROM event_outbox ORDER BY id`)))
        .map((r) => JSON.parse(r.data) as Record<string, unknown>)
        .filter((d) => d.txid === txid);

    test(
      'a deposit from the faucet is found in its block, credited at 1 confirmation, with a txupdate event',
      { skip },
      async () => {
        const address = await book.transaction((b) =>
          b.createReceivingAddress(account.id, { automaticLabel: true }),
        );
        const pay = await ledger.pay(address.address, 500n);
        await follow(pay.id);
        const [tx] = await book.read((b) => b.listTransactions(wallet.id, { accountId: account.id }));
        assert.equal(tx?.state, 'incoming');
        assert.equal(tx?.txid, pay.id);
        assert.equal(tx?.confirmations, 1);
        assert.notEqual(tx?.creditedAt, null);
        assert.equal((await book.read((b) => b.account(account.id))).balance, 500n);
        assert.equal((await book.read((b) => b.address(address.id))).balance, 500n);
        const [event] = await events(pay.id);
        assert.equal(event?.credited, true);
        assert.equal(event?.confirmations, 1);
        assert.equal(event?.address, address.address);
        assert.equal(event?.transaction_type, 'deposit');
        assert.equal(await book.read((b) => ledgerBalance(b, wallet.id)), 500n);
      },
    );

    test(
      'test_send_external: pending without txid; after a broadcast, broadcasted with txid and processed_at; on the ledger once',
      { skip },
      async () => {
        const to = generateKeypair().publicKey;
        const send = await book.transaction((b) => b.send(wallet.id, account.id, to, 120n, 'out'));
        assert.equal(send.state, 'pending');
        assert.equal(send.txid, null);
        const broadcaster = new Broadcaster(book, chain, keystore, silentLogger);
        assert.equal(await broadcaster.cycle(), 1);
        const sent = await book.read((b) => b.transaction(send.id));
        assert.equal(sent.state, 'broadcasted');
        assert.match(sent.txid ?? '', /^[0-9a-f]{64}$/);
        assert.notEqual(sent.processedAt, null);
        await follow(sent.txid!);
        assert.deepEqual(
          (await ledger.conn.listOutputs(to)).map((o) => o.transaction_id),
          [sent.txid],
        );
        const onLedger = await ledger.conn.getTransaction(sent.txid!);
        const change = await book.read((b) => changeKey(b, wallet.id));
        assert.deepEqual(
          onLedger.outputs.map((o) => [o.public_keys?.[0], o.amount]),
          [
            [to, '120'],
            [change, '380'],
          ],
        );
        assert.equal((await book.read((b) => b.transaction(send.id))).confirmations, 1);
        // The change is the wallet's again, and never a deposit.
        assert.equal(await book.read((b) => ledgerBalance(b, wallet.id)), 380n);
        assert.equal(
          (await book.read((b) => b.listTransactions(wallet.id, { state: 'incoming' }))).length,
          1,
        );
        assert.deepEqual(await book.read((b) => auditWallet(b, wallet.id)), []);
      },
    );

    test(
      'test_broadcast_no_transactions: a cycle with nothing pending does nothing and does not fail',
      { skip },
      async () => {
        assert.equal(await new Broadcaster(book, chain, keystore, silentLogger).cycle(), 0);
      },
    );

    test(
      'test_confirmation_updates, test_update_broadcast_confirmation_count: counts rise with later valid blocks, one event per change',
      { skip },
      async () => {
        const [deposit] = await book.read((b) => b.listTransactions(wallet.id, { state: 'incoming' }));
        const [send] = await book.read((b) => b.listTransactions(wallet.id, { state: 'broadcasted' }));
        const before = { deposit: deposit!.confirmations, send: send!.confirmations };
        await ledger.block();
        await ledger.block();
        await follow();
        await pollOpenTransactions(book, chain, silentLogger);
        const now = await book.read(async (b) => ({
          deposit: await b.transaction(deposit!.id),
          send: await b.transaction(send!.id),
        }));
        assert.ok(
          now.deposit.confirmations >= before.deposit + 2,
          `deposit ${before.deposit} -> ${now.deposit.confirmations}`,
        );
        assert.ok(now.send.confirmations >= 3);
        const sendEvents = await events(send!.txid!);
        const counts = sendEvents.map((e) => e.confirmations as number);
        assert.deepEqual(
          counts,
          [...counts].sort((x, y) => x - y),
          'confirmations only rise',
        );
        assert.equal(new Set(counts).size, counts.length, 'one event per change');
        assert.ok(sendEvents.every((e) => e.transaction_type === 'broadcast' && e.account === account.id));
        assert.equal(sendEvents.filter((e) => e.transaction_type === 'deposit').length, 0);
      },
    );

    test(
      'test_send_receive_external: a forced send to our own address goes through the ledger and comes back as a deposit',
      { skip },
      async () => {
        const other = await book.transaction((b) => b.createAccount(wallet.id, 'other'));
        const address = await book.transaction((b) => b.createReceivingAddress(other.id));
        const send = await book.transaction((b) =>
          b.send(wallet.id, account.id, address.address, 30n, 'to self', { forceExternal: true }),
        );
        await new Broadcaster(book, chain, keystore, silentLogger).cycle();
        const sent = await book.read((b) => b.transaction(send.id));
        await follow(sent.txid!);
        const [incoming] = await book.read((b) => b.listTransactions(wallet.id, { accountId: other.id }));
        assert.equal(incoming?.state, 'incoming');
        assert.equal(incoming?.txid, sent.txid);
        assert.notEqual(incoming?.creditedAt, null);
        assert.equal((await book.read((b) => b.account(other.id))).balance, 30n);
        assert.deepEqual(await book.read((b) => auditWallet(b, wallet.id)), []);
      },
    );

    test(
      'test_receive_scan: a deposit the follower could not see (address added later) is found by scan-received',
      { skip },
      async () => {
        const key = generateKeypair();
        const pay = await ledger.pay(key.publicKey, 44n);
        await follow(pay.id);
        await ledger.block();
        await follow();
        const watched = await book.transaction((b) => b.addAddress(account.id, 'watch only', key.publicKey));
        const report = await scanReceived(book, chain, silentLogger);
        assert.equal(report.missed, 1);
        const [deposit] = (
          await book.read((b) => b.listTransactions(wallet.id, { state: 'incoming' }))
        ).filter((t) => t.addressId === watched.id);
        assert.equal(deposit?.txid, pay.id);
        assert.ok((deposit?.confirmations ?? 0) >= 2, `confirmations ${deposit?.confirmations}`);
        assert.equal(
          (await scanReceived(book, chain, silentLogger)).missed,
          0,
          'a second scan finds nothing new',
        );
      },
    );

    test(
      'test_refresh_account_balance on the ledger: coins sent to the hot key are imported, not deposited',
      { skip },
      async () => {
        const hot = await book.transaction((b) => changeKey(b, wallet.id));
        const heldBefore = await book.read((b) => ledgerBalance(b, wallet.id));
        const pay = await ledger.pay(hot, 1_000n);
        await follow(pay.id);
        const deposits = (await book.read((b) => b.listTransactions(wallet.id, { state: 'incoming' })))
          .length;
        const before = await book.read((b) => b.wallet(wallet.id));
        const held = await book.read((b) => ledgerBalance(b, wallet.id));
        assert.equal(held, heldBefore + 1_000n);
        const tx = await book.transaction((b) => b.importUnaccountedBalance(wallet.id, account.id, held));
        // The watch-only deposit of the scan test is in the books but its key is not the wallet's,
        // so the ledger holds 44 less than the books did before the payment.
        assert.equal(tx?.amount, held - before.balance);
        assert.equal(tx?.amount, 1_000n - 44n);
        assert.equal((await book.read((b) => b.wallet(wallet.id))).balance, held);
        assert.equal(
          (await book.read((b) => b.listTransactions(wallet.id, { state: 'incoming' }))).length,
          deposits,
        );
      },
    );

    test(
      'an interrupted broadcast (crash after opening, crash after posting) recovers by its id: each send on the ledger once',
      { skip },
      async () => {
        const crash = (where: string) => () => {
          throw new Error(`simulated crash ${where}`);
        };
        const a = generateKeypair().publicKey;
        const sendA = await book.transaction((b) => b.send(wallet.id, account.id, a, 5n, 'crash after open'));
        await assert.rejects(
          new Broadcaster(book, chain, keystore, silentLogger, { afterOpen: crash('after open') }).cycle(),
          /after open/,
        );
        const opened = await book.read((b) => b.transaction(sendA.id));
        assert.equal(opened.state, 'pending');
        assert.deepEqual(await ledger.conn.listOutputs(a), [], 'nothing was posted');
        assert.equal(await new Broadcaster(book, chain, keystore, silentLogger).cycle(), 1);
        const b2 = generateKeypair().publicKey;
        const sendB = await book.transaction((b) =>
          b.send(wallet.id, account.id, b2, 6n, 'crash after post'),
        );
        // The follower must book A's change before B can spend it.
        await follow((await book.read((b) => b.transaction(sendA.id))).txid!);
        await assert.rejects(
          new Broadcaster(book, chain, keystore, silentLogger, { afterPost: crash('after post') }).cycle(),
          /after post/,
        );
        assert.equal(
          (await book.read((b) => b.transaction(sendB.id))).state,
          'pending',
          'posted but not recorded',
        );
        assert.equal(await new Broadcaster(book, chain, keystore, silentLogger).cycle(), 1);
        for (const [send, to] of [
          [sendA, a],
          [sendB, b2],
        ] as const) {
          const done = await book.read((b) => b.transaction(send.id));
          assert.equal(done.state, 'broadcasted');
          await follow(done.txid!);
          assert.deepEqual(
            (await ledger.conn.listOutputs(to)).map((o) => o.transaction_id),
            [done.txid],
            'on the ledger exactly once',
          );
        }
        assert.deepEqual(await book.read((b) => auditWallet(b, wallet.id)), []);
      },
    );
  });
}
