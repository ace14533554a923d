// The package's door as an embedder uses it, and nothing else: a config built from a file's text,
// the configured SQLite store opened and initialised, a node created and started in-process, a
// transaction written through its HTTP app (in-process, no socket) and read back through the
// library API. If a step an embedder needs stops being exported, this file stops compiling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  signTransaction,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import {
  BigchainApi,
  buildApp,
  buildConfig,
  createLogger,
  createNode,
  initNode,
  openNodeStore,
  version,
} from './index.js';

test('an embedded node: config, store, node, HTTP app and library API from the door alone', async () => {
  const home = mkdtempSync(join(tmpdir(), 'bigchaindb-embedded-'));
  const me = generateKeypair();
  const alice = generateKeypair();
  const configPath = join(home, '.bigchaindb');
  const { config } = buildConfig({
    env: {},
    configPath,
    fileText: JSON.stringify({
      keypair: { public: me.publicKey, private: me.privateKey },
      database: { backend: 'sqlite', path: join(home, 'bigchain.sqlite') },
      server: { threads: 1 },
    }),
    cwd: home,
  });
  const store = await openNodeStore(config);
  try {
    assert.deepEqual(await initNode(config, store), { created: true, genesisHeight: 0 });
    const node = await createNode(config, store, createLogger({ name: 'embedded', level: 'silent' }), {
      configPath,
    });
    await node.start();
    try {
      const app = buildApp({ node, bodySizeBytesMax: config.limits.bodySizeBytesMax });
      try {
        const root = await app.inject({ method: 'GET', url: '/' });
        assert.equal(root.statusCode, 200);
        const about = root.json<{ version: string; public_key: string }>();
        assert.equal(about.version, version);
        assert.equal(about.public_key, me.publicKey);

        const tx = signTransaction(
          makeCreateTransaction(
            { nonce: generateKeypair().publicKey },
            null,
            [makeOwnerOutput(alice.publicKey, '1')],
            [alice.publicKey],
          ),
          alice.privateKey,
        );
        const posted = await app.inject({
          method: 'POST',
          url: '/api/v1/transactions?mode=commit',
          payload: tx,
        });
        assert.equal(posted.statusCode, 202, posted.body);
        assert.equal(posted.json<SignedTransaction>().id, tx.id);

        const api = new BigchainApi(node);
        assert.equal((await api.getStatus(tx.id))?.status, 'valid');
        assert.deepEqual(await api.getTransaction(tx.id), tx);
      } finally {
        await app.close();
      }
    } finally {
      await node.stop();
    }
  } finally {
    await store.close();
    rmSync(home, { recursive: true, force: true });
  }
});
