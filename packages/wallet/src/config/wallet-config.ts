import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  apiBindDefault,
  broadcastPeriodSecondsDefault,
  confirmationCountDefault,
  eventAttemptsMaxDefault,
  maxConfirmationCountDefault,
  statusServerHostDefault,
  statusServerPortDefault,
  transactionRetriesDefault,
} from '../constants.js';
import { parseDatabaseUrl, type DatabaseTarget } from '../db/index.js';
import { WalletConfigError } from '../errors.js';
import { passphraseVariable } from '../keystore/index.js';
import type { CoinRules } from '../model/index.js';

export interface CoinConfig {
  readonly rules: CoinRules;
  /** `coins.<name>.backend.urls`: node API URLs, tried in turn (failover). */
  readonly urls: readonly string[];
}

export type EventHandlerConfig =
  | { readonly name: string; readonly kind: 'http'; readonly url: string; readonly attemptsMax: number }
  | {
      readonly name: string;
      readonly kind: 'in-process';
      readonly callback: string;
      readonly attemptsMax: number;
    }
  | {
      readonly name: string;
      readonly kind: 'script';
      readonly script: string;
      readonly logOutput: boolean;
      readonly attemptsMax: number;
    };

export interface WalletConfig {
  /** The config file's folder: relative paths (SQLite files, callback modules) start here. */
  readonly baseDir: string;
  readonly database: {
    readonly url: string;
    readonly target: DatabaseTarget;
    readonly transactionRetries: number;
  };
  readonly coins: ReadonlyMap<string, CoinConfig>;
  readonly events: readonly EventHandlerConfig[];
  readonly statusServer: { readonly enabled: boolean; readonly ip: string; readonly port: number };
  readonly service: { readonly broadcastPeriodSeconds: number };
  readonly api: {
    readonly enabled: boolean;
    readonly host: string;
    readonly port: number;
    readonly token: string | undefined;
  };
  /** From the config or `BIGCHAINDB_WALLET_PASSPHRASE` (which wins); never printed. */
  readonly passphrase: string | undefined;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(key: string, what: string): never {
  throw new WalletConfigError(`${key}: ${what}`);
}

function section(parent: Obj, name: string, key: string): Obj {
  const v = parent[name];
  if (v === undefined || v === null) return {};
  if (!isObj(v)) bad(key, 'must be a mapping');
  return v;
}

function str(o: Obj, name: string, key: string, fallback?: string): string {
  const v = o[name];
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    bad(key, 'is required');
  }
  if (typeof v !== 'string' || v.trim() === '') bad(key, 'must be a non-empty string');
  return v;
}

