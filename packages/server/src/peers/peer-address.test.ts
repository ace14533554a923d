import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hostPort, peerUrl, peerUrls } from './peer-address.js';

describe('peer addresses (the seed forms)', () => {
  const rows: [string, string][] = [
    ['127.0.0.1:12346', 'http://127.0.0.1:12346'],
    ['miner1:8888', 'http://miner1:8888'],
    ['miner', 'http://miner:12345'],
    ['http://localhost', 'http://127.0.0.1:12345'],
    ['0.0.0.0:80', 'http://127.0.0.1:80'],
    ['https://example.org:443', 'https://example.org:443'],
  ];
  for (const [input, url] of rows) test(`${input} → ${url}`, () => assert.equal(peerUrl(input), url));

  test('bad addresses are refused', () => {
    for (const bad of ['', 'host:0', 'host:70000', 'ftp://x:1'])
      assert.throws(() => peerUrl(bad), RangeError, bad);
  });

  test('a list is split, normalised and de-duplicated; a URL gives the seed pair', () => {
    assert.deepEqual(peerUrls('a:1, localhost:2,,127.0.0.1:2'), ['http://a:1', 'http://127.0.0.1:2']);
    assert.deepEqual(hostPort('http://127.0.0.1:12346'), ['127.0.0.1', 12346]);
  });
});
