import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { createLogger } from '../log/index.js';
import { minerPaths, RotatingLog, runMiner } from '../miner/index.js';
import { defaultPeerPort, peerUrls } from '../peers/index.js';
import { defaultDifficulty, defaultNetworkId, powLimits } from '../pow/index.js';
import { CliError } from './cli-error.js';
import { integerAtLeast } from './parse-arguments.js';

interface MinerStartFlags {
  port: number;
  difficulty: number;
  neighbours?: string;
  force_new_chain?: boolean;
  forceNewChain?: boolean;
  chain_serialization?: string;
  chainSerialization?: string;
  network?: string;
  host?: string;
  advertise?: string;
  confirmations?: number;
  blockIntervalMs?: number;
  gossipIntervalMs?: number;
  syncIntervalMs?: number;
  peersMax?: number;
}

const green = (s: string) => (process.stdout.isTTY ? `\x1b[32m${s}\x1b[0m` : s);
const red = (s: string) => (process.stderr.isTTY ? `\x1b[31m${s}\x1b[0m` : s);

/** An integer setting from the environment (`BIGCHAINDB_…`), or undefined. */
function envInt(name: string, min: number): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min)
    throw new CliError(`${name} must be an integer >= ${min}, got ${text}`);
  return n;
}

function difficulty(text: string): number {
  const n = integerAtLeast(1)(text);
  if (n > powLimits.difficultyMax)
    throw new InvalidArgumentError(`must be at most ${powLimits.difficultyMax}`);
  return n;
}

/** The seed's client host: `0.0.0.0` and `localhost` mean this machine. */
function minerUrl(host: string, port: number): string {
  return peerUrls(`${host}:${port}`)[0]!;
}

