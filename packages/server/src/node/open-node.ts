import { dirname } from 'node:path';
import { defaultLimits } from '@bigchaindb-ts/core';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { requireKeypair } from '../config/index.js';
import { loadRulesChain } from '../consensus/index.js';
import { systemClock, type Clock } from '../model/index.js';
import type { Store } from '../store/index.js';
import { Bigchain } from './bigchain.js';
import { StatelessValidator } from './verify/index.js';

/** Builds a node from its configuration over an opened store (not started yet). */
export async function createNode(
  config: Config,
  store: Store,
  logger: Logger,
  options: { configPath?: string; clock?: Clock } = {},
): Promise<Bigchain> {
  const baseDir = options.configPath ? dirname(options.configPath) : process.cwd();
  const rules = await loadRulesChain(config.consensusPlugin, baseDir);
  if (rules.plugins.length > 0)
    logger.info(`consensus rules: default, then ${rules.names.join(', ')} (${config.consensusPlugin})`);
  return new Bigchain({
    store,
    keypair: requireKeypair(config),
    keyring: config.keyring,
    rules,
    clock: options.clock ?? systemClock,
    limits: { ...defaultLimits, txSizeBytesMax: config.limits.txSizeBytesMax },
    logger,
    threads: config.server.threads ?? StatelessValidator.defaultThreads(),
    blockTxCountMax: config.block.txCountMax,
    flushIntervalMs: config.block.flushIntervalMs,
    backlogReassignDelayMs: config.backlogReassignDelay * 1000,
    watchdogIntervalMs: config.watchdogInterval * 1000,
    voteQuorum: config.voteQuorum,
  });
}
