import { replay, type EditionState, type SpoolAction, type Step } from '@bigchaindb-ts/spool';
import type { NodeReads } from '../node/index.js';
import { spoolEditionsIndex, spoolPiecesIndex, spoolRegistrationsIndex, spoolStepsIndex } from './indexes.js';

/** A piece as `GET /api/v1/spool/pieces` lists it. */
export interface PieceSummary {
  readonly piece_id: string;
  readonly file_hash: string;
  readonly num_editions: number | null;
  readonly block_height: number;
}

export interface PieceDetail extends PieceSummary {
  /** Edition 0 (the master) first, then the registered editions by number. */
  readonly editions: readonly { edition: number; asset_id: string; holder: string | null }[];
  /** The piece's descriptive fields (`asset.data.spool` beside `type` and `file_hash`). */
  readonly fields: Record<string, unknown>;
}

export interface EditionDetail extends EditionState {
  readonly piece_id: string;
  readonly edition: number;
  readonly asset_id: string;
  readonly num_editions: number | null;
  /** Who may take each step now (ascribe's `acl_*` flags): public keys. */
  readonly allowed: Readonly<Record<string, readonly string[]>>;
}

const num = (v: unknown): number => Number(v);
const str = (v: unknown): string => String(v);

/**
 * The registry's reads, from its ledger indexes (valid blocks only, ledger order: block height,
 * then position in the block). The history is replayed by the same reader clients use
 * (`replay` of @bigchaindb-ts/spool), so the node and a client agree by construction on the rules
 * of reading, and the property test checks that they agree on the data.
 */
export class SpoolReads {
  constructor(
    private readonly reads: NodeReads,
    private readonly registrars: () => readonly string[],
  ) {}

  async piecesByHash(fileHash: string): Promise<PieceSummary[]> {
    const rows = await this.reads.indexRows(spoolPiecesIndex.name, 'byHash', [fileHash]);
    return Promise.all(rows.map((r) => this.#summary(str(r.piece_id), str(r.file_hash), num(r.height))));
  }

  async piece(pieceId: string): Promise<PieceDetail | undefined> {
    const [row] = await this.reads.indexRows(spoolPiecesIndex.name, 'byPiece', [pieceId]);
    if (!row) return undefined;
    const [summary, regs, master, tx] = await Promise.all([
      this.#summary(pieceId, str(row.file_hash), num(row.height)),
      this.reads.indexRows(spoolRegistrationsIndex.name, 'holders', [pieceId]),
      this.reads.indexRows(spoolStepsIndex.name, 'headHolder', [pieceId]),
      this.reads.getTransaction(pieceId),
    ]);
    const data = tx?.operation === 'CREATE' ? tx.asset.data?.spool : undefined;
    const fields: Record<string, unknown> =
      typeof data === 'object' && data !== null ? { ...(data as Record<string, unknown>) } : {};
    delete fields.type;
    delete fields.file_hash;
    return {
      ...summary,
      editions: [
        { edition: 0, asset_id: pieceId, holder: master[0] ? str(master[0].holder) : null },
        ...regs.map((r) => ({
          edition: num(r.edition),
          asset_id: str(r.asset_id),
          holder: r.holder === null || r.holder === undefined ? null : str(r.holder),
        })),
      ],
      fields,
    };
  }

  async edition(pieceId: string, edition: number): Promise<EditionDetail | undefined> {
    const [pieceRow] = await this.reads.indexRows(spoolPiecesIndex.name, 'byPiece', [pieceId]);
    if (!pieceRow) return undefined;
    let assetId = pieceId;
    if (edition > 0) {
      const [reg] = await this.reads.indexRows(spoolRegistrationsIndex.name, 'byEdition', [pieceId, edition]);
      if (!reg) return undefined;
      assetId = str(reg.asset_id);
    }
    const [rows, numEditions] = await Promise.all([
      this.reads.indexRows(spoolStepsIndex.name, 'byAsset', [assetId]),
      this.#numEditions(pieceId),
    ]);
    const steps: Step[] = rows.map((r) => ({
      action: str(r.action) as SpoolAction,
      verb: str(r.verb),
      edition: num(r.edition),
      from: str(r.from_key),
      to: str(r.to_key),
      holder: str(r.holder),
      transaction_id: str(r.tx_id),
      block_height: num(r.height),
      ...(r.action === 'LOAN'
        ? { loan: { loanee: str(r.to_key), start: str(r.loan_start), end: str(r.loan_end) } }
        : {}),
    }));
    const state = replay(steps);
    const holders = state.holder === null ? [] : [state.holder];
    const registrars = this.registrars();
    const allowed: Record<string, readonly string[]> = {
      transfer: holders,
      consign: holders,
      loan: holders,
      unconsign: state.consignor === null ? [] : holders,
    };
    if (edition === 0) {
      allowed.editions = numEditions === null ? registrars : [];
      allowed.register = numEditions === null ? [] : registrars;
    }
    return { piece_id: pieceId, edition, asset_id: assetId, num_editions: numEditions, ...state, allowed };
  }

  /** The editions a key holds now (as the holder of their output), in the order they reached it. */
  async heldBy(publicKey: string): Promise<{ piece_id: string; edition: number; asset_id: string }[]> {
    const rows = await this.reads.indexRows(spoolStepsIndex.name, 'heldBy', [publicKey]);
    return rows.map((r) => ({
      piece_id: str(r.piece_id),
      edition: num(r.edition),
      asset_id: str(r.asset_id),
    }));
  }

  async #numEditions(pieceId: string): Promise<number | null> {
    const [row] = await this.reads.indexRows(spoolEditionsIndex.name, 'byPiece', [pieceId]);
    return row ? num(row.num_editions) : null;
  }

  async #summary(pieceId: string, fileHash: string, height: number): Promise<PieceSummary> {
    return {
      piece_id: pieceId,
      file_hash: fileHash,
      num_editions: await this.#numEditions(pieceId),
      block_height: height,
    };
  }
}
