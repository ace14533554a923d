import type { SignedTransaction } from '@bigchaindb-ts/core';
import { encodeVerb, parseVerb, yymmdd, type SpoolAction, type Verb } from './verb.js';

/**
 * The public on-ledger format (docs/spool.md): what a SPOOL step's asset and metadata hold. Every
 * step carries its canonical verb in `metadata.spool.verb`; registrations (PIECE, EDITIONS,
 * REGISTER) are CREATEs whose `asset.data.spool` says what they register.
 */

export type SpoolAssetType = 'piece' | 'editions' | 'edition';

/** `asset.data` of a PIECE: the file's hash, and any descriptive fields (`title`, ...). */
export function pieceAsset(fileHash: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { spool: { ...fields, type: 'piece', file_hash: fileHash } };
}

/** `asset.data` of EDITIONS N. */
export function editionsAsset(pieceId: string, numEditions: number): Record<string, unknown> {
  return { spool: { type: 'editions', piece: pieceId, num_editions: numEditions } };
}

/** `asset.data` of REGISTER n. */
export function editionAsset(pieceId: string, edition: number): Record<string, unknown> {
  return { spool: { type: 'edition', piece: pieceId, edition } };
}

/** `metadata` of any step but a loan. */
export function verbMetadata(verb: Exclude<Verb, { action: 'LOAN' }>): Record<string, unknown> {
  return { spool: { verb: encodeVerb(verb) } };
}

/** `metadata` of a LOAN: dates as YYYY-MM-DD, written into the verb as YYMMDD. */
export function loanMetadata(
  edition: number,
  loanee: string,
  start: string,
  end: string,
): Record<string, unknown> {
  const verb = encodeVerb({ action: 'LOAN', edition, start: yymmdd(start), end: yymmdd(end) });
  return { spool: { verb, loanee, start, end } };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A CREATE's `asset.data.spool`, when it is an object. */
export function spoolAssetOf(tx: SignedTransaction): Record<string, unknown> | undefined {
  if (tx.operation !== 'CREATE') return undefined;
  const v = tx.asset.data?.spool;
  return isRecord(v) ? v : undefined;
}

/** `metadata.spool`, when it is an object. */
export function spoolMetadataOf(tx: SignedTransaction): Record<string, unknown> | undefined {
  const v = tx.metadata?.spool;
  return isRecord(v) ? v : undefined;
}

/** Whether a transaction says it is a SPOOL step (a `spool` key in its asset data or metadata). */
export function claimsSpool(tx: SignedTransaction): boolean {
  return (
    (tx.operation === 'CREATE' && tx.asset.data !== null && 'spool' in tx.asset.data) ||
    (tx.metadata !== null && 'spool' in tx.metadata)
  );
}

/** A loan as the history lists it. */
export interface Loan {
  readonly loanee: string;
  readonly start: string;
  readonly end: string;
  readonly transaction_id: string;
}

/** One step of an edition's history. `from` signs it; `to` receives it (the loanee for a loan). */
export interface Step {
  readonly action: SpoolAction;
  readonly verb: string;
  readonly edition: number;
  readonly from: string;
  readonly to: string;
  /** Who holds the edition's output after the step (a loan and EDITIONS leave it where it was). */
  readonly holder: string;
  readonly transaction_id: string;
  readonly block_height: number | null;
  readonly loan?: Omit<Loan, 'transaction_id'>;
}

/**
 * A SPOOL step of the ledger as the history shows it. The transaction must be one the node took
 * (a valid SPOOL step); anything else throws.
 */
export function stepOf(tx: SignedTransaction, blockHeight: number | null = null): Step {
  const meta = spoolMetadataOf(tx);
  const verb = parseVerb(meta?.verb);
  const from = tx.inputs[0]?.owners_before?.[0];
  const out = tx.outputs[0]?.public_keys?.[0];
  if (from === undefined || out === undefined) throw new TypeError(`${tx.id} is not a SPOOL step`);
  const edition = verb.action === 'PIECE' || verb.action === 'EDITIONS' ? 0 : verb.edition;
  const base = { action: verb.action, verb: meta!.verb as string, edition, from, transaction_id: tx.id };
  if (verb.action === 'LOAN') {
    const loan = { loanee: String(meta!.loanee), start: String(meta!.start), end: String(meta!.end) };
    return { ...base, to: loan.loanee, holder: out, block_height: blockHeight, loan };
  }
  return { ...base, to: out, holder: out, block_height: blockHeight };
}
