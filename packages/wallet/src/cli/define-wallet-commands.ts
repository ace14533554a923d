import type { Command } from 'commander';

/** Loaded when a wallet command runs, so other `bigchaindb` commands do not pay for the wallet's modules. */
const commands = () => import('./wallet-commands.js');

interface WalletOptions {
  wallet?: string;
  coin?: string;
}

function walletOptions(c: Command): Command {
  return c
    .option('--wallet <name>', 'the wallet (made if missing)', 'default wallet')
    .option('--coin <name>', 'the coin of the wallet (default: the only coin of the config)');
}

/**
 * `bigchaindb wallet ...`: the seed's commands (`initialize-database`, `helper-service`,
 * `scan-received`), each taking the wallet's config file, and the ones a person uses at a
 * terminal. Registered by the server's program with one call.
 */
export function defineWalletCommands(program: Command): Command {
  const wallet = program
    .command('wallet')
    .description(
      'the wallet and accounting service (cryptoassets.core over token assets): see docs/wallet.md',
    );

  wallet
    .command('initialize-database')
    .description("create the wallet's tables (safe to run again)")
    .argument('<config>', 'wallet config file (YAML or JSON)')
    .action(async (config: string) => (await commands()).initializeDatabaseCommand(config));

  wallet
    .command('helper-service')
    .description(
      'run the helper service: block follower, broadcaster, confirmations, events, status server, API',
    )
    .argument('<config>', 'wallet config file (YAML or JSON)')
    .addHelpText(
      'after',
      `
Runs until SIGTERM or the first Ctrl-C, then shuts down cleanly and exits 0 (a second Ctrl-C
kills it). Exits 2 when one of its subsystems dies, 1 on a bad configuration. The keystore
passphrase comes from BIGCHAINDB_WALLET_PASSPHRASE or keystore.passphrase.`,
    )
    .action(async (config: string) => (await commands()).helperServiceCommand(config));

  wallet
    .command('scan-received')
    .description("rescan every watched key's outputs on the ledger for missed deposits")
    .argument('<config>', 'wallet config file (YAML or JSON)')
    .action(async (config: string) => (await commands()).scanReceivedCommand(config));

  walletOptions(
    wallet
      .command('create-account')
      .description('create an account in a wallet')
      .argument('<config>', 'wallet config file')
      .argument('<name>', 'the account name'),
  ).action(async (config: string, name: string, o: WalletOptions) =>
    (await commands()).createAccountCommand(config, name, o),
  );

  walletOptions(
    wallet
      .command('new-address')
      .description('create a receiving address (a new key in the keystore) for an account')
      .argument('<config>', 'wallet config file')
      .argument('<account>', 'the account name (made if missing)')
      .option('--label <text>', 'a label (default: an automatic one)'),
  ).action(async (config: string, account: string, o: WalletOptions & { label?: string }) =>
    (await commands()).newAddressCommand(config, account, o),
  );

  walletOptions(
    wallet
      .command('balance')
      .description("show the wallet's accounts: balance, unconfirmed balance, addresses")
      .argument('<config>', 'wallet config file')
      .option('--account <name>', 'only this account'),
  ).action(async (config: string, o: WalletOptions & { account?: string }) =>
    (await commands()).balanceCommand(config, o),
  );

  walletOptions(
    wallet
      .command('send')
      .description(
        'send from an account: internal to an address of the wallet, else queued for the broadcaster',
      )
      .argument('<config>', 'wallet config file')
      .argument('<account>', 'the sending account name')
      .argument('<address>', 'the destination address (base58 public key)')
      .argument('<amount>', 'whole base units')
      .option('--label <text>', 'a label for the transaction')
      .option('--force-external', 'go through the ledger even to an address of this wallet'),
  ).action(
    async (
      config: string,
      account: string,
      address: string,
      amount: string,
      o: WalletOptions & { label?: string; forceExternal?: boolean },
    ) => (await commands()).sendCommand(config, account, address, amount, o),
  );

  walletOptions(
    wallet
      .command('list-transactions')
      .description("list the wallet's transactions, newest first")
      .argument('<config>', 'wallet config file')
      .option(
        '--state <state>',
        'pending, broadcasted, incoming, processed, internal, network_fee or balance_import',
      )
      .option('--account <name>', 'only this account'),
  ).action(async (config: string, o: WalletOptions & { state?: string; account?: string }) =>
    (await commands()).listTransactionsCommand(config, o),
  );

  walletOptions(
    wallet
      .command('mark-processed')
      .description('mark a deposit processed by the application')
      .argument('<config>', 'wallet config file')
      .argument('<transaction>', 'the transaction id'),
  ).action(async (config: string, id: string, o: WalletOptions) =>
    (await commands()).markProcessedCommand(config, id, o),
  );

  walletOptions(
    wallet
      .command('hot-address')
      .description(
        "print the wallet's hot (change) key: coins sent there are not deposits, and are booked by import-balance",
      )
      .argument('<config>', 'wallet config file'),
  ).action(async (config: string, o: WalletOptions) => (await commands()).hotAddressCommand(config, o));

  walletOptions(
    wallet
      .command('import-balance')
      .description(
        "book what the wallet holds on the ledger beyond its books on an account (the seed's balance import)",
      )
      .argument('<config>', 'wallet config file')
      .argument('<account>', 'the account that receives it (made if missing)'),
  ).action(async (config: string, account: string, o: WalletOptions) =>
    (await commands()).importBalanceCommand(config, account, o),
  );

  return wallet;
}
