import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ed25519Backend } from '@bigchaindb-ts/core';
import { measureVerifyCeiling } from './ceiling.js';
import { readRss } from './rss.js';

describe('load ceiling and memory', () => {
  test('the verify ceiling runs one thread per core through the core verify and gives a positive rate', async () => {
    const c = await measureVerifyCeiling({ seconds: 0.05, threads: 2 });
    assert.equal(c.threads, 2);
    assert.equal(c.backend, ed25519Backend);
    assert.ok(c.perSecond > 0 && Number.isFinite(c.perSecond));
  });

  test(
    'readRss reads this process and nothing for a pid that does not exist',
    { skip: process.platform !== 'linux' },
    () => {
      const rss = readRss(process.pid);
      assert.ok(rss !== undefined && rss > 1024 * 1024);
      assert.equal(readRss(2 ** 22 + 1), undefined);
    },
  );
});
