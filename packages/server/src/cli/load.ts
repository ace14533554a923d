import { postModes } from '@bigchaindb-ts/core';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Config } from '../config/index.js';
import {
  describeMachine,
  formatTable,
  machineLine,
  makeWorkload,
  measureLoad,
  type WorkloadKind,
} from '@bigchaindb-ts/load';
import { globalOptions, loadCommandConfig } from './global-options.js';
import { integerAtLeast, positiveNumber } from './parse-arguments.js';

/** How `POST /transactions` answers: at once, after validation, or once the block is decided. */
export type LoadMode = 'async' | 'sync' | 'commit';

export interface LoadOptions {
  /** How many transactions to sign and send (with `rate` and `durationSeconds`: rate × duration). */
  readonly count: number;
  /** How many requests may be in flight at once. */
  readonly concurrency: number;
  /** Sockets per node (default: 8, or `concurrency` in commit mode). */
  readonly connections?: number;
  /** Transactions per second to offer; null sends as fast as the node answers. */
  readonly rate: number | null;
  /** With `rate`: send for this long; without: stop sending after this long. */
  readonly durationSeconds?: number | null;
  readonly mode: LoadMode;
  /** API endpoints to send to, e.g. `http://localhost:9984/api/v1`; streams are dealt in turn. */
  readonly urls: readonly string[];
  /** What to send: independent CREATEs, transfer chains, or a mix. */
  readonly kind?: WorkloadKind;
  readonly chainLength?: number;
  /** Fraction of deliberate double spends. */
  readonly conflicts?: number;
  readonly owners?: number;
  readonly threshold?: number;
  readonly divisible?: boolean;
  /** Seconds of the Ed25519 verify ceiling measured before the load (0 skips it). */
  readonly ceilingSeconds?: number;
  /** Node process ids whose memory is sampled (Linux). */
  readonly nodePids?: readonly number[];
  readonly idleSeconds?: number;
  /** Signing threads (default one per core). */
  readonly threads?: number;
}

/** Defines `bigchaindb load` on `command` (made by `program.command('load')`, so it inherits the program's settings). */
export function defineLoadCommand(command: Command): Command {
  return command
    .description(
      'sign test transactions, post them to a node and measure throughput, latency and correctness',
    )
    .option('--count <n>', 'how many transactions to sign and send', integerAtLeast(1), 1000)
    .option(
      '--duration <seconds>',
      'with --rate: send rate × seconds transactions; without: stop sending after this long',
      positiveNumber,
    )
    .option(
      '--rate <n>',
      'transactions per second to offer (default: as fast as the node answers)',
      positiveNumber,
    )
    .option('--concurrency <n>', 'how many requests in flight at once', integerAtLeast(1), 64)
    .option(
      '--connections <n>',
      'sockets per node (default: 8, pipelined; in commit mode one per request)',
      integerAtLeast(1),
    )
    .addOption(
      new Option('--mode <mode>', 'when the node answers: at once, after validation, or once committed')
        .choices(postModes)
        .default('async'),
    )
    .option(
      '--url <url>',
      'API endpoint to send to; several, comma-separated, get the streams in turn (default: api_endpoint from the configuration)',
    )
    .addOption(
      new Option('--kind <kind>', 'what to send: independent CREATEs, chains of TRANSFERs, or half of each')
        .choices(['create', 'transfer', 'mix'])
        .default('create'),
    )
    .option('--chain-length <n>', 'transactions per chain, its CREATE included', integerAtLeast(2), 10)
    .option('--conflicts <fraction>', 'fraction of deliberate double spends, e.g. 0.01', fraction, 0)
    .option('--owners <n>', 'owners of every output (joint ownership)', integerAtLeast(1), 1)
    .option(
      '--threshold <m>',
      'signatures needed to spend a jointly owned output (default: all owners)',
      integerAtLeast(1),
    )
    .option('--divisible', 'divisible assets: amounts split at every transfer')
    .option(
      '--ceiling-seconds <s>',
      'seconds to measure the Ed25519 verify ceiling before the load (0: skip)',
      nonNegative,
      3,
    )
    .option(
      '--node-pid <pids>',
      'process id(s) of the node(s), comma-separated, to sample their memory (Linux)',
      pidList,
    )
    .option(
      '--idle-seconds <s>',
      'with --node-pid: seconds to keep sampling memory after the run',
      nonNegative,
      10,
    )
    .option('--threads <n>', 'signing threads (default: one per core)', integerAtLeast(1))
    .addHelpText(
      'after',
      `
Signs the transactions first (not timed), measures this machine's Ed25519 verify ceiling on all
cores, then posts the transactions over keep-alive HTTP. A chain's next TRANSFER is sent once the
previous one was accepted; a conflict is a second TRANSFER of an output another transaction of the
run spends, sent after it, and is expected to be refused (400) or decided invalid. Afterwards the
fate of every accepted transaction is read back, and the run is checked: nothing missing or pending,
every ordinary transaction valid, no output spent by two valid transactions, and the node's unspent
outputs for a few of the run's keys include none a valid transaction spent.

Prints a table (accepted and committed per second, committed per second in the steady window,
accept→valid latency percentiles, the ceiling and committed/ceiling, the checks, the client's CPU
per request, the node's memory with --node-pid) and, last, the same figures as one JSON line.
Exits 1 when a check fails.`,
    )
    .action(async (opts: CommandOptions, cmd: Command) => {
      const { config } = await loadCommandConfig(globalOptions(cmd));
      const ok = await runLoad(config, {
        count: opts.count,
        concurrency: opts.concurrency,
        ...(opts.connections === undefined ? {} : { connections: opts.connections }),
        rate: opts.rate ?? null,
        durationSeconds: opts.duration ?? null,
        mode: opts.mode,
        urls: (opts.url ?? config.apiEndpoint).split(',').map((u) => u.trim()),
        kind: opts.kind,
        chainLength: opts.chainLength,
        conflicts: opts.conflicts,
        owners: opts.owners,
        ...(opts.threshold === undefined ? {} : { threshold: opts.threshold }),
        divisible: opts.divisible === true,
        ceilingSeconds: opts.ceilingSeconds,
        ...(opts.nodePid === undefined ? {} : { nodePids: opts.nodePid }),
        idleSeconds: opts.idleSeconds,
        ...(opts.threads === undefined ? {} : { threads: opts.threads }),
      });
      if (!ok) process.exitCode = 1;
    });
}

