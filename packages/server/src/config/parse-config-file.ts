import { ConfigError } from './config-error.js';
import { settings } from './settings.js';

const knownKeys = new Set<string>(Object.values(settings).map((s) => s.key));
const sections = new Set<string>(
  Object.values(settings)
    .map((s) => s.key.split('.'))
    .filter((parts) => parts.length > 1)
    .map((parts) => parts[0] ?? ''),
);

export interface ParsedConfigFile {
  /** Values by dotted setting key, exactly as the file has them (not yet checked). */
  readonly values: ReadonlyMap<string, unknown>;
  /** One line per key the file has but no setting knows (a typo, or a setting of a newer version). */
  readonly warnings: readonly string[];
}

/**
 * Reads the JSON config file's text into values by setting key. Syntax errors and sections that are
 * not objects are errors; unknown keys are only warnings, so a file written by a newer version, or
 * with a stray key, still starts the node.
 */
export function parseConfigFile(textOfFile: string, path: string): ParsedConfigFile {
  let root: unknown;
  try {
    root = JSON.parse(textOfFile);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
    throw new ConfigError(`${path} is not valid JSON: ${reason}`);
  }
  if (!isPlainObject(root)) throw new ConfigError(`${path} must hold a JSON object of settings`);

  const values = new Map<string, unknown>();
  const warnings: string[] = [];
  const unknown = (key: string): void => {
    warnings.push(`config warning: unknown setting "${key}" in ${path} is ignored`);
  };
  for (const [key, value] of Object.entries(root)) {
    if (sections.has(key)) {
      if (!isPlainObject(value)) {
        throw new ConfigError(
          `${key} must be an object of settings, got ${JSON.stringify(value)} (from ${path})`,
        );
      }
      for (const [subkey, subvalue] of Object.entries(value)) {
        const dotted = `${key}.${subkey}`;
        if (knownKeys.has(dotted)) values.set(dotted, subvalue);
        else unknown(dotted);
      }
    } else if (knownKeys.has(key)) {
      values.set(key, value);
    } else {
      unknown(key);
    }
  }
  return { values, warnings };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
