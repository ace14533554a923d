import type { SignedTransaction } from '@bigchaindb-ts/core';
import { isFileHash, spoolAssetOf, stepOf } from '@bigchaindb-ts/spool';
import {
  defineLedgerIndex,
  postgresRowInserter,
  sqliteRowInserter,
  type IndexColumn,
  type IndexedTx,
} from '../store/index.js';

/**
 * The SPOOL registry's ledger indexes (docs/store.md), fed from valid blocks only. Three of them
 * hold unique claims among live blocks, so racing registrations have one winner: a file hash is
 * one piece (`SpoolPieceExists`), a piece's number of editions is set once
 * (`SpoolEditionsAlreadySet`), an edition is registered once (`SpoolEditionExists`). The fourth
 * lists every step of every edition in ledger order, for the reads.
 */

type Cols = readonly (IndexColumn & { readonly nullable?: boolean })[];

/** Both dialects of one table: same columns, the SQLite one WITHOUT ROWID. */
function table<R>(
  name: string,
  columns: Cols,
  primaryKey: string,
  values: (r: R) => readonly unknown[],
  extraIndexes: readonly string[],
  lookups: Readonly<Record<string, string>>,
) {
  const col = (c: Cols[number], pg: boolean) =>
    `${c.name} ${c.type === 'text' ? (pg ? 'text' : 'TEXT') : pg ? c.type : 'INTEGER'}${c.nullable ? '' : ' NOT NULL'}`;
  const ddl = (pg: boolean) => [
    `CREATE TABLE IF NOT EXISTS ${name} (${columns.map((c) => col(c, pg)).join(', ')}, PRIMARY KEY (${primaryKey}))${pg ? '' : ' WITHOUT ROWID'}`,
    ...extraIndexes.map((cols, i) => `CREATE INDEX IF NOT EXISTS ${name}_${i} ON ${name} (${cols})`),
  ];
  // Lookups are written with `?`; PostgreSQL numbers its parameters.
  const numbered = (sql: string) => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  };
  return {
    sqlite: { ddl: ddl(false), insert: sqliteRowInserter<R>(name, columns, values), lookups },
    postgresql: {
      ddl: () => ddl(true),
      insert: postgresRowInserter<R>(name, columns, values),
      lookups: Object.fromEntries(Object.entries(lookups).map(([k, v]) => [k, numbered(v)])),
    },
  };
}

const typeOf = (tx: SignedTransaction) => spoolAssetOf(tx)?.type;
const stringField = (tx: SignedTransaction, field: string): string | undefined => {
  const v = spoolAssetOf(tx)?.[field];
  return typeof v === 'string' ? v : undefined;
};

/** The file hash a PIECE claims. */
export function pieceClaim(tx: SignedTransaction): string[] {
  const h = typeOf(tx) === 'piece' ? stringField(tx, 'file_hash') : undefined;
  return h !== undefined && isFileHash(h) ? [h] : [];
}

/** The piece whose number of editions an EDITIONS sets. */
export function editionsClaim(tx: SignedTransaction): string[] {
  const p = typeOf(tx) === 'editions' ? stringField(tx, 'piece') : undefined;
  return p === undefined ? [] : [p];
}

/** `piece:n`, the edition a REGISTER registers. */
export function registrationClaim(tx: SignedTransaction): string[] {
  if (typeOf(tx) !== 'edition') return [];
  const p = stringField(tx, 'piece');
  const n = spoolAssetOf(tx)?.edition;
  return p !== undefined && Number.isSafeInteger(n) ? [registrationKey(p, n as number)] : [];
}

export const registrationKey = (pieceId: string, edition: number): string => `${pieceId}:${edition}`;

interface PieceRow {
  fileHash: string;
  pieceId: string;
  pos: number;
  height: number;
}
export const spoolPiecesIndex = defineLedgerIndex<PieceRow>({
  name: 'spool-pieces',
  tables: ['spool_pieces'],
  derive: (txs: readonly IndexedTx[], block) =>
    txs.flatMap(({ pos, tx }) =>
      pieceClaim(tx).map((fileHash) => ({ fileHash, pieceId: tx.id, pos, height: block.height })),
    ),
  ...table<PieceRow>(
    'spool_pieces',
    [
      { name: 'file_hash', type: 'text' },
      { name: 'piece_id', type: 'text' },
      { name: 'pos', type: 'bigint' },
      { name: 'height', type: 'bigint' },
    ],
    'file_hash, pos',
    (r) => [r.fileHash, r.pieceId, r.pos, r.height],
    ['piece_id'],
    {
      byHash: 'SELECT piece_id, file_hash, height FROM spool_pieces WHERE file_hash = ? ORDER BY pos',
      byPiece: 'SELECT piece_id, file_hash, height FROM spool_pieces WHERE piece_id = ?',
    },
  ),
  claims: { code: 'SpoolPieceExists', keys: pieceClaim },
  source: { module: import.meta.url, exportName: 'spoolPiecesIndex' },
});