async function request(url: string, method: 'GET' | 'PUT'): Promise<{ status: number; body: unknown }> {
  try {
    const res = await fetch(url, { method, signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: await res.json() };
  } catch (err) {
    throw new CliError(`Something went wrong! (${url}: ${(err as Error).message})`, { cause: err });
  }
}

/**
 * The seed's commands (reference C.7), with its option names; kebab-case forms are accepted too:
 * `miner start CHAIN_PATH`, `add MESSAGE`, `get chain`, `get neighbours`.
 */
export function defineMinerCommands(program: Command): void {
  const miner = program.command('miner').description('run a proof-of-work miner (seed 004)');
  miner
    .command('start')
    .description(
      'start a proof-of-work node whose key, settings, store and chain file live beside CHAIN_PATH',
    )
    .argument('<CHAIN_PATH>', 'the chain file (JSON); the miner keeps its other files in the same folder')
    .option(
      '--port <port>',
      'port of the seed endpoints and of the API (/api/v1)',
      integerAtLeast(1),
      defaultPeerPort,
    )
    .option(
      '--difficulty <n>',
      'trailing zero hex digits of a proof (fixed in the genesis)',
      difficulty,
      defaultDifficulty,
    )
    .option('--neighbours <list>', 'peers, "host:port,host:port" (also $BIGCHAINDB_PEERS)')
    .option(
      '--force_new_chain',
      "forget the stored chain and start from the genesis (then adopt the network's)",
    )
    .addOption(new Option('--force-new-chain').hideHelp())
    .option('--chain_serialization <format>', 'chain file format: json (the only one)')
    .addOption(new Option('--chain-serialization <format>').hideHelp())
    .option('--network <name>', 'network name, in the genesis (also $BIGCHAINDB_POW_NETWORK)')
    .option('--host <host>', 'address to listen on', '0.0.0.0')
    .option('--advertise <url>', "this node's URL as peers reach it (default http://127.0.0.1:<port>)")
    .option(
      '--confirmations <n>',
      'blocks on top before valid (default 3; $BIGCHAINDB_POW_CONFIRMATIONS)',
      integerAtLeast(1),
    )
    .option(
      '--block-interval-ms <ms>',
      'least time between blocks mined here (default 1000)',
      integerAtLeast(0),
    )
    .option('--gossip-interval-ms <ms>', 'gossip interval (default 20000)', integerAtLeast(1))
    .option('--sync-interval-ms <ms>', 'tip check interval (default 10000)', integerAtLeast(1))
    .option('--peers-max <n>', 'most peers (default 3)', integerAtLeast(1))
    .action(async (chainPath: string, flags: MinerStartFlags) => {
      const format = flags.chain_serialization ?? flags.chainSerialization ?? 'json';
      if (format !== 'json')
        throw new CliError(
          `--chain_serialization ${format}: only json is written (the seed's pickle is Python-only)`,
        );
      const neighbours = peerUrls([
        ...(flags.neighbours ?? '').split(','),
        ...(process.env.BIGCHAINDB_PEERS ?? '').split(','),
      ]);
      const file = new RotatingLog(join(minerPaths(chainPath).dir, 'miner.log'));
      const logger = createLogger({
        name: 'miner',
        write: (line) => {
          writeSync(2, line);
          file.write(line);
        },
      });
      const opt = <T>(v: T | undefined, env: string, min: number) => v ?? envInt(env, min);
      const running = await runMiner({
        chainPath,
        port: flags.port,
        host: flags.host ?? '0.0.0.0',
        ...(flags.advertise === undefined ? {} : { advertiseUrl: flags.advertise }),
        difficulty: flags.difficulty,
        network: flags.network ?? process.env.BIGCHAINDB_POW_NETWORK ?? defaultNetworkId,
        neighbours,
        forceNewChain: flags.force_new_chain === true || flags.forceNewChain === true,
        logger,
        ...defined({
          confirmations: opt(flags.confirmations, 'BIGCHAINDB_POW_CONFIRMATIONS', 1),
          blockIntervalMs: opt(flags.blockIntervalMs, 'BIGCHAINDB_POW_BLOCK_INTERVAL_MS', 0),
          gossipIntervalMs: opt(flags.gossipIntervalMs, 'BIGCHAINDB_PEERS_GOSSIP_INTERVAL_MS', 1),
          syncIntervalMs: opt(flags.syncIntervalMs, 'BIGCHAINDB_PEERS_SYNC_INTERVAL_MS', 1),
          peersMax: opt(flags.peersMax, 'BIGCHAINDB_PEERS_MAX', 1),
          requestTimeoutMs: envInt('BIGCHAINDB_PEERS_TIMEOUT_MS', 1),
          backlogMax: envInt('BIGCHAINDB_POW_BACKLOG_MAX', 1),
          saveIntervalMs: envInt('BIGCHAINDB_POW_SAVE_INTERVAL_MS', 1),
        }),
      }).catch((err: unknown) => {
        // A store of another network (other name or difficulty) is the operator's to resolve.
        if (err instanceof Error && err.message.includes('another network')) throw new CliError(err.message);
        throw err;
      });
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      logger.info(`${signal}: stopping the miner`);
      await running.stop();
      logger.info('stopped cleanly; the chain is saved');
    });

  program
    .command('add')
    .description("add a message to a miner's pending data (the seed's PUT /add)")
    .argument('<MESSAGE>')
    .option('--host <host>', 'miner host', '0.0.0.0')
    .option('--port <port>', 'miner port', integerAtLeast(1), defaultPeerPort)
    .action(async (message: string, flags: { host: string; port: number }) => {
      const url = `${minerUrl(flags.host, flags.port)}/add?message=${encodeURIComponent(message)}`;
      const { status, body } = await request(url, 'PUT');
      const text = (body as { message?: string }).message;
      if (status !== 200) throw new CliError(`Something went wrong! ${text ?? ''}`.trim());
      process.stdout.write(green(String(text)) + '\n');
    });

  const get = program.command('get').description("read a miner's chain or neighbours");
  get
    .command('chain')
    .description("print the miner's chain")
    .option('--host <host>', 'miner host', '0.0.0.0')
    .option('--port <port>', 'miner port', integerAtLeast(1), defaultPeerPort)
    .action(async (flags: { host: string; port: number }) => {
      const { status, body } = await request(`${minerUrl(flags.host, flags.port)}/chain`, 'GET');
      if (status !== 200) throw new CliError(red('Something went wrong!'));
      const b = body as { chain: unknown[]; length: number };
      process.stdout.write(`Chain with length: ${b.length}\n${JSON.stringify(b.chain, null, 2)}\n`);
    });
  get
    .command('neighbours')
    .alias('neighbors')
    .description("print the miner's neighbours")
    .option('--host <host>', 'miner host', '0.0.0.0')
    .option('--port <port>', 'miner port', integerAtLeast(1), defaultPeerPort)
    .action(async (flags: { host: string; port: number }) => {
      const { status, body } = await request(`${minerUrl(flags.host, flags.port)}/neighbours`, 'GET');
      if (status !== 200) throw new CliError(red('Something went wrong!'));
      const b = body as { neighbours: unknown[]; length: number };
      process.stdout.write(`Actual are ${b.length} neighbours available.\n${JSON.stringify(b.neighbours)}\n`);
    });
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
