import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfigPath } from './config-path.js';

test('the config file: -c, then BIGCHAINDB_CONFIG_PATH, then $HOME/.bigchaindb', () => {
  const base = { homeDir: '/home/ada', cwd: '/work' };
  const env = { BIGCHAINDB_CONFIG_PATH: '/etc/bigchaindb.json' };
  assert.deepEqual(resolveConfigPath({ ...base, cliPath: undefined, env: {} }), {
    path: '/home/ada/.bigchaindb',
    source: 'default',
  });
  assert.deepEqual(resolveConfigPath({ ...base, cliPath: undefined, env }), {
    path: '/etc/bigchaindb.json',
    source: 'BIGCHAINDB_CONFIG_PATH',
  });
  assert.deepEqual(resolveConfigPath({ ...base, cliPath: 'conf/node.json', env }), {
    path: '/work/conf/node.json',
    source: '-c',
  });
  assert.deepEqual(resolveConfigPath({ ...base, cliPath: undefined, env: { BIGCHAINDB_CONFIG_PATH: '' } }), {
    path: '/home/ada/.bigchaindb',
    source: 'default',
  });
});
