import { loadWalletConfig, type WalletConfig } from '../config/index.js';
import { initializeDatabase, openDatabase } from '../db/index.js';
import { isWalletError, WalletConfigError, WalletError } from '../errors.js';
import { changeKey, ledgerBalance } from '../broadcaster/index.js';
import { createLogger } from '../log/index.js';
import { scanReceived } from '../backend/index.js';
import { parseUnits } from '../amount.js';
import { transactionStates, type Transaction, type TransactionState, type Wallet } from '../model/index.js';
import { WalletService } from '../service/index.js';
import { runHelperService } from './helper-service.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** Expected failures are one line and exit 1; anything else is a bug and keeps its stack. */
async function guarded(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof WalletConfigError || isWalletError(err)) {
      process.stderr.write(`bigchaindb wallet: ${err.message.replace(/\s*\n\s*/g, ' ')}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}

function coinOf(config: WalletConfig, coin: string | undefined): string {
  if (coin !== undefined) {
    if (!config.coins.has(coin))
      throw new WalletConfigError(`--coin: no coin ${JSON.stringify(coin)} in the config`);
    return coin;
  }
  if (config.coins.size !== 1)
    throw new WalletConfigError(`--coin: the config has ${config.coins.size} coins; say which`);
  return [...config.coins.keys()][0]!;
}

async function withService<T>(path: string, use: (s: WalletService) => Promise<T>): Promise<T> {
  const service = await WalletService.open(loadWalletConfig(path), { log: createLogger({ level: 'warn' }) });
  try {
    return await use(service);
  } finally {
    await service.stop();
  }
}

async function walletOf(s: WalletService, o: { wallet?: string; coin?: string }): Promise<Wallet> {
  const coin = coinOf(s.config, o.coin);
  return s.book.transaction((b) => b.getOrCreateWalletByName(o.wallet ?? 'default wallet', coin));
}

function row(t: Transaction): string {
  return [
    t.id,
    t.state,
    t.amount.toString(),
    t.txid ?? '-',
    String(t.confirmations),
    t.address ?? '-',
    t.label ?? '',
  ].join('\t');
}

export const initializeDatabaseCommand = (path: string) =>
  guarded(async () => {
    const config = loadWalletConfig(path);
    const db = await openDatabase(config.database.target);
    try {
      await initializeDatabase(db);
    } finally {
      await db.close();
    }
    out(`Created the wallet tables in the ${db.description}`);
  });

export const helperServiceCommand = (path: string) => guarded(() => runHelperService(path));

export const scanReceivedCommand = (path: string) =>
  guarded(() =>
    withService(path, async (s) => {
      for (const [name, coin] of s.coins) {
        await coin.follower.start();
        while ((await coin.follower.step()) > 0);
        const report = await scanReceived(s.book, coin.backend, s.log);
        out(
          `${name}: ${report.scanned} ledger transactions paying watched keys, ${report.missed} missed and now booked`,
        );
      }
    }),
  );

export const createAccountCommand = (path: string, name: string, o: { wallet?: string; coin?: string }) =>
  guarded(() =>
    withService(path, async (s) => {
      const wallet = await walletOf(s, o);
      const account = await s.book.transaction((b) => b.createAccount(wallet.id, name));
      out(
        `Created account ${account.id} "${account.name}" in wallet ${wallet.id} "${wallet.name}" (${wallet.coin})`,
      );
    }),
  );

export const newAddressCommand = (
  path: string,
  accountName: string,
  o: { wallet?: string; coin?: string; label?: string },
) =>
  guarded(() =>
    withService(path, async (s) => {
      const wallet = await walletOf(s, o);
      const address = await s.book.transaction(async (b) => {
        const account = await b.getOrCreateAccountByName(wallet.id, accountName);
        return b.createReceivingAddress(
          account.id,
          o.label === undefined ? { automaticLabel: true } : { label: o.label },
        );
      });
      out(address.address);
    }),
  );

export const balanceCommand = (path: string, o: { wallet?: string; coin?: string; account?: string }) =>
  guarded(() =>
    withService(path, async (s) => {
      const wallet = await walletOf(s, o);
      await s.book.read(async (b) => {
        out(
          `Wallet ${wallet.id} "${wallet.name}" (${wallet.coin}): balance ${(await b.wallet(wallet.id)).balance}`,
        );
        for (const account of await b.listAccounts(wallet.id)) {
          if (o.account !== undefined && account.name !== o.account) continue;
          out(
            `Account ${account.id} "${account.name}": balance ${account.balance}, unconfirmed ${await b.unconfirmedBalance(account.id)}`,
          );
          for (const a of await b.addressesOfAccount(account.id))
            out(`  ${a.address}  received ${a.balance}  ${a.label ?? ''}`);
        }
      });
    }),
  );

export const sendCommand = (
  path: string,
  accountName: string,
  address: string,
  amount: string,
  o: { wallet?: string; coin?: string; label?: string; forceExternal?: boolean },
) =>
  guarded(() =>
    withService(path, async (s) => {
      const units = parseUnits(amount);
      const wallet = await walletOf(s, o);
      const tx = await s.book.transaction(async (b) => {
        const account = await b.getOrCreateAccountByName(wallet.id, accountName);
        return b.send(wallet.id, account.id, address, units, o.label ?? null, {
          forceExternal: o.forceExternal === true,
        });
      });
      out(
        `Transaction ${tx.id}: ${tx.state} ${tx.amount} to ${address}${tx.state === 'pending' ? ' (the helper service broadcasts it)' : ''}`,
      );
    }),
  );

export const listTransactionsCommand = (
  path: string,
  o: { wallet?: string; coin?: string; state?: string; account?: string },
) =>
  guarded(() =>
    withService(path, async (s) => {
      if (o.state !== undefined && !(transactionStates as readonly string[]).includes(o.state))
        throw new WalletConfigError(`--state: one of ${transactionStates.join(', ')}`);
      const wallet = await walletOf(s, o);
      const txs = await s.book.read(async (b) => {
        const account =
          o.account === undefined
            ? undefined
            : (await b.listAccounts(wallet.id)).find((a) => a.name === o.account);
        if (o.account !== undefined && account === undefined) return [];
        return b.listTransactions(wallet.id, {
          state: o.state as TransactionState | undefined,
          accountId: account?.id,
          limit: 500,
        });
      });
      out(['id', 'state', 'amount', 'txid', 'confirmations', 'address', 'label'].join('\t'));
      for (const t of txs) out(row(t));
    }),
  );

export const markProcessedCommand = (path: string, id: string, o: { wallet?: string; coin?: string }) =>
  guarded(() =>
    withService(path, async (s) => {
      const wallet = await walletOf(s, o);
      const tx = await s.book.transaction(async (b) => {
        const t = await b.transaction(id);
        if (t.walletId !== wallet.id)
          throw new WalletError('NotFound', `no transaction ${id} in wallet "${wallet.name}"`);
        return b.markTransactionProcessed(id);
      });
      out(`Transaction ${tx.id} is ${tx.state}`);
    }),
  );

export const hotAddressCommand = (path: string, o: { wallet?: string; coin?: string }) =>
  guarded(() =>
    withService(path, async (s) => {
      const wallet = await walletOf(s, o);
      out(await s.book.transaction((b) => changeKey(b, wallet.id)));
    }),
  );

export const importBalanceCommand = (
  path: string,
  accountName: string,
  o: { wallet?: string; coin?: string },
) =>
  guarded(() =>
    withService(path, async (s) => {
      const wallet = await walletOf(s, o);
      const coin = s.coins.get(wallet.coin)!;
      await coin.follower.start();
      while ((await coin.follower.step()) > 0);
      await scanReceived(s.book, coin.backend, s.log);
      const tx = await s.book.transaction(async (b) => {
        const account = await b.getOrCreateAccountByName(wallet.id, accountName);
        return b.importUnaccountedBalance(wallet.id, account.id, await ledgerBalance(b, wallet.id));
      });
      out(
        tx === undefined
          ? 'Nothing to import: the books match the ledger'
          : `Imported ${tx.amount} to account "${accountName}" (transaction ${tx.id})`,
      );
    }),
  );
