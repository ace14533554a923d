import { Command } from 'commander';
import { version } from '../version.js';

const program = new Command('bigchaindb')
  .description('BigchainDB node: a federated blockchain database for digital assets')
  .version(version, '-v, --version', 'show the version number')
  .helpOption('-h, --help', 'show help')
  .option('-c, --config <path>', 'configuration file (default: $BIGCHAINDB_CONFIG_PATH or $HOME/.bigchaindb)')
  .option('-y, --yes', 'answer yes to every question and take every default');

program
  .command('quickstart', { hidden: true })
  .description('configure with defaults if needed, then start (what `npm start` runs)')
  .action(() => {
    process.stderr.write('bigchaindb: the node is not built yet (issue "Node: store, pipelines, CLI")\n');
    process.exitCode = 1;
  });

await program.parseAsync(process.argv);
