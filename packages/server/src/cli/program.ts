import { Command, Option } from 'commander';
import { defineWalletCommands } from '@bigchaindb-ts/wallet';
import { runDump, runRestore, runVerifyDump } from './backup-commands.js';
import { version } from '../version.js';
import { runConfigure } from './configure.js';
import { runExportMyPubkey } from './export-my-pubkey.js';
import { globalOptions, loadCommandConfig } from './global-options.js';
import { defineLoadCommand } from './load.js';
import { defineMinerCommands } from './miner-commands.js';
import { integerAtLeast } from './parse-arguments.js';
import { runQuickstart } from './quickstart.js';
import { runShowConfig } from './show-config.js';
import { defineSpoolCommands } from './spool-commands.js';
import { runStart } from './start.js';
import { defineUiCommand } from './ui.js';
import { runDrop, runInit, runSetReplicas, runSetShards } from './store-commands.js';

/**
 * The `bigchaindb` command line, with the seed's command names. Global options (`-c`, `-y`) are
 * accepted before or after the command name and are listed in every command's help.
 */
export function createProgram(): Command {
  const program = new Command('bigchaindb')
    .description('BigchainDB node: a federated blockchain database for digital assets')
    .version(version, '-v, --version', 'show the version number')
    .helpOption('-h, --help', 'show help')
    .option('-c, --config <path>', 'config file (default: $BIGCHAINDB_CONFIG_PATH, else $HOME/.bigchaindb)')
    .option('-y, --yes', 'answer yes to every question and take every default')
    .configureHelp({ showGlobalOptions: true })
    // Usage errors carry the program's name like every other error it prints.
    .configureOutput({ outputError: (text, write) => write(`bigchaindb: ${text}`) })
    .showHelpAfterError('(add --help for usage)');

  program
    .command('configure')
    .description('write a config file with a new keypair, asking for the main settings')
    .addOption(
      new Option('--backend <backend>', 'database backend to write').choices(['sqlite', 'postgresql']),
    )
    .option('--force', 'replace an existing config file without asking')
    .addHelpText(
      'after',
      `
Writes the config file (see -c) with mode 0600, with a freshly generated keypair; settings
already given by BIGCHAINDB_* environment variables are written as they are. Each question shows
its default in brackets; press Enter to keep it. Without a terminal, answers are read one per line
from stdin, and the end of input keeps the remaining defaults.

With -y nothing is asked and every default is taken. An existing file is never replaced silently:
without -y you are asked first; with -y the command refuses and exits 1 unless --force is given.`,
    )
    .action(async (options: { backend?: 'sqlite' | 'postgresql'; force?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      const path = await runConfigure({
        cliPath: globals.config,
        yes: globals.yes,
        force: options.force === true,
        backend: options.backend,
      });
      if (path !== undefined) process.stdout.write(`Wrote the configuration to ${path}\n`);
    });

  program
    .command('show-config')
    .description('show the value of every setting, as JSON')
    .option('--show-private', 'show the private key and the database password instead of ***')
    .action(async (options: { showPrivate?: boolean }, command: Command) => {
      await runShowConfig(globalOptions(command), { showPrivate: options.showPrivate === true });
    });

  program
    .command('export-my-pubkey')
    .description("write the node's public key to stdout")
    .action(async (_options: unknown, command: Command) => {
      await runExportMyPubkey(globalOptions(command));
    });

  program
    .command('init')
    .description('create the database and its tables, unless they exist already')
    .action(async (_options: unknown, command: Command) => {
      await runInit(globalOptions(command));
    });

  program
    .command('drop')
    .description('drop (erase) the database, after asking (-y skips the question)')
    .action(async (_options: unknown, command: Command) => {
      await runDrop(globalOptions(command));
    });

  program
    .command('start')
    .description('start the node (initializing the database first if needed)')
    .action(async (_options: unknown, command: Command) => {
      const globals = globalOptions(command);
      const loaded = await loadCommandConfig(globals);
      await runStart(loaded.config, { configPath: loaded.file.path, yes: globals.yes });
    });

  defineLoadCommand(program.command('load'));
  defineSpoolCommands(program);

  defineUiCommand(program);

  program
    .command('set-shards')
    .description('set the number of shards in the underlying datastore')
    .argument('<n>', 'number of shards', integerAtLeast(1))
    .action(async (n: number, _options: unknown, command: Command) => {
      await runSetShards(globalOptions(command), n);
    });

  program
    .command('set-replicas')
    .description('set the number of replicas (of each shard) in the underlying datastore')
    .argument('<n>', 'number of replicas', integerAtLeast(1))
    .action(async (n: number, _options: unknown, command: Command) => {
      await runSetReplicas(globalOptions(command), n);
    });

  program
    .command('quickstart', { hidden: true })
    .description('configure with the defaults if there is no config file, then start (what `npm start` runs)')
    .action(async (_options: unknown, command: Command) => {
      await runQuickstart(globalOptions(command));
    });

  program
    .command('dump')
    .description(
      'write the decided chain (blocks, transactions, votes) to a compressed, verifiable dump file',
    )
    .argument('[file]', 'where to write (default: bigchaindb-dump-<time>.jsonl.gz; - for stdout)')
    .option('--from-height <n>', 'incremental: continue a dump that ended at height n', integerAtLeast(0))
    .option(
      '--previous <file>',
      'incremental: continue this earlier dump (checks it, takes its height and digest)',
    )
    .addHelpText(
      'after',
      `
Reads the store as of one moment (a read snapshot) while the node keeps working, and writes every
decided block above the starting height with its transactions, status and votes, and the
federation's keys. Undecided blocks at the tip are left for the next dump. The file never
replaces an existing one. A progress line and the summary go to stderr. See docs/backup.md.`,
    )
    .action(
      async (
        file: string | undefined,
        options: { fromHeight?: number; previous?: string },
        command: Command,
      ) => {
        await runDump(globalOptions(command), { ...options, ...(file === undefined ? {} : { file }) });
      },
    );

  program
    .command('verify-dump')
    .description('check dump files (signatures, hashes, votes, continuity, consensus rules) without writing')
    .argument('<files...>', 'a full dump, then the incremental dumps continuing it, in order')
    .addHelpText(
      'after',
      `
Runs every check restore runs: block ids and signatures, transaction ids and signatures, vote
signatures and links, decisions against the votes, heights without gaps, each file continuing the
one before, trailer counts and digests, and every transaction valid in ledger order under the
consensus rules (with the configured plugins). Exits 1 with the reason and the position (file,
line, height, block, transaction) of the first failure.`,
    )
    .action(async (files: string[], _options: unknown, command: Command) => {
      await runVerifyDump(globalOptions(command), files);
    });

  program
    .command('restore')
    .description('restore dump files into an empty store, checking everything first')
    .argument('<files...>', 'a full dump, then the incremental dumps continuing it, in order')
    .addHelpText(
      'after',
      `
Creates the tables (no init needed) and refuses a store that already holds blocks. Each block is
checked as verify-dump checks it before it is written with its votes and decision; the ledger
indexes are filled as decisions are written. When any check fails, every table is dropped again,
leaving the store empty, and the command exits 1 with the reason and position.`,
    )
    .action(async (files: string[], _options: unknown, command: Command) => {
      await runRestore(globalOptions(command), files);
    });

  // The wallet and accounting service (issue 12, docs/wallet.md): its commands take their own config file.
  defineWalletCommands(program);
  defineMinerCommands(program);

  return program;
}
