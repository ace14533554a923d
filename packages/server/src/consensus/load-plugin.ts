import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BaseConsensusRules, type ConsensusRules } from './rules.js';

/**
 * Loads the rules named by `consensus_plugin`: `default`, an npm package name, or a path to a
 * module (absolute, or relative to `baseDir`). The module's default export is a class extending
 * `BaseConsensusRules` (the seed's way), an instance of rules, or a function `(base) => rules`.
 */
export async function loadConsensusRules(name: string, baseDir = process.cwd()): Promise<ConsensusRules> {
  if (name === '' || name === 'default') return new BaseConsensusRules();
  const looksLikePath = name.startsWith('.') || isAbsolute(name) || /\.(m?js|cjs)$/.test(name);
  const specifier = looksLikePath ? pathToFileURL(resolve(baseDir, name)).href : name;
  let mod: { default?: unknown };
  try {
    mod = (await import(specifier)) as { default?: unknown };
  } catch (err) {
    throw new Error(`consensus_plugin: cannot load "${name}": ${(err as Error).message}`, { cause: err });
  }
  const exported = mod.default;
  let rules: unknown;
  if (typeof exported === 'function') {
    const isClass = /^class\s/.test(Function.prototype.toString.call(exported));
    rules = isClass
      ? new (exported as new () => unknown)()
      : (exported as (base: ConsensusRules) => unknown)(new BaseConsensusRules());
  } else {
    rules = exported;
  }
  if (!isRules(rules)) {
    throw new Error(`consensus_plugin: "${name}" does not export consensus rules (the five entry points)`);
  }
  return rules;
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
