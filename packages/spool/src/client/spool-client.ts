import {
  Connection,
  type ConnectionOptions,
  type Keypair,
  type NodeSpec,
  type SignedTransaction,
} from '@bigchaindb-ts/driver';
import {
  buildStep,
  deriveHistory,
  type EditionState,
  type HistoryEntry,
  type Loan,
} from '../format/index.js';

/** A piece as `GET /api/v1/spool/pieces` lists it. */
export interface PieceSummary {
  readonly piece_id: string;
  readonly file_hash: string;
  readonly num_editions: number | null;
  readonly block_height: number;
}

export interface PieceDetail extends PieceSummary {
  readonly editions: readonly { edition: number; asset_id: string; holder: string | null }[];
  readonly fields: Record<string, unknown>;
}

/** An edition as the node reads it (`GET /api/v1/spool/pieces/{id}/editions/{n}`). */
export interface EditionDetail {
  readonly piece_id: string;
  readonly edition: number;
  readonly asset_id: string;
  readonly num_editions: number | null;
  readonly holder: string | null;
  readonly consigned_to: string | null;
  readonly consignor: string | null;
  readonly loans: readonly Loan[];
  readonly history: readonly HistoryEntry[];
  readonly allowed: Readonly<Record<string, readonly string[]>>;
}

/** What an operation returns: the step's transaction and the edition as it stands after it. */
export interface StepResult {
  readonly tx: SignedTransaction;
  readonly edition: EditionDetail;
}

/** A step the node decided invalid (it was refused at ingest: the driver's HttpError, with the code). */
export class StepNotValidError extends Error {
  constructor(
    readonly txId: string,
    readonly status: string,
  ) {
    super(`SPOOL step ${txId} is ${status}, not valid`);
    this.name = 'StepNotValidError';
  }
}

/**
 * pyspool's operations on a BigchainDB node running the SPOOL rules: each builds the step, signs
 * it, posts it and waits until it is valid (`mode=commit`, pyspool's `sync=True`), then reads the
 * edition back. A refused step throws the driver's `HttpError` whose `code` is the rule's
 * (`SpoolEditionExists`, `DoubleSpend`, ...). Runs in Node and browsers, like the driver.
 */
export class SpoolClient {
  readonly connection: Connection;

  constructor(nodes: Connection | NodeSpec | readonly NodeSpec[], options: ConnectionOptions = {}) {
    this.connection = nodes instanceof Connection ? nodes : new Connection(nodes, options);
  }

  /** Registers a piece (its master, edition 0) to the artist; returns the piece id. */
  async registerPiece(args: {
    registrar: Keypair;
    artist: string;
    fileHash: string;
    fields?: Record<string, unknown>;
  }): Promise<StepResult> {
    const tx = buildStep.piece(args);
    await this.#post(tx);
    return { tx, edition: await this.history(tx.id, 0) };
  }

  /** Fixes the number of editions, once; the token goes to the master's current holder. */
  async setEditions(args: { registrar: Keypair; pieceId: string; numEditions: number }): Promise<StepResult> {
    const master = await this.history(args.pieceId, 0);
    const tx = buildStep.editions({ ...args, holder: master.holder ?? '' });
    await this.#post(tx);
    return { tx, edition: await this.history(args.pieceId, 0) };
  }

  /** Registers edition `edition` (1..N) to its first owner. */
  async registerEdition(args: {
    registrar: Keypair;
    pieceId: string;
    edition: number;
    owner: string;
  }): Promise<StepResult> {
    const tx = buildStep.register(args);
    await this.#post(tx);
    return { tx, edition: await this.history(args.pieceId, args.edition) };
  }

  transfer(args: Move): Promise<StepResult> {
    return this.#move('TRANSFER', args);
  }

  consign(args: Move): Promise<StepResult> {
    return this.#move('CONSIGN', args);
  }

  /** Back to the consignor (read from the ledger when `to` is not given). */
  async unconsign(args: Omit<Move, 'to'> & { to?: string }): Promise<StepResult> {
    const to = args.to ?? (await this.history(args.pieceId, args.edition)).consignor;
    if (to === null) throw new Error(`edition ${args.edition} of ${args.pieceId} is not consigned`);
    return this.#move('UNCONSIGN', { ...args, to });
  }

  /** Lends the edition to `loanee` from `start` to `end` (YYYY-MM-DD); the holder keeps it. */
  async loan(args: Omit<Move, 'to'> & { loanee: string; start: string; end: string }): Promise<StepResult> {
    const spend = await this.#current(args.pieceId, args.edition);
    const tx = buildStep.loan({ ...args, spend });
    await this.#post(tx);
    return { tx, edition: await this.history(args.pieceId, args.edition) };
  }

  /** The edition's holder, consignment, loans and history, as the node reads them. */
  async history(pieceId: string, edition: number): Promise<EditionDetail> {
    return (await this.connection.get(`/spool/pieces/${pieceId}/editions/${edition}`)) as EditionDetail;
  }

  /** Who holds the edition now (null before its registration is valid... or never). */
  async holder(pieceId: string, edition: number): Promise<string | null> {
    return (await this.history(pieceId, edition)).holder;
  }

  async piece(pieceId: string): Promise<PieceDetail> {
    return (await this.connection.get(`/spool/pieces/${pieceId}`)) as PieceDetail;
  }

  async pieces(fileHash: string): Promise<PieceSummary[]> {
    return (await this.connection.get('/spool/pieces', { file_hash: fileHash })) as PieceSummary[];
  }

  /** The editions a key holds now. */
  async heldBy(publicKey: string): Promise<{ piece_id: string; edition: number; asset_id: string }[]> {
    return (await this.connection.get(`/spool/owners/${publicKey}`)) as {
      piece_id: string;
      edition: number;
      asset_id: string;
    }[];
  }

  /**
   * The edition's state derived on this side from its raw transactions (`GET /transactions?asset_id=`,
   * ledger order), not from the node's registry: a check on the node's reading. Edition 1 and up.
   */
  async derive(assetId: string): Promise<EditionState> {
    const txs = await this.connection.listTransactions(assetId);
    return deriveHistory(txs.map((tx) => ({ tx })));
  }

  async #move(action: 'TRANSFER' | 'CONSIGN' | 'UNCONSIGN', args: Move): Promise<StepResult> {
    const spend = await this.#current(args.pieceId, args.edition);
    const tx = buildStep.move({ action, edition: args.edition, holder: args.holder, spend, to: args.to });
    await this.#post(tx);
    return { tx, edition: await this.history(args.pieceId, args.edition) };
  }

  /** The transaction holding the edition's output: the last step of its history that moved it. */
  async #current(pieceId: string, edition: number): Promise<SignedTransaction> {
    const detail = await this.history(pieceId, edition);
    const moved = detail.history.filter((h) => h.action !== 'EDITIONS');
    const last = moved[moved.length - 1];
    if (last === undefined) throw new Error(`edition ${edition} of ${pieceId} has no history`);
    return this.connection.getTransaction(last.transaction_id);
  }

  async #post(tx: SignedTransaction): Promise<void> {
    const { status } = await this.connection.submitTransaction(tx, 'commit');
    if (status !== null && status !== 'valid') throw new StepNotValidError(tx.id, status);
  }
}

/** A move of an edition by its holder. */
export interface Move {
  readonly pieceId: string;
  readonly edition: number;
  readonly holder: Keypair;
  readonly to: string;
}
