import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeypair } from '@bigchaindb-ts/core';
import { buildConfig } from './build-config.js';
import { configToFileObject, formatConfigFile } from './config-file.js';
import { settings } from './settings.js';

const alice = generateKeypair();
const configPath = '/home/ada/.bigchaindb';
const { config } = buildConfig({
  env: {
    BIGCHAINDB_KEYPAIR_PRIVATE: alice.privateKey,
    BIGCHAINDB_DATABASE_PASSWORD: 'pw',
    BIGCHAINDB_KEYRING: generateKeypair().publicKey,
  },
  configPath,
  fileText: null,
  cwd: '/',
});

test('the file form has every setting under its seed key, and reads back to the same config', () => {
  const object = configToFileObject(config, { maskSecrets: false });
  for (const s of Object.values(settings)) {
    const value = s.key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], object);
    assert.notEqual(value, undefined, s.key);
  }
  const again = buildConfig({ env: {}, configPath, fileText: formatConfigFile(config), cwd: '/' });
  assert.deepEqual(again.config, config);
  assert.deepEqual(again.warnings, []);
});

test('secrets are masked unless asked for', () => {
  const masked = configToFileObject(config, { maskSecrets: true }) as {
    keypair: { public: string; private: string };
    database: { password: string };
  };
  assert.equal(masked.keypair.private, '***');
  assert.equal(masked.keypair.public, alice.publicKey);
  assert.equal(masked.database.password, '***');
  assert.ok(!JSON.stringify(masked).includes(alice.privateKey));
  const plain = configToFileObject(config, { maskSecrets: false }) as { keypair: { private: string } };
  assert.equal(plain.keypair.private, alice.privateKey);
  const unset = buildConfig({ env: {}, configPath, fileText: null, cwd: '/' }).config;
  assert.equal((configToFileObject(unset, { maskSecrets: true }).keypair as { private: null }).private, null);
});