interface EditionsRow {
  pieceId: string;
  txId: string;
  numEditions: number;
  pos: number;
}
export const spoolEditionsIndex = defineLedgerIndex<EditionsRow>({
  name: 'spool-editions',
  tables: ['spool_editions'],
  derive: (txs: readonly IndexedTx[]) =>
    txs.flatMap(({ pos, tx }) =>
      editionsClaim(tx).map((pieceId) => ({
        pieceId,
        txId: tx.id,
        numEditions: Number(spoolAssetOf(tx)?.num_editions),
        pos,
      })),
    ),
  ...table<EditionsRow>(
    'spool_editions',
    [
      { name: 'piece_id', type: 'text' },
      { name: 'tx_id', type: 'text' },
      { name: 'num_editions', type: 'bigint' },
      { name: 'pos', type: 'bigint' },
    ],
    'piece_id, pos',
    (r) => [r.pieceId, r.txId, r.numEditions, r.pos],
    [],
    { byPiece: 'SELECT tx_id, num_editions FROM spool_editions WHERE piece_id = ? ORDER BY pos LIMIT 1' },
  ),
  claims: { code: 'SpoolEditionsAlreadySet', keys: editionsClaim },
  source: { module: import.meta.url, exportName: 'spoolEditionsIndex' },
});

interface RegistrationRow {
  pieceId: string;
  edition: number;
  assetId: string;
  pos: number;
}
export const spoolRegistrationsIndex = defineLedgerIndex<RegistrationRow>({
  name: 'spool-registrations',
  tables: ['spool_registrations'],
  derive: (txs: readonly IndexedTx[]) =>
    txs.flatMap(({ pos, tx }) =>
      registrationClaim(tx).length === 0
        ? []
        : [
            {
              pieceId: stringField(tx, 'piece')!,
              edition: spoolAssetOf(tx)!.edition as number,
              assetId: tx.id,
              pos,
            },
          ],
    ),
  ...table<RegistrationRow>(
    'spool_registrations',
    [
      { name: 'piece_id', type: 'text' },
      { name: 'edition', type: 'bigint' },
      { name: 'asset_id', type: 'text' },
      { name: 'pos', type: 'bigint' },
    ],
    'piece_id, edition, pos',
    (r) => [r.pieceId, r.edition, r.assetId, r.pos],
    ['asset_id'],
    {
      byPiece: 'SELECT edition, asset_id FROM spool_registrations WHERE piece_id = ? ORDER BY edition, pos',
      byEdition:
        'SELECT asset_id FROM spool_registrations WHERE piece_id = ? AND edition = ? ORDER BY pos LIMIT 1',
      byAsset: 'SELECT piece_id, edition FROM spool_registrations WHERE asset_id = ? LIMIT 1',
      // Each registered edition with the key holding it now (from the steps' index).
      holders: `SELECT r.edition, r.asset_id,
          (SELECT s.holder FROM spool_steps s WHERE s.asset_id = r.asset_id AND s.moves = 1
            ORDER BY s.pos DESC LIMIT 1) AS holder
        FROM spool_registrations r WHERE r.piece_id = ? ORDER BY r.edition, r.pos`,
    },
  ),
  claims: { code: 'SpoolEditionExists', keys: registrationClaim },
  source: { module: import.meta.url, exportName: 'spoolRegistrationsIndex' },
});

/** One step of an edition: the edition's asset (the piece id for edition 0) and what the step did. */
export interface StepRow {
  assetId: string;
  pos: number;
  height: number;
  txId: string;
  action: string;
  verb: string;
  edition: number;
  fromKey: string;
  toKey: string;
  holder: string;
  /** 1 when the step moves the edition's output (every step but EDITIONS). */
  moves: number;
  loanStart: string | null;
  loanEnd: string | null;
}

