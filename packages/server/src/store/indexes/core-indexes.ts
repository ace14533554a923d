import {
  postgresAssetFields,
  postgresAssetSearch,
  postgresMetadataFields,
  postgresMetadataSearch,
  postgresOutputKeys,
  postgresTxKeys,
} from './core-indexes-postgres.js';
import {
  sqliteAssetFields,
  sqliteAssetSearch,
  sqliteMetadataFields,
  sqliteMetadataSearch,
  sqliteOutputKeys,
  sqliteTxKeys,
} from './core-indexes-sqlite.js';
import {
  assetFieldRows,
  assetSearchRows,
  metadataFieldRows,
  metadataSearchRows,
  outputKeyRows,
  txKeyRows,
} from './core-index-rows.js';
import { defineLedgerIndex, type LedgerIndex } from './ledger-index.js';

/**
 * The built-in ledger indexes, which the API's queries (`LedgerQueries`) read. They are ordinary
 * entries of the registry and keep their specialised, batched inserts behind the interface. The
 * order is the order in which a valid decision writes them.
 */
export const coreIndexes: readonly LedgerIndex[] = [
  defineLedgerIndex({
    name: 'outputs',
    tables: ['output_keys'],
    derive: outputKeyRows,
    sqlite: sqliteOutputKeys,
    postgresql: postgresOutputKeys,
  }),
  defineLedgerIndex({
    name: 'asset-search',
    tables: ['asset_search'],
    derive: assetSearchRows,
    sqlite: sqliteAssetSearch,
    postgresql: postgresAssetSearch,
  }),
  defineLedgerIndex({
    name: 'metadata-search',
    tables: ['metadata_search'],
    derive: metadataSearchRows,
    sqlite: sqliteMetadataSearch,
    postgresql: postgresMetadataSearch,
  }),
  defineLedgerIndex({
    name: 'tx-keys',
    tables: ['tx_keys'],
    derive: txKeyRows,
    sqlite: sqliteTxKeys,
    postgresql: postgresTxKeys,
  }),
  defineLedgerIndex({
    name: 'asset-fields',
    tables: ['asset_fields'],
    derive: assetFieldRows,
    sqlite: sqliteAssetFields,
    postgresql: postgresAssetFields,
  }),
  defineLedgerIndex({
    name: 'metadata-fields',
    tables: ['metadata_fields'],
    derive: metadataFieldRows,
    sqlite: sqliteMetadataFields,
    postgresql: postgresMetadataFields,
  }),
];
