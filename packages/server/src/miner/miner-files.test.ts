import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPathOf, saveChainFile } from './chain-file.js';
import { RotatingLog } from './rotating-log.js';

describe('miner files', () => {
  test('the chain file is rewritten only when it changed; the old one is kept under a safe name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chain-file-'));
    try {
      const path = join(dir, 'test.chain');
      assert.equal(saveChainFile(path, '[1]', new Date(2020, 0, 2, 3, 4, 5)), true);
      assert.equal(
        readFileSync(hashPathOf(path), 'utf8').trim(),
        createHash('sha256').update('[1]').digest('hex'),
      );
      assert.equal(saveChainFile(path, '[1]'), false);
      assert.equal(saveChainFile(path, '[1,2]', new Date(2020, 0, 2, 3, 4, 6)), true);
      const names = readdirSync(dir).sort();
      assert.deepEqual(names, ['test.chain', 'test.hash', 'test_2020-01-02_03-04-06-000.chain']);
      assert.equal(readFileSync(join(dir, names[2]!), 'utf8'), '[1]');
      assert.ok(!names.some((n) => n.includes(':')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('miner.log rotates at its size with three backups', () => {
    const dir = mkdtempSync(join(tmpdir(), 'miner-log-'));
    try {
      const log = new RotatingLog(join(dir, 'miner.log'), 100, 3);
      for (let i = 0; i < 30; i++) log.write(`line ${String(i).padStart(3, '0')} ${'x'.repeat(20)}\n`);
      const names = readdirSync(dir).sort();
      assert.deepEqual(names, ['miner.log', 'miner.log.1', 'miner.log.2', 'miner.log.3']);
      for (const n of names) assert.ok(statSync(join(dir, n)).size <= 100);
      assert.match(readFileSync(join(dir, 'miner.log'), 'utf8'), /line 029/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