/** The steps of a block's SPOOL transactions; a transaction that is not one is left out. */
export function stepRows(txs: readonly IndexedTx[], height: number): StepRow[] {
  const rows: StepRow[] = [];
  for (const { pos, tx } of txs) {
    if (tx.metadata === null || !('spool' in tx.metadata)) continue;
    let step;
    try {
      step = stepOf(tx);
    } catch {
      // Written before the registry's rules ran (or by a node without them): not a step.
      continue;
    }
    const assetId =
      tx.operation === 'TRANSFER'
        ? tx.asset.id
        : step.action === 'EDITIONS'
          ? stringField(tx, 'piece')
          : tx.id;
    if (assetId === undefined) continue;
    rows.push({
      assetId,
      pos,
      height,
      txId: tx.id,
      action: step.action,
      verb: step.verb,
      edition: step.edition,
      fromKey: step.from,
      toKey: step.to,
      holder: step.holder,
      moves: step.action === 'EDITIONS' ? 0 : 1,
      loanStart: step.loan?.start ?? null,
      loanEnd: step.loan?.end ?? null,
    });
  }
  return rows;
}

const stepColumns = 'tx_id, action, verb, edition, from_key, to_key, holder, height, loan_start, loan_end';
export const spoolStepsIndex = defineLedgerIndex<StepRow>({
  name: 'spool-steps',
  tables: ['spool_steps'],
  derive: (txs: readonly IndexedTx[], block) => stepRows(txs, block.height),
  ...table<StepRow>(
    'spool_steps',
    [
      { name: 'asset_id', type: 'text' },
      { name: 'pos', type: 'bigint' },
      { name: 'height', type: 'bigint' },
      { name: 'tx_id', type: 'text' },
      { name: 'action', type: 'text' },
      { name: 'verb', type: 'text' },
      { name: 'edition', type: 'bigint' },
      { name: 'from_key', type: 'text' },
      { name: 'to_key', type: 'text' },
      { name: 'holder', type: 'text' },
      { name: 'moves', type: 'integer' },
      { name: 'loan_start', type: 'text', nullable: true },
      { name: 'loan_end', type: 'text', nullable: true },
    ],
    'asset_id, pos',
    (r) => [
      r.assetId,
      r.pos,
      r.height,
      r.txId,
      r.action,
      r.verb,
      r.edition,
      r.fromKey,
      r.toKey,
      r.holder,
      r.moves,
      r.loanStart,
      r.loanEnd,
    ],
    ['holder'],
    {
      byAsset: `SELECT ${stepColumns} FROM spool_steps WHERE asset_id = ? ORDER BY pos`,
      // The transaction holding the edition's output among valid blocks.
      head: 'SELECT tx_id FROM spool_steps WHERE asset_id = ? AND moves = 1 ORDER BY pos DESC LIMIT 1',
      // The last step that moved the edition and was not a loan.
      posOf: 'SELECT pos FROM spool_steps WHERE asset_id = ? AND tx_id = ?',
      // The last step before a position that moved the edition and was not a loan.
      lastMoveBefore: `SELECT tx_id, pos FROM spool_steps
        WHERE asset_id = ? AND moves = 1 AND action <> 'LOAN' AND pos < ? ORDER BY pos DESC LIMIT 1`,
      movesBetween:
        'SELECT tx_id FROM spool_steps WHERE asset_id = ? AND moves = 1 AND pos >= ? AND pos < ? ORDER BY pos',
      headHolder: 'SELECT holder FROM spool_steps WHERE asset_id = ? AND moves = 1 ORDER BY pos DESC LIMIT 1',
      // The editions a key holds now: the last moving step of each names it as the holder.
      heldBy: `SELECT s.asset_id, s.edition, COALESCE(r.piece_id, s.asset_id) AS piece_id FROM spool_steps s
          LEFT JOIN spool_registrations r ON r.asset_id = s.asset_id
        WHERE s.holder = ? AND s.moves = 1
          AND s.pos = (SELECT MAX(t.pos) FROM spool_steps t WHERE t.asset_id = s.asset_id AND t.moves = 1)
        ORDER BY s.pos`,
    },
  ),
  source: { module: import.meta.url, exportName: 'spoolStepsIndex' },
});

export const spoolIndexes = [spoolPiecesIndex, spoolEditionsIndex, spoolRegistrationsIndex, spoolStepsIndex];
