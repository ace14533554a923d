import { dirname } from 'node:path';
import { defaultLimits } from '@bigchaindb-ts/core';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { requireKeypair } from '../config/index.js';
import { loadRulesChain, type ChainLink, type RulesChain } from '../consensus/index.js';
import { createSpoolRules } from '../spool/index.js';
import { systemClock, type Clock } from '../model/index.js';
import type { Store } from '../store/index.js';
import { Bigchain } from './bigchain.js';
import type { ConsensusMode } from './modes/index.js';
import { StatelessValidator } from './verify/index.js';

/**
 * The rule plugins every node runs after the default rules, before those `consensus_plugin`
 * names: the SPOOL registry (docs/spool.md), with the registrars of `spool.registrars`.
 */
export function builtInPlugins(config: Pick<Config, 'spool'>): ChainLink[] {
  return [createSpoolRules({ registrars: config.spool.registrars })];
}

/**
 * The rules chain: the defaults, the built-in plugins, then those `consensus_plugin` names (paths
 * relative to the config file's folder). Load it before opening the store: the plugins' ledger
 * indexes (`chain.indexes`) are the store's to keep.
 */
export function loadNodeRules(config: Config, options: { configPath?: string } = {}): Promise<RulesChain> {
  const baseDir = options.configPath ? dirname(options.configPath) : process.cwd();
  return loadRulesChain(config.consensusPlugin, baseDir, builtInPlugins(config));
}

/**
 * Builds a node from its configuration over an opened store (not started yet). `rules`: the chain
 * the store was opened for (see `loadNodeRules`); loaded from the config when absent.
 */
export async function createNode(
  config: Config,
  store: Store,
  logger: Logger,
  options: { configPath?: string; clock?: Clock; rules?: RulesChain; mode?: ConsensusMode } = {},
): Promise<Bigchain> {
  const rules = options.rules ?? (await loadNodeRules(config, options));
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
    ...(options.mode === undefined ? {} : { mode: options.mode }),
  });
}