function int(
  o: Obj,
  name: string,
  key: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const v = o[name];
  if (v === undefined || v === null) return fallback;
  const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
    bad(key, `must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return n;
}

function bool(o: Obj, name: string, key: string, fallback: boolean): boolean {
  const v = o[name];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') bad(key, `must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** `host:port`, e.g. `127.0.0.1:18880` or `[::1]:18880`. */
export function parseBind(text: string, key: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text.trim());
  const port = Number(m?.[2]);
  if (!m || !(port >= 0 && port <= 65535)) bad(key, `must be host:port, got ${JSON.stringify(text)}`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/** The seed's dotted class names, and ours. */
function eventKind(cls: string, key: string): EventHandlerConfig['kind'] {
  const c = cls.trim();
  if (c === 'http' || /\.HTTPEventHandler$/.test(c)) return 'http';
  if (c === 'in-process' || /\.(InProcessEventHandler|InProcessNotifier)$/.test(c)) return 'in-process';
  if (c === 'script' || /\.(ScriptEventHandler|ShellNotifier)$/.test(c)) return 'script';
  bad(key, `must be http, in-process or script (or the seed's class names), got ${JSON.stringify(cls)}`);
}

const assetIdPattern = /^[0-9a-f]{64}$/;

/**
 * Reads and checks a wallet config (the seed's sections, YAML or JSON). Every problem is one
 * WalletConfigError naming the key; the commands print it as one line and exit 1.
 */
export function buildWalletConfig(
  raw: unknown,
  baseDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): WalletConfig {
  if (!isObj(raw)) bad('(top level)', 'the config must be a mapping of sections');
  const database = section(raw, 'database', 'database');
  const url = str(database, 'url', 'database.url');
  const coinsRaw = section(raw, 'coins', 'coins');
  const coins = new Map<string, CoinConfig>();
  for (const [name, value] of Object.entries(coinsRaw)) {
    const key = `coins.${name}`;
    if (!/^[a-z0-9][a-z0-9_-]{0,31}$/.test(name))
      bad(key, 'a coin name is 1 to 32 lowercase letters, digits, _ or -');
    if (!isObj(value)) bad(key, 'must be a mapping');
    const assetId = str(value, 'asset_id', `${key}.asset_id`).trim().toLowerCase();
    if (!assetIdPattern.test(assetId))
      bad(`${key}.asset_id`, 'must be the id (64 hex digits) of the CREATE that made the coin');
    const backend = section(value, 'backend', `${key}.backend`);
    if (backend.class !== undefined && backend.class !== 'bigchaindb')
      bad(
        `${key}.backend.class`,
        `the only backend is bigchaindb (a node's HTTP API), got ${JSON.stringify(backend.class)}`,
      );
    const urlsRaw = backend.urls ?? (backend.url === undefined ? undefined : [backend.url]);
    if (!Array.isArray(urlsRaw) || urlsRaw.length === 0)
      bad(`${key}.backend.urls`, 'must list at least one node API URL');
    const urls = urlsRaw.map((u, i) => {
      if (typeof u !== 'string' || !/^https?:\/\/[^\s]+$/.test(u))
        bad(`${key}.backend.urls[${i}]`, `not an http(s) URL: ${JSON.stringify(u)}`);
      return u;
    });
    const confirmationCount = int(
      value,
      'confirmation_count',
      `${key}.confirmation_count`,
      confirmationCountDefault,
      0,
      1_000,
    );
    const maxConfirmationCount = int(
      value,
      'max_confirmation_count',
      `${key}.max_confirmation_count`,
      Math.max(maxConfirmationCountDefault, confirmationCount),
      1,
      10_000,
    );
    if (maxConfirmationCount < confirmationCount)
      bad(`${key}.max_confirmation_count`, `must be at least confirmation_count (${confirmationCount})`);
    coins.set(name, { rules: { name, assetId, confirmationCount, maxConfirmationCount }, urls });
  }
  if (coins.size === 0) bad('coins', 'configure at least one coin (coins.<name>.asset_id and backend.urls)');
  const events: EventHandlerConfig[] = [];
  for (const [name, value] of Object.entries(section(raw, 'events', 'events'))) {
    const key = `events.${name}`;
    if (!isObj(value)) bad(key, 'must be a mapping');
    const kind = eventKind(str(value, 'class', `${key}.class`), `${key}.class`);
    const attemptsMax = int(
      value,
      'max_attempts',
      `${key}.max_attempts`,
      eventAttemptsMaxDefault,
      1,
      1_000_000,
    );
    if (kind === 'http') {
      const u = str(value, 'url', `${key}.url`);
      if (!/^https?:\/\//.test(u)) bad(`${key}.url`, `not an http(s) URL: ${JSON.stringify(u)}`);
      events.push({ name, kind, url: u, attemptsMax });
    } else if (kind === 'in-process') {
      events.push({ name, kind, callback: str(value, 'callback', `${key}.callback`), attemptsMax });
    } else {
      events.push({
        name,
        kind,
        script: str(value, 'script', `${key}.script`),
        logOutput: bool(value, 'log_output', `${key}.log_output`, false),
        attemptsMax,
      });
    }
  }
  const statusKey = raw.status_server !== undefined ? 'status_server' : 'status-server';
  const status = section(raw, statusKey, statusKey);
  const service = section(raw, 'service', 'service');
  const periodRaw = service.broadcast_period;
  const broadcastPeriodSeconds =
    periodRaw === undefined || periodRaw === null
      ? broadcastPeriodSecondsDefault
      : typeof periodRaw === 'number' && periodRaw > 0 && periodRaw <= 86_400
        ? periodRaw
        : bad(
            'service.broadcast_period',
            `must be a number of seconds (0 < s <= 86400), got ${JSON.stringify(periodRaw)}`,
          );
  const api = section(raw, 'api', 'api');
  const bind = parseBind(str(api, 'bind', 'api.bind', apiBindDefault), 'api.bind');
  const token = api.token === undefined || api.token === null ? undefined : str(api, 'token', 'api.token');
  if (token !== undefined && token.length < 16) bad('api.token', 'must be at least 16 characters');
  const keystore = section(raw, 'keystore', 'keystore');
  const fromConfig =
    keystore.passphrase === undefined ? undefined : str(keystore, 'passphrase', 'keystore.passphrase');
  const fromEnv = env[passphraseVariable];
  return {
    baseDir,
    database: {
      url,
      target: parseDatabaseUrl(url, baseDir),
      transactionRetries: int(
        database,
        'transaction_retries',
        'database.transaction_retries',
        transactionRetriesDefault,
        0,
        1_000,
      ),
    },
    coins,
    events,
    statusServer: {
      enabled: bool(status, 'enabled', `${statusKey}.enabled`, true),
      ip: str(status, 'ip', `${statusKey}.ip`, statusServerHostDefault),
      port: int(status, 'port', `${statusKey}.port`, statusServerPortDefault, 0, 65_535),
    },
    service: { broadcastPeriodSeconds },
    api: { enabled: bool(api, 'enabled', 'api.enabled', true), host: bind.host, port: bind.port, token },
    passphrase: fromEnv !== undefined && fromEnv !== '' ? fromEnv : fromConfig,
  };
}

/** Loads a config file: `.json` as JSON, anything else as YAML (a superset of JSON). */
export function loadWalletConfig(
  path: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): WalletConfig {
  const full = resolve(path);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (err) {
    throw new WalletConfigError(
      `cannot read the config file ${full}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = full.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new WalletConfigError(
      `${full}: not valid ${full.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  return buildWalletConfig(raw, dirname(full), env);
}

/** Whether `host` is a loopback address (the API may then run without a token). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
