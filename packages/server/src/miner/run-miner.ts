import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { defaultLimits, generateKeypair, type Keypair } from '@bigchaindb-ts/core';
import type { Logger } from 'pino';
import { loadRulesChain } from '../consensus/index.js';
import { explorerRoutes } from '../explorer/index.js';
import { buildApp } from '../http/index.js';
import { systemClock } from '../model/index.js';
import { Bigchain, StatelessValidator, type PowChain } from '../node/index.js';
import { peerUrls, type PeersReport } from '../peers/index.js';
import { openStore, type Store } from '../store/index.js';
import { saveChainFile } from './chain-file.js';
import { powMode, powPeers } from './pow-wiring.js';

export interface MinerOptions {
  readonly chainPath: string;
  readonly port: number;
  /** Where to listen (default 0.0.0.0, as the seed's Flask server). */
  readonly host?: string;
  /** This node's URL as peers reach it (default http://127.0.0.1:<port>). */
  readonly advertiseUrl?: string;
  readonly difficulty: number;
  readonly network: string;
  /** In any of the seed's forms (`host:port`, `host`, a URL); a bad one throws a RangeError naming it. */
  readonly neighbours: readonly string[];
  readonly forceNewChain: boolean;
  readonly confirmations?: number;
  readonly blockIntervalMs?: number;
  readonly peersMax?: number;
  readonly gossipIntervalMs?: number;
  readonly syncIntervalMs?: number;
  readonly requestTimeoutMs?: number;
  readonly backlogMax?: number;
  /** The seed's backup job: how often the chain file is compared and rewritten if changed. */
  readonly saveIntervalMs?: number;
  readonly logger: Logger;
}

export interface RunningMiner {
  readonly url: string;
  readonly publicKey: string;
  readonly chain: PowChain;
  report(): PeersReport;
  /** Stops the jobs, the server and the node, saves the chain file, closes the store. */
  stop(): Promise<void>;
}

export const saveIntervalMsDefault = 30_000;

/** The miner's own files beside CHAIN_PATH: its key and settings, and its store. */
export function minerPaths(chainPath: string): { dir: string; settings: string; store: string } {
  const abs = resolve(chainPath);
  const dir = dirname(abs);
  const stem = basename(abs, extname(abs));
  return { dir, settings: join(dir, `${stem}.miner.json`), store: join(dir, `${stem}.sqlite`) };
}

/** The miner's key, kept beside the chain (mode 0600) so a second start with the same path resumes it. */
function minerKeypair(path: string, settings: Record<string, unknown>): Keypair {
  if (existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { keypair?: Keypair };
    if (saved.keypair?.publicKey && saved.keypair.privateKey) {
      writeFileSync(path, JSON.stringify({ ...settings, keypair: saved.keypair }, null, 2) + '\n', {
        mode: 0o600,
      });
      return saved.keypair;
    }
  }
  const keypair = generateKeypair();
  writeFileSync(path, JSON.stringify({ ...settings, keypair }, null, 2) + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
  return keypair;
}

/**
 * `bigchaindb miner start`: a proof-of-work node with everything beside CHAIN_PATH (key and
 * settings, SQLite store, chain file and its hash, rotated backups; `miner.log` is the caller's),
 * serving the seed's endpoints and our API on one port, joined to its neighbours.
 */
export async function runMiner(o: MinerOptions): Promise<RunningMiner> {
  const paths = minerPaths(o.chainPath);
  // Checked before anything is written: the peers module speaks in base URLs.
  const neighbours = peerUrls(o.neighbours);
  mkdirSync(paths.dir, { recursive: true });
  if (o.forceNewChain)
    for (const suffix of ['', '-wal', '-shm']) rmSync(paths.store + suffix, { force: true });
  const url = o.advertiseUrl ?? `http://127.0.0.1:${o.port}`;
  const keypair = minerKeypair(paths.settings, {
    network: o.network,
    difficulty: o.difficulty,
    port: o.port,
    neighbours: o.neighbours,
  });
  const store: Store = await openStore({ backend: 'sqlite', sqlitePath: paths.store });
  let node: Bigchain | undefined;
  try {
    await store.init();
    const mode = powMode({
      network: o.network,
      difficulty: o.difficulty,
      ...(o.confirmations === undefined ? {} : { confirmations: o.confirmations }),
      ...(o.blockIntervalMs === undefined ? {} : { blockIntervalMs: o.blockIntervalMs }),
    });
    node = new Bigchain({
      store,
      keypair,
      keyring: [],
      rules: await loadRulesChain('default', paths.dir),
      clock: systemClock,
      limits: defaultLimits,
      logger: o.logger,
      // Signatures are checked in worker threads: the event loop stays free for peers' blocks.
      threads: StatelessValidator.defaultThreads(),
      blockTxCountMax: 1000,
      flushIntervalMs: 10,
      backlogReassignDelayMs: 30_000,
      voteQuorum: 'majority',
      mode,
    });
    await node.start();
    const started = node;
    const chain = mode.chain;
    const { network, routes } = powPeers(started, mode, keypair, {
      selfUrl: url,
      peers: neighbours,
      logger: o.logger,
      ...(o.peersMax === undefined ? {} : { peersMax: o.peersMax }),
      ...(o.gossipIntervalMs === undefined ? {} : { gossipIntervalMs: o.gossipIntervalMs }),
      ...(o.syncIntervalMs === undefined ? {} : { syncIntervalMs: o.syncIntervalMs }),
      ...(o.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: o.requestTimeoutMs }),
      ...(o.backlogMax === undefined ? {} : { backlogMax: o.backlogMax }),
    });
    const app = buildApp({
      node: started,
      bodySizeBytesMax: 16 * 1024 * 1024,
      publicUrl: `${url}/api/v1`,
      logger: o.logger,
      // The explorer's pages too (issue 15: every node serves them): its federation page shows
      // the proof-of-work network, the chain tip and the peers.
      routeModules: [explorerRoutes(), routes],
    });
    await app.listen({ host: o.host ?? '0.0.0.0', port: o.port });
    network.start();
    // The tip names the whole chain (each block links to the one before): an unchanged tip needs no
    // export; otherwise the file is compared with its hash and rewritten only if it differs.
    let savedTip = '';
    const save = async () => {
      const tip = chain.tip().hash;
      if (tip === savedTip && existsSync(resolve(o.chainPath))) return;
      const blocks = await chain.blocks(0, chain.tip().height + 1);
      savedTip = tip;
      if (saveChainFile(resolve(o.chainPath), JSON.stringify(blocks, null, 1) + '\n'))
        o.logger.debug({ height: chain.tip().height }, 'saved the chain file');
    };
    await save();
    const timer = setInterval(
      () => void save().catch((err: unknown) => o.logger.error({ err }, 'saving the chain file failed')),
      o.saveIntervalMs ?? saveIntervalMsDefault,
    );
    timer.unref();
    o.logger.info(
      {
        url,
        network: o.network,
        difficulty: o.difficulty,
        key: keypair.publicKey,
        height: chain.tip().height,
      },
      `miner listening on ${url} (API ${url}/api/v1)`,
    );
    return {
      url,
      publicKey: keypair.publicKey,
      chain,
      report: () => network.report(),
      stop: async () => {
        clearInterval(timer);
        await network.stop();
        await app.close();
        await started.stop();
        await save();
        await store.close();
      },
    };
  } catch (err) {
    await node?.stop().catch(() => {});
    await store.close();
    throw err;
  }
}
