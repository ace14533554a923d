import assert from 'node:assert/strict';
import { StoreError } from '../errors.js';
import { storeTables } from '../store-tables.js';
import { coreIndexes } from './core-indexes.js';
import type { LedgerIndex } from './ledger-index.js';

const indexNamePattern = /^[a-z][a-z0-9-]*$/;
const tableNamePattern = /^[a-z_][a-z0-9_]*$/;

/**
 * The ledger indexes of one store: the built-in ones, then those a plugin added, in the order a
 * valid decision feeds them. Names and tables are checked once here, so the dialects can splice
 * table names into statements.
 */
export class IndexRegistry {
  readonly all: readonly LedgerIndex[];
  /** The indexes that claim unique keys: `writeBlock` only does claim work when there are any. */
  readonly claiming: readonly LedgerIndex[];
  readonly #byName: ReadonlyMap<string, LedgerIndex>;

  constructor(extra: readonly LedgerIndex[] = []) {
    const all = [...coreIndexes, ...extra];
    const byName = new Map<string, LedgerIndex>();
    const tables = new Set<string>(storeTables);
    for (const index of all) {
      if (!indexNamePattern.test(index.name))
        throw new StoreError(
          'invalid_argument',
          `a ledger index name is lowercase letters, digits and '-': "${index.name}"`,
        );
      if (byName.has(index.name))
        throw new StoreError('invalid_argument', `two ledger indexes are named "${index.name}"`);
      byName.set(index.name, index);
      if (index.tables.length === 0)
        throw new StoreError('invalid_argument', `ledger index "${index.name}" declares no table`);
      for (const table of index.tables) {
        if (!tableNamePattern.test(table))
          throw new StoreError('invalid_argument', `ledger index "${index.name}": bad table name "${table}"`);
        if (tables.has(table))
          throw new StoreError(
            'invalid_argument',
            `ledger index "${index.name}": table "${table}" is already taken`,
          );
        tables.add(table);
      }
      if (index.claims !== undefined && index.claims.code === '')
        throw new StoreError(
          'invalid_argument',
          `ledger index "${index.name}" claims keys without a rejection code`,
        );
    }
    this.all = all;
    this.claiming = all.filter((i) => i.claims !== undefined);
    this.#byName = byName;
    assert.equal(byName.size, all.length);
  }

  /** The index called `name`; a caller naming an index the store does not have gets an `invalid_argument`. */
  get(name: string): LedgerIndex {
    const index = this.#byName.get(name);
    if (index === undefined)
      throw new StoreError('invalid_argument', `the store has no ledger index named "${name}"`);
    return index;
  }

  /** Every table of every index, in creation order. */
  get tables(): string[] {
    return this.all.flatMap((i) => i.tables);
  }
}