interface CommandOptions {
  count: number;
  duration?: number;
  rate?: number;
  concurrency: number;
  connections?: number;
  mode: LoadMode;
  url?: string;
  kind: WorkloadKind;
  chainLength: number;
  conflicts: number;
  owners: number;
  threshold?: number;
  divisible?: boolean;
  ceilingSeconds: number;
  nodePid?: number[];
  idleSeconds: number;
  threads?: number;
}

function fraction(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !(n >= 0 && n < 1))
    throw new InvalidArgumentError('must be a fraction >= 0 and < 1');
  return n;
}

function nonNegative(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('must be a number >= 0');
  return n;
}

function pidList(text: string): number[] {
  return text.split(',').map((p) => integerAtLeast(1)(p.trim()));
}

/**
 * `bigchaindb load`: signs the workload (before timing), measures the verify ceiling, posts the
 * workload and prints the table and, last, a JSON line. Resolves false when a check failed.
 */
export async function runLoad(_config: Config, options: LoadOptions): Promise<boolean> {
  const progress = progressLine();
  const kind = options.kind ?? 'create';
  const count =
    options.rate !== null && options.durationSeconds
      ? Math.round(options.rate * options.durationSeconds)
      : options.count;
  const workload = await makeWorkload({
    kind,
    count,
    ...(options.chainLength === undefined ? {} : { chainLength: options.chainLength }),
    ...(options.conflicts === undefined ? {} : { conflicts: options.conflicts }),
    ...(options.owners === undefined ? {} : { owners: options.owners }),
    ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
    ...(options.divisible === undefined ? {} : { divisible: options.divisible }),
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    onProgress: (n, total) => progress(`signing ${n}/${total}`),
  });
  const machine = describeMachine();
  const command = `bigchaindb ${process.argv.slice(2).join(' ')}`.trimEnd();
  const result = await measureLoad({
    label: options.urls.join(', '),
    targets: options.urls,
    workload,
    concurrency: options.concurrency,
    ...(options.connections === undefined ? {} : { connections: options.connections }),
    rate: options.rate,
    mode: options.mode,
    durationSeconds: options.rate === null ? (options.durationSeconds ?? null) : null,
    ceilingSeconds: options.ceilingSeconds ?? 3,
    pids: options.nodePids ?? [],
    idleSeconds: options.idleSeconds ?? 10,
    onProgress: progress,
  });
  progress.done();
  process.stdout.write(
    `# command: ${command}\n${machineLine(machine)}\n\n${formatTable([result])}\n` +
      `${JSON.stringify({ bench: 'load', command, machine, results: [result] })}\n`,
  );
  return result.checks.ok;
}

/** One status line on stderr: rewritten in place on a terminal, a line every few seconds otherwise. */
function progressLine(): ((text: string) => void) & { done: () => void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  const show = (text: string) => {
    const now = Date.now();
    if (tty) process.stderr.write(`\r\x1b[2K${text}`);
    else if (now - last > 2000) {
      process.stderr.write(`${text}\n`);
      last = now;
    }
  };
  return Object.assign(show, { done: () => tty && process.stderr.write('\r\x1b[2K') });
}
