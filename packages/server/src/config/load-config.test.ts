import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const home = mkdtempSync(join(tmpdir(), 'bigchaindb-config-'));

test('no file at the default location: defaults apply', async () => {
  const loaded = await loadConfig({ env: {}, homeDir: home, cwd: home });
  assert.equal(loaded.file.found, false);
  assert.equal(loaded.file.path, join(home, '.bigchaindb'));
  assert.equal(loaded.config.database.port, 5432);
});

test('a file named by -c or BIGCHAINDB_CONFIG_PATH must exist', async () => {
  await assert.rejects(
    loadConfig({ cliPath: 'missing.json', env: {}, homeDir: home, cwd: home }),
    (error: unknown) =>
      error instanceof ConfigError && /missing\.json \(from -c\) does not exist/.test(error.message),
  );
  await assert.rejects(
    loadConfig({ env: { BIGCHAINDB_CONFIG_PATH: join(home, 'nope') }, homeDir: home, cwd: home }),
    /from BIGCHAINDB_CONFIG_PATH\) does not exist/,
  );
});

test('-c wins over BIGCHAINDB_CONFIG_PATH, which wins over $HOME/.bigchaindb', async () => {
  writeFileSync(join(home, '.bigchaindb'), JSON.stringify({ database: { port: 1001 } }));
  writeFileSync(join(home, 'env.json'), JSON.stringify({ database: { port: 1002 } }));
  writeFileSync(join(home, 'cli.json'), JSON.stringify({ database: { port: 1003 } }));
  const env = { BIGCHAINDB_CONFIG_PATH: 'env.json' };
  const port = async (cliPath: string | undefined, e: Record<string, string>) =>
    (await loadConfig({ cliPath, env: e, homeDir: home, cwd: home })).config.database.port;
  assert.equal(await port(undefined, {}), 1001);
  assert.equal(await port(undefined, env), 1002);
  assert.equal(await port('cli.json', env), 1003);
  assert.equal(await port('cli.json', { ...env, BIGCHAINDB_DATABASE_PORT: '1004' }), 1004);
});

test('a directory where the file should be is a ConfigError', async () => {
  await assert.rejects(
    loadConfig({ cliPath: home, env: {}, homeDir: home, cwd: home }),
    (error: unknown) =>
      error instanceof ConfigError && /cannot read config file .*: EISDIR/.test(error.message),
  );
});
