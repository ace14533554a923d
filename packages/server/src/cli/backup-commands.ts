import type { Config } from '../config/index.js';
import { CliError } from './cli-error.js';
import { loadCommandConfig, type GlobalOptions } from './global-options.js';
import { describeDatabase, openNodeStore } from './open-node-store.js';

/** The default dump name: sortable, and safe in a file name on every system. */
function defaultDumpFile(): string {
  return `bigchaindb-dump-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl.gz`;
}

/** The federation the node counts votes with: its own key and its keyring, as `Bigchain` does. */
function federationOf(config: Config): string[] {
  const own = config.keypair.public;
  return [...new Set([...(own === null ? [] : [own]), ...config.keyring])].sort();
}

/** A refusal of the backup module becomes a one-line error with exit 1. */
function asCliError(err: unknown): unknown {
  if (err instanceof Error && (err.name === 'DumpRefusal' || err.name === 'RestoreTargetNotEmpty'))
    return new CliError(err.message, { cause: err });
  return err;
}

function summary(
  what: string,
  s: {
    blocks: number;
    votes: number;
    transactions: number;
    bytes: number;
    toHeight: number | null;
    digest: string;
  },
): string {
  return `${what}: ${s.blocks} blocks, ${s.votes} votes, ${s.transactions} transactions, ${s.bytes} bytes, ledger height ${s.toHeight ?? 'none'}, digest sha256:${s.digest}\n`;
}

/** `bigchaindb dump [FILE]`. */
export async function runDump(
  globals: GlobalOptions,
  options: { file?: string; fromHeight?: number; previous?: string },
): Promise<void> {
  const loaded = await loadCommandConfig(globals);
  const { config } = loaded;
  const { dumpChain, progressLine, verifyChain } = await import('../backup/index.js');
  let afterHeight = options.fromHeight ?? null;
  let previousDigest: string | null = null;
  if (options.previous !== undefined) {
    // The previous dump is checked on its own (its transactions may spend older ones), then
    // named in the header: verify-dump and restore check that the two chain.
    const { loadNodeRules } = await import('../node/index.js');
    const rules = await loadNodeRules(config, { configPath: loaded.file.path });
    const prev = await verifyChain([options.previous], rules).catch((err: unknown) => {
      throw asCliError(err);
    });
    if (afterHeight !== null && afterHeight !== prev.toHeight)
      throw new CliError(
        `--from-height ${afterHeight} does not continue ${options.previous}, which ends at height ${String(prev.toHeight)}`,
      );
    if (prev.toHeight === null) throw new CliError(`${options.previous} holds no block to continue from`);
    afterHeight = prev.toHeight;
    previousDigest = prev.digest;
  }
  const file = options.file ?? defaultDumpFile();
  const { loadNodeRules } = await import('../node/index.js');
  const rules = await loadNodeRules(config, { configPath: loaded.file.path });
  const store = await openNodeStore(config, { indexes: rules.indexes });
  const line = progressLine('dump');
  try {
    const s = await dumpChain(store, {
      file,
      federation: federationOf(config),
      voteQuorum: config.voteQuorum,
      afterHeight,
      previousDigest,
      progress: line.progress,
    });
    line.done();
    process.stderr.write(
      summary(`Dumped the ${describeDatabase(config)} to ${file}`, { ...s, toHeight: s.to_height }),
    );
  } finally {
    await store.close();
  }
}

/** `bigchaindb verify-dump FILE...`. */
export async function runVerifyDump(globals: GlobalOptions, files: readonly string[]): Promise<void> {
  const loaded = await loadCommandConfig(globals);
  const { progressLine, verifyChain } = await import('../backup/index.js');
  const { loadNodeRules } = await import('../node/index.js');
  const rules = await loadNodeRules(loaded.config, { configPath: loaded.file.path });
  const line = progressLine('verify');
  try {
    const s = await verifyChain(files, rules, line.progress);
    line.done();
    const note = s.ledgerChecked
      ? ''
      : ' (the chain starts with an incremental dump: ledger rules not checked)';
    process.stdout.write(summary(`Verified ${s.files} file(s)${note}`, s));
  } catch (err) {
    line.done();
    throw asCliError(err);
  }
}

/** `bigchaindb restore FILE...`. */
export async function runRestore(globals: GlobalOptions, files: readonly string[]): Promise<void> {
  const loaded = await loadCommandConfig(globals);
  const { config } = loaded;
  const { progressLine, ReplayClock, restoreChain } = await import('../backup/index.js');
  const { loadNodeRules } = await import('../node/index.js');
  const rules = await loadNodeRules(config, { configPath: loaded.file.path });
  const clock = new ReplayClock();
  const store = await openNodeStore(config, { indexes: rules.indexes, clock, bulkLoad: true });
  const line = progressLine('restore');
  try {
    const s = await restoreChain(store, files, rules, { progress: line.progress, clock });
    line.done();
    process.stdout.write(summary(`Restored ${s.files} file(s) into the ${describeDatabase(config)}`, s));
  } catch (err) {
    line.done();
    throw asCliError(err);
  } finally {
    await store.close();
  }
}
