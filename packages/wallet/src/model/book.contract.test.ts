// The seed's bookkeeping (models API and the CoinTestCase items that need no ledger), on every
// database: accounts, receiving addresses, internal sends, the refusals, balance import, the
// network fee account, a spoofed deposit credited at the threshold, markTransactionProcessed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/core';
import { Keystore } from '../keystore/index.js';
import {
  BACKENDS,
  coinMap,
  dbHarness,
  resolverOf,
  skipReason,
  testCoin,
  type DbHarness,
} from '../test/databases.js';
import { auditWallet } from './audit.js';
import type { BookEnv } from './book-env.js';
import { applyConfirmations, recordDeposit } from './network-updates.js';
import { WalletBook } from './wallet-book.js';
import { networkFeeAccountName } from './wallets.js';

const otherCoin = { ...testCoin, name: 'other' };

for (const backend of BACKENDS) {
  describe(`wallet books on ${backend}`, async () => {
    const skip = await skipReason(backend);
    let h: DbHarness;
    let book: WalletBook;
    let keystore: Keystore;
    let clockMs = Date.UTC(2026, 0, 1);
    const env = (): BookEnv => ({
      now: () => (clockMs += 1),
      coins: coinMap(testCoin, otherCoin),
      eventHandlers: ['app'],
      keystore,
    });

    before(async () => {
      if (skip) return;
      h = dbHarness(backend);
      const db = await h.fresh();
      keystore = await Keystore.unlock(resolverOf(db), 'test passphrase');
      book = new WalletBook(resolverOf(db), env());
    });
    after(() => h?.cleanup());

    async function walletWithAccounts(name: string, ...accounts: string[]) {
      return book.transaction(async (b) => {
        const wallet = await b.getOrCreateWalletByName(name, 'tok');
        const made = [];
        for (const a of accounts) made.push(await b.createAccount(wallet.id, a));
        return { wallet, accounts: made };
      });
    }

    async function fund(accountId: string, amount: bigint) {
      return book.transaction((b) => b.createImportTransaction(accountId, amount));
    }

    test(
      'test_create_address: a new wallet, account and receiving address (a base58 key, over 10 characters)',
      { skip },
      async () => {
        const { accounts } = await walletWithAccounts('create-address', 'a');
        const address = await book.transaction((b) =>
          b.createReceivingAddress(accounts[0]!.id, { automaticLabel: true }),
        );
        assert.ok(address.address.length > 10);
        assert.equal(address.accountId, accounts[0]!.id);
        assert.match(address.label ?? '', /^Receiving address #1 for account #\d+ created at \d{4}-/);
        // The private key is in the keystore, sealed, and opens with the passphrase.
        const sealed = await book.read((b) =>
          b.s.get<{ sealed: string }>('SELECT sealed FROM wallet_keys WHERE public_key = ?', [
            address.address,
          ]),
        );
        assert.ok(sealed !== undefined && !sealed.sealed.includes(address.address));
        assert.equal(keystore.open(address.address, sealed.sealed).publicKey, address.address);
      },
    );

    test('test_get_receiving_addresses: counted per wallet, isolated between wallets', { skip }, async () => {
      const one = await walletWithAccounts('receiving-1', 'a');
      const two = await walletWithAccounts('receiving-2', 'b');
      await book.transaction(async (b) => {
        await b.createReceivingAddress(one.accounts[0]!.id);
        await b.createReceivingAddress(one.accounts[0]!.id);
        await b.createReceivingAddress(two.accounts[0]!.id);
        await b.getOrCreateExternalAddress(one.wallet.id, generateKeypair().publicKey);
      });
      assert.equal((await book.read((b) => b.receivingAddresses(one.wallet.id))).length, 2);
      assert.equal((await book.read((b) => b.receivingAddresses(two.wallet.id))).length, 1);
    });

    test(
      'test_create_account: a new account has balance 0; getOrCreate finds it by name',
      { skip },
      async () => {
        const { wallet, accounts } = await walletWithAccounts('create-account', 'a');
        assert.equal(accounts[0]!.balance, 0n);
        const again = await book.transaction((b) => b.getOrCreateAccountByName(wallet.id, 'a'));
        assert.equal(again.id, accounts[0]!.id);
        const wallets = await book.transaction(async (b) => [
          await b.getOrCreateWalletByName('create-account', 'tok'),
          await b.getOrCreateWalletByName('create-account', 'other'),
        ]);
        assert.equal(wallets[0]!.id, wallet.id);
        assert.notEqual(wallets[1]!.id, wallet.id, 'a wallet name is per coin');
        await assert.rejects(
          book.transaction((b) => b.getOrCreateWalletByName('x', 'nope')),
          { code: 'UnknownCoin' },
        );
      },
    );

    test(
      'test_send_internal: 100 moves between two accounts; each one transaction with sender and receiver',
      { skip },
      async () => {
        const { wallet, accounts } = await walletWithAccounts('send-internal', 'a', 'b');
        const [a, b] = accounts as [(typeof accounts)[0] & object, (typeof accounts)[0] & object];
        await fund(a.id, 100n);
        const before = (await book.read((s) => s.wallet(wallet.id))).balance;
        for (let i = 0; i < 100; i++) {
          const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
          const tx = await book.transaction((s) => s.sendInternal(from.id, to.id, 100n, `move ${i}`));
          assert.equal(tx.state, 'internal');
          assert.equal(tx.sendingAccountId, from.id);
          assert.equal(tx.receivingAccountId, to.id);
          assert.notEqual(tx.creditedAt, null);
        }
        const after = await book.read(async (s) => ({
          a: await s.account(a.id),
          b: await s.account(b.id),
          w: await s.wallet(wallet.id),
        }));
        assert.equal(after.a.balance, 100n);
        assert.equal(after.b.balance, 0n);
        assert.equal(after.w.balance, before, 'internal sends leave the wallet balance alone');
        assert.equal(
          (await book.read((s) => s.listTransactions(wallet.id, { state: 'internal', limit: 500 }))).length,
          100,
        );
        assert.deepEqual(await book.read((s) => auditWallet(s, wallet.id)), []);
      },
    );

    test(
      'send() to an address of the wallet is internal; forceExternal queues it; other addresses are external',
      { skip },
      async () => {
        const { wallet, accounts } = await walletWithAccounts('send-routing', 'a', 'b');
        await fund(accounts[0]!.id, 50n);
        const toB = await book.transaction((s) => s.createReceivingAddress(accounts[1]!.id));
        const internal = await book.transaction((s) =>
          s.send(wallet.id, accounts[0]!.id, toB.address, 10n, 'in'),
        );
        assert.equal(internal.state, 'internal');
        assert.equal(internal.receivingAccountId, accounts[1]!.id);
        const forced = await book.transaction((s) =>
          s.send(wallet.id, accounts[0]!.id, toB.address, 5n, 'out', { forceExternal: true }),
        );
        assert.equal(forced.state, 'pending');
        assert.equal(forced.address, toB.address);
        const away = generateKeypair().publicKey;
        const external = await book.transaction((s) => s.send(wallet.id, accounts[0]!.id, away, 5n, 'away'));
        assert.equal(external.state, 'pending');
        assert.equal(external.txid, null);
        assert.equal(external.processedAt, null);
        assert.equal(external.confirmations, -1);
        const state = await book.read(async (s) => ({
          a: await s.account(accounts[0]!.id),
          w: await s.wallet(wallet.id),
        }));
        assert.equal(state.a.balance, 30n, 'sends out are debited at once');
        assert.equal(state.w.balance, 40n);
        assert.deepEqual(await book.read((s) => auditWallet(s, wallet.id)), []);
      },
    );

    test(
      'test_send_internal_low_balance, test_send_internal_same_account, bad addresses and amounts',
      { skip },
      async () => {
        const { wallet, accounts } = await walletWithAccounts('refusals', 'a', 'b');
        const [a, b] = accounts as [(typeof accounts)[0] & object, (typeof accounts)[0] & object];
        await fund(a.id, 10n);
        await assert.rejects(
          book.transaction((s) => s.sendInternal(a.id, b.id, 11n, null)),
          { code: 'NotEnoughAccountBalance' },
        );
        await assert.rejects(
          book.transaction((s) => s.sendInternal(a.id, a.id, 1n, null)),
          { code: 'SameAccount' },
        );
        await assert.rejects(
          book.transaction((s) => s.send(wallet.id, a.id, 'not-an-address', 1n, null)),
          { code: 'BadAddress' },
        );
        await assert.rejects(
          book.transaction((s) => s.sendExternal(a.id, generateKeypair().publicKey, 11n, null)),
          { code: 'NotEnoughAccountBalance' },
        );
        await assert.rejects(
          book.transaction((s) => s.sendInternal(a.id, b.id, 0n, null)),
          { code: 'BadAmount' },
        );
        const negative = await book.transaction((s) =>
          s.sendInternal(a.id, b.id, 15n, null, { allowNegativeBalance: true }),
        );
        assert.equal(negative.amount, 15n);
        assert.equal((await book.read((s) => s.account(a.id))).balance, -5n);
        const other = await walletWithAccounts('refusals-other', 'c');
        await assert.rejects(
          book.transaction((s) => s.sendInternal(b.id, other.accounts[0]!.id, 1n, null)),
          { code: 'WrongWallet' },
        );
      },
    );

    test('test_cannot_import_existing_address: a duplicate address is refused', { skip }, async () => {
      const { accounts } = await walletWithAccounts('duplicate', 'a');
      const key = generateKeypair().publicKey;
      await book.transaction((s) => s.addAddress(accounts[0]!.id, 'imported', key));
      await assert.rejects(
        book.transaction((s) => s.addAddress(accounts[0]!.id, 'again', key)),
        { code: 'DuplicateAddress' },
      );
    });

    test(
      'test_refresh_account_balance: a balance import puts what the ledger holds beyond the books on an account',
      { skip },
      async () => {
        const { wallet, accounts } = await walletWithAccounts('import', 'a');
        const tx = await book.transaction((s) =>
          s.importUnaccountedBalance(wallet.id, accounts[0]!.id, 1_000n),
        );
        assert.equal(tx?.state, 'balance_import');
        assert.equal(tx?.label, 'Backend balance import #1');
        assert.equal((await book.read((s) => s.account(accounts[0]!.id))).balance, 1_000n);
        assert.equal(
          await book.transaction((s) => s.importUnaccountedBalance(wallet.id, accounts[0]!.id, 1_000n)),
          undefined,
        );
        await assert.rejects(
          book.transaction((s) => s.importUnaccountedBalance(wallet.id, accounts[0]!.id, 999n)),
          { code: 'BalanceImportRefused' },
        );
        await book.transaction((s) => s.sendExternal(accounts[0]!.id, generateKeypair().publicKey, 1n, null));
        await assert.rejects(
          book.transaction((s) => s.importUnaccountedBalance(wallet.id, accounts[0]!.id, 5_000n)),
          { code: 'BalanceImportRefused' },
          'refused while a send is pending',
        );
      },
    );

    test(
      'test_charge_network_fee: the lazily made fee account pays the fee and goes below zero',
      { skip },
      async () => {
        const { wallet } = await walletWithAccounts('fees', 'a');
        const ntx = await book.transaction(async (s) => {
          const row = await s.s.get(
            `INSERT INTO network_transactions (coin, transaction_type, txid, state, confirmations, created_at, wallet_id) VALUES ('tok', 'broadcast', 'f00', 'broadcasted', 0, 1, ?) RETURNING id`,
            [Number(wallet.id)],
          );
          return String(row!.id);
        });
        const fee = await book.transaction((s) => s.chargeNetworkFees(wallet.id, ntx, 7n));
        assert.equal(fee?.state, 'network_fee');
        const feeAccount = await book.read(async (s) =>
          (await s.listAccounts(wallet.id)).find((a) => a.name === networkFeeAccountName),
        );
        assert.equal(feeAccount?.balance, -7n);
        assert.equal(
          (await book.read((s) => s.listTransactions(wallet.id, { state: 'network_fee' }))).length,
          1,
        );
        assert.equal(
          await book.transaction((s) => s.chargeNetworkFees(wallet.id, ntx, 0n)),
          undefined,
          'our ledger charges no fee',
        );
        assert.deepEqual(await book.read((s) => auditWallet(s, wallet.id)), []);
      },
    );

    test(
      'test_receive_external_spoofed: incoming at 0 confirmations, credited at the threshold, then processed',
      { skip },
      async () => {
        const { wallet, accounts } = await walletWithAccounts('spoofed', 'a');
        const address = await book.transaction((s) => s.createReceivingAddress(accounts[0]!.id));
        const txid = 'b'.repeat(64);
        const ntxId = await book.transaction((s) =>
          recordDeposit(s, 'tok', txid, [{ address: address.address, amount: 70n }], { confirmations: 0 }),
        );
        assert.ok(ntxId !== undefined);
        let state = await book.read(async (s) => ({
          txs: await s.listTransactions(wallet.id, { accountId: accounts[0]!.id }),
          account: await s.account(accounts[0]!.id),
          wallet: await s.wallet(wallet.id),
          address: await s.address(address.id),
          unconfirmed: await s.unconfirmedBalance(accounts[0]!.id),
        }));
        assert.equal(state.txs.length, 1);
        assert.equal(state.txs[0]!.state, 'incoming');
        assert.equal(state.txs[0]!.confirmations, 0);
        assert.equal(state.txs[0]!.creditedAt, null);
        assert.equal(state.account.balance, 0n);
        assert.equal(state.wallet.balance, 0n);
        assert.equal(state.address.balance, 0n);
        assert.equal(state.unconfirmed, 70n);
        // The same update again is idempotent: no second deposit.
        await book.transaction((s) =>
          recordDeposit(s, 'tok', txid, [{ address: address.address, amount: 70n }], { confirmations: 0 }),
        );
        // Confirmations pushed high: credited once.
        await book.transaction((s) => applyConfirmations(s, ntxId, { confirmations: 6 }));
        await book.transaction((s) => applyConfirmations(s, ntxId, { confirmations: 7 }));
        state = await book.read(async (s) => ({
          txs: await s.listTransactions(wallet.id, { accountId: accounts[0]!.id }),
          account: await s.account(accounts[0]!.id),
          wallet: await s.wallet(wallet.id),
          address: await s.address(address.id),
          unconfirmed: await s.unconfirmedBalance(accounts[0]!.id),
        }));
        assert.equal(state.txs.length, 1);
        assert.equal(state.txs[0]!.confirmations, 7);
        assert.notEqual(state.txs[0]!.creditedAt, null);
        assert.equal(state.txs[0]!.processedAt, null);
        assert.equal(state.account.balance, 70n);
        assert.equal(state.wallet.balance, 70n);
        assert.equal(state.address.balance, 70n);
        assert.equal(state.unconfirmed, 0n);
        const processed = await book.transaction((s) => s.markTransactionProcessed(state.txs[0]!.id));
        assert.equal(processed.state, 'processed');
        assert.notEqual(processed.processedAt, null);
        // F-B4: a processed deposit still takes confirmation updates.
        await book.transaction((s) => applyConfirmations(s, ntxId, { confirmations: 8 }));
        assert.equal((await book.read((s) => s.transaction(processed.id))).confirmations, 8);
        await assert.rejects(
          book.transaction(async (s) =>
            s.markTransactionProcessed(
              (await s.listTransactions(wallet.id, { state: 'balance_import' }))[0]?.id ?? '999999',
            ),
          ),
          { code: 'NotFound' },
        );
        // Events: one per change of confirmations or credit, each with the real `credited`.
        const events = await book.read((s) =>
          s.s.all<{ data: string }>(
            `SELECT data FROM event_outbox WHERE event_name = 'txupdate' ORDER BY id`,
          ),
        );
        const mine = events
          .map((e) => JSON.parse(e.data) as Record<string, unknown>)
          .filter((d) => d.txid === txid);
        assert.deepEqual(
          mine.map((d) => [d.confirmations, d.credited]),
          [
            [0, false],
            [6, true],
            [7, true],
            [8, true],
          ],
        );
        assert.deepEqual(Object.keys(mine[0]!).sort(), [
          'account',
          'address',
          'amount',
          'coin_name',
          'confirmations',
          'credited',
          'network_transaction',
          'transaction',
          'transaction_type',
          'txid',
        ]);
        assert.equal(mine[0]!.transaction_type, 'deposit');
        assert.equal(mine[0]!.coin_name, 'tok');
        assert.equal(mine[0]!.amount, '70');
        assert.deepEqual(await book.read((s) => auditWallet(s, wallet.id)), []);
      },
    );

    test(
      'idempotency keys: the same key returns the first send; another send under it is refused',
      { skip },
      async () => {
        const { wallet, accounts } = await walletWithAccounts('idempotent', 'a', 'b');
        await fund(accounts[0]!.id, 100n);
        const to = generateKeypair().publicKey;
        const first = await book.transaction((s) =>
          s.send(wallet.id, accounts[0]!.id, to, 10n, 'x', { idempotencyKey: 'k1' }),
        );
        const again = await book.transaction((s) =>
          s.send(wallet.id, accounts[0]!.id, to, 10n, 'x', { idempotencyKey: 'k1' }),
        );
        assert.equal(again.id, first.id);
        assert.equal((await book.read((s) => s.account(accounts[0]!.id))).balance, 90n);
        await assert.rejects(
          book.transaction((s) => s.send(wallet.id, accounts[0]!.id, to, 11n, 'x', { idempotencyKey: 'k1' })),
          { code: 'IdempotencyKeyReused' },
        );
      },
    );

    test('unknown and malformed ids are NotFound, never a database error', { skip }, async () => {
      for (const id of ['999999', 'abc', '-1', '1e3', '']) {
        await assert.rejects(
          book.read((s) => s.wallet(id)),
          { code: 'NotFound' },
        );
        await assert.rejects(
          book.read((s) => s.account(id)),
          { code: 'NotFound' },
        );
        await assert.rejects(
          book.read((s) => s.transaction(id)),
          { code: 'NotFound' },
        );
      }
    });

    test(
      'the keystore refuses a wrong passphrase and a missing one, each with one line',
      { skip },
      async () => {
        const db = await h.connect();
        await assert.rejects(Keystore.unlock(resolverOf(db), 'wrong'), {
          name: 'WalletConfigError',
          message: /passphrase does not open/,
        });
        await assert.rejects(Keystore.unlock(resolverOf(db), undefined), {
          name: 'WalletConfigError',
          message: /no keystore passphrase/,
        });
        assert.equal(String(keystore), '[Keystore]');
        assert.equal(JSON.stringify({ keystore }), '{"keystore":"[Keystore]"}');
      },
    );
  });
}
