// SQLite-only settings of the store's connection (the contract suite covers behaviour on both backends).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { sqliteBulkWalCheckpointPages, sqliteWalCheckpointPages } from '../constants.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'bdbts-sqlite-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function checkpointPagesOf(options: ConstructorParameters<typeof SqliteStore>[1], file: string): number {
  const db = new Database(join(dir, file));
  const store = new SqliteStore(db, options);
  try {
    return db.pragma('wal_autocheckpoint', { simple: true }) as number;
  } finally {
    void store.close();
  }
}

test('the write-ahead log is checkpointed every 10,000 pages, and as a bulk load asks when one is set', () => {
  assert.equal(checkpointPagesOf({}, 'default.sqlite'), sqliteWalCheckpointPages);
  assert.equal(
    checkpointPagesOf({ walCheckpointPages: sqliteBulkWalCheckpointPages }, 'bulk.sqlite'),
    sqliteBulkWalCheckpointPages,
  );
  assert.ok(sqliteBulkWalCheckpointPages > sqliteWalCheckpointPages);
});
