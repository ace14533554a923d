// An example rules plugin with a ledger index, for tests: a CREATE whose asset data names a
// `serial` registers it, and a serial is registered once among live blocks and pending
// transactions (`ExampleDuplicateSerial`, a unique claim of the `example-serials` index, enforced
// by the rules chain at ingest, block making and voting, and by the store when a block is
// written). The index also answers which transaction registered a serial (`bySerial`).
// Built only from the server's public door, as a plugin in its own package would be.
import type { SignedTransaction } from '@bigchaindb-ts/core';
import {
  defineLedgerIndex,
  postgresRowInserter,
  sqliteRowInserter,
  type IndexColumn,
  type IndexedTx,
} from '../../store/index.js';
import { RuleRefusal, type RulePlugin } from '../rule-plugin.js';

interface SerialRow {
  readonly serial: string;
  readonly pos: number;
  readonly txId: string;
}

function serialOf(tx: SignedTransaction): string | null {
  if (tx.operation !== 'CREATE' || tx.asset.data === null) return null;
  const serial = tx.asset.data.serial;
  return typeof serial === 'string' ? serial : null;
}

const columns: readonly IndexColumn[] = [
  { name: 'serial', type: 'text' },
  { name: 'pos', type: 'bigint' },
  { name: 'tx_id', type: 'text' },
];
const values = (r: SerialRow): unknown[] => [r.serial, r.pos, r.txId];

export const serialIndex = defineLedgerIndex<SerialRow>({
  name: 'example-serials',
  tables: ['example_serials'],
  derive: (txs: readonly IndexedTx[]) =>
    txs.flatMap(({ pos, tx }) => {
      const serial = serialOf(tx);
      return serial === null ? [] : [{ serial, pos, txId: tx.id }];
    }),
  sqlite: {
    ddl: [
      `CREATE TABLE IF NOT EXISTS example_serials (
        serial TEXT NOT NULL, pos INTEGER NOT NULL, tx_id TEXT NOT NULL, PRIMARY KEY (serial, pos)
      ) WITHOUT ROWID`,
    ],
    insert: sqliteRowInserter('example_serials', columns, values),
    lookups: { bySerial: `SELECT tx_id FROM example_serials WHERE serial = ? ORDER BY pos` },
  },
  postgresql: {
    ddl: () => [
      `CREATE TABLE IF NOT EXISTS example_serials (
        serial text NOT NULL, pos bigint NOT NULL, tx_id text NOT NULL, PRIMARY KEY (serial, pos)
      )`,
    ],
    insert: postgresRowInserter('example_serials', columns, values),
    lookups: { bySerial: `SELECT tx_id FROM example_serials WHERE serial = $1 ORDER BY pos` },
  },
  claims: {
    code: 'ExampleDuplicateSerial',
    keys: (tx) => {
      const serial = serialOf(tx);
      return serial === null ? [] : [serial];
    },
  },
  source: { module: import.meta.url, exportName: 'serialIndex' },
});

const serialRegistry: RulePlugin = {
  name: 'serial-registry',
  codes: ['ExampleDuplicateSerial', 'ExampleSerialTooLong'],
  indexes: [serialIndex],
  validateTransaction(_ctx, tx) {
    const serial = serialOf(tx);
    if (serial !== null && serial.length > 32)
      throw new RuleRefusal('ExampleSerialTooLong', `serial ${serial} is longer than 32 characters`);
  },
};

export default serialRegistry;
