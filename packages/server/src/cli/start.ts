import { dirname, resolve } from 'node:path';
import type { Config } from '../config/index.js';
import { explorerRoutes, explorerPrefix } from '../explorer/index.js';
import { buildApp } from '../http/index.js';
import { spoolRoutes } from '../spool/index.js';
import { createLogger } from '../log/index.js';
import {
  instrumentStore,
  NodeMetrics,
  NodeStatusProbe,
  statsdFromConfig,
  type StoreWriteObserver,
} from '../metrics/index.js';
import { createNode, loadNodeRules } from '../node/index.js';
import { requireKeypair } from '../config/index.js';
import { powMode, powPeers } from '../miner/index.js';
import { peerUrl, peerUrls } from '../peers/index.js';
import { initNode } from './init-node.js';
import { describeDatabase, openNodeStore } from './open-node-store.js';
import { parseBind } from './parse-bind.js';

export interface StartOptions {
  /** The config file the configuration came from (or would have, when it does not exist). */
  readonly configPath: string;
  /** `-y` was given. */
  readonly yes: boolean;
}

/**
 * `bigchaindb start`: initialises the database if needed (the seed: start always tries init first),
 * runs the node and its HTTP API until SIGINT or SIGTERM, then shuts down in order: stop taking
 * requests, let the pipelines finish their batch, close the store. Exit code 0.
 */
export async function runStart(config: Config, options: StartOptions): Promise<void> {
  const logger = createLogger({ name: 'bigchaindb' });
  // The plugins first: their ledger indexes are the store's to keep.
  const rules = await loadNodeRules(config, { configPath: options.configPath });
  const store = await openNodeStore(config, { indexes: rules.indexes });
  try {
    const { created } = await initNode(config, store);
    logger.info(`${created ? 'initialized' : 'using'} the ${describeDatabase(config)}`);
    if (rules.plugins.length > 0)
      // Built-in plugins (SPOOL) come with the node; `consensus_plugin` names any other.
      logger.info(
        `consensus rules: default, then ${rules.names.join(', ')}` +
          (config.consensusPlugin === 'default' ? '' : ` (consensus_plugin: ${config.consensusPlugin})`),
      );
    // The node writes through a timed decorator of the store (its metrics are built once the node
    // is, hence the late-bound observer); the backends and the pipelines know nothing of metrics.
    const writes: { observe?: StoreWriteObserver } = {};
    const timedStore = instrumentStore(store, (...args) => writes.observe?.(...args));
    // consensus.mode=proof-of-work: the mode, then its peers and routes (docs/proof-of-work.md).
    const mode = config.consensusMode === 'proof-of-work' ? powMode(config.pow) : undefined;
    const node = await createNode(config, timedStore, logger, { rules, ...(mode ? { mode } : {}) });
    const pow = mode
      ? powPeers(node, mode, requireKeypair(config), {
          selfUrl: peerUrl(new URL(config.apiEndpoint).origin),
          peers: peerUrls(config.peers.addresses),
          logger,
          peersMax: config.peers.max,
          gossipIntervalMs: config.peers.gossipIntervalMs,
          syncIntervalMs: config.peers.syncIntervalMs,
          requestTimeoutMs: config.peers.timeoutMs,
          backlogMax: config.pow.backlogMax,
        })
      : undefined;
    const statsd = statsdFromConfig(config);
    const metrics = new NodeMetrics({
      node,
      ...(statsd === undefined ? {} : { statsd }),
      status: new NodeStatusProbe(node, {
        ...(config.database.backend === 'sqlite' ? { diskPath: dirname(resolve(config.database.path)) } : {}),
      }),
    }).attach();
    writes.observe = metrics.observeStoreWrite;
    if (statsd !== undefined)
      logger.info(
        `StatsD: ${config.statsd.host}:${config.statsd.port}, transactions sampled at ${config.statsd.rate}`,
      );
    await node.start();
    // The pipelines stop before the store closes, whatever happens: a port already in use must not
    // leave them running against a closed store.
    try {
      // `server.workers` maps to one process: the node's pipelines, its in-memory view of the
      // backlog and the event streams' feed live here, so HTTP workers in other processes would
      // each need a node of their own. The CPU-heavy part of a request, signature verification,
      // runs in the `server.threads` worker pool instead (docs/http-api.md).
      if (config.server.workers !== null && config.server.workers > 1) {
        logger.info(
          `server.workers=${config.server.workers}: one process serves HTTP; validation uses worker threads`,
        );
      }
      const app = buildApp({
        node,
        bodySizeBytesMax: config.limits.bodySizeBytesMax,
        // The stream URL `GET /` advertises is on the host and port clients use for the API.
        publicUrl: config.apiEndpoint,
        logger,
        metrics,
        // Subsystems' routes on the API port: the explorer's pages (`explorer.enabled`), the SPOOL
        // registry's reads (docs/spool.md, always served) and, in proof-of-work mode, the seed's
        // miner endpoints and the peers' routes.
        routeModules: [
          ...(config.explorer.enabled ? [explorerRoutes()] : []),
          spoolRoutes({ registrars: config.spool.registrars }),
          ...(pow ? [pow.routes] : []),
        ],
      });
      const { host, port } = parseBind(config.server.bind);
      await app.listen({ host, port });
      logger.info(`listening on http://${config.server.bind}/api/v1 (node ${node.publicKey})`);
      if (config.explorer.enabled) logger.info(`explorer: http://${config.server.bind}${explorerPrefix}/`);
      pow?.network.start();
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      logger.info(`${signal}: shutting down`);
      await pow?.network.stop();
      await app.close();
    } finally {
      await node.stop();
      metrics.detach();
      statsd?.close();
    }
    logger.info('stopped cleanly');
  } finally {
    await store.close();
  }
}
