import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RulesChain, type ChainLink } from './rules-chain.js';
import { BaseConsensusRules, type ConsensusRules } from './rules.js';

/**
 * The plugins `consensus_plugin` names: a comma-separated list (`default` alone, or package names
 * and module paths). `default` is always first in the chain whether listed or not, so it is
 * dropped from the list.
 */
export function pluginNames(setting: string): string[] {
  return setting
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== 'default');
}

/**
 * Loads the chain `consensus_plugin` describes: the default rules, then `builtIn` (the node's own
 * subsystems' rules, such as the SPOOL registry's), then each named plugin in order.
 */
export async function loadRulesChain(
  setting: string,
  baseDir = process.cwd(),
  builtIn: readonly ChainLink[] = [],
): Promise<RulesChain> {
  const links: ChainLink[] = [...builtIn];
  for (const name of pluginNames(setting)) links.push(await loadLink(name, baseDir));
  return new RulesChain(links);
}

/**
 * Loads the rules named by one `consensus_plugin` entry: `default`, an npm package name, or a path
 * to a module (absolute, or relative to `baseDir`). Kept for callers that want one set of rules.
 */
export async function loadConsensusRules(name: string, baseDir = process.cwd()): Promise<ConsensusRules> {
  if (name === '' || name === 'default') return new BaseConsensusRules();
  const link = await loadLink(name, baseDir);
  if (!isRules(link)) throw new Error(`consensus_plugin: "${name}" is a rules plugin, not a set of rules`);
  return link;
}

/**
 * One plugin module. Its default export is a plugin object (`RulePlugin`: name, codes, rules), a
 * class extending `BaseConsensusRules` (the seed's way), an instance of rules, or a function
 * `(base) => rules`.
 */
async function loadLink(name: string, baseDir: string): Promise<ChainLink> {
  const looksLikePath = name.startsWith('.') || isAbsolute(name) || /\.(m?js|cjs)$/.test(name);
  const specifier = looksLikePath ? pathToFileURL(resolve(baseDir, name)).href : name;
  let mod: { default?: unknown };
  try {
    mod = (await import(specifier)) as { default?: unknown };
  } catch (err) {
    throw new Error(`consensus_plugin: cannot load "${name}": ${(err as Error).message}`, { cause: err });
  }
  const exported = mod.default;
  let link: unknown;
  if (typeof exported === 'function') {
    const isClass = /^class\s/.test(Function.prototype.toString.call(exported));
    link = isClass
      ? new (exported as new () => unknown)()
      : (exported as (base: ConsensusRules) => unknown)(new BaseConsensusRules());
  } else {
    link = exported;
  }
  if (!isRules(link) && !isPluginObject(link)) {
    throw new Error(
      `consensus_plugin: "${name}" exports neither consensus rules (the five entry points) nor a rules plugin (name, codes, validateTransaction or validateBlock)`,
    );
  }
  return link;
}

function isRules(v: unknown): v is ConsensusRules {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return [
    'validateTransaction',
    'validateBlock',
    'createTransaction',
    'signTransaction',
    'validateFulfillments',
  ].every((k) => typeof r[k] === 'function');
}

function isPluginObject(v: unknown): v is ChainLink {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.name === 'string' &&
    Array.isArray(r.codes) &&
    (typeof r.validateTransaction === 'function' || typeof r.validateBlock === 'function')
  );
}
