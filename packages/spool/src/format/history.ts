import { stepOf, type Loan, type Step } from './transactions.js';

/** An edition as its history leaves it. */
export interface EditionState {
  /** The key holding the edition's output (the consignee while consigned; a loan does not move it). */
  readonly holder: string | null;
  readonly consigned_to: string | null;
  /** Who consigned it: the signer of the last CONSIGN, when the last step that moved it was one. */
  readonly consignor: string | null;
  readonly loans: readonly Loan[];
  readonly history: readonly HistoryEntry[];
}

/** A history entry as `GET /api/v1/spool/pieces/{id}/editions/{n}` lists it. */
export interface HistoryEntry {
  readonly action: Step['action'];
  readonly verb: string;
  readonly from: string;
  readonly to: string;
  readonly transaction_id: string;
  readonly block_height: number | null;
}

/**
 * Replays an edition's steps in ledger order (block height, then position). A step that moves the
 * output sets the holder; CONSIGN makes its signer the consignor and the recipient the consignee,
 * and any later step that moves the edition ends that; loans are listed and move nothing. This is
 * pyspool's reading (the holder is the recipient of the last step that is not a loan) without its
 * faults: the consignor is the CONSIGN's signer even when loans follow (F-A12), and an edition
 * whose steps are all loans has no holder rather than a crash.
 */
export function replay(steps: readonly Step[]): EditionState {
  let holder: string | null = null;
  let consignor: string | null = null;
  const loans: Loan[] = [];
  const history: HistoryEntry[] = [];
  for (const s of steps) {
    history.push({
      action: s.action,
      verb: s.verb,
      from: s.from,
      to: s.to,
      transaction_id: s.transaction_id,
      block_height: s.block_height,
    });
    switch (s.action) {
      case 'LOAN':
        loans.push({ ...s.loan!, transaction_id: s.transaction_id });
        break;
      case 'EDITIONS':
        break;
      case 'CONSIGN':
        consignor = s.from;
        holder = s.holder;
        break;
      default:
        consignor = null;
        holder = s.holder;
    }
  }
  return { holder, consigned_to: consignor === null ? null : holder, consignor, loans, history };
}

/** The state of an edition from its transactions in ledger order, as a client reads them. */
export function deriveHistory(
  txs: readonly { readonly tx: Parameters<typeof stepOf>[0]; readonly blockHeight?: number | null }[],
): EditionState {
  return replay(txs.map(({ tx, blockHeight }) => stepOf(tx, blockHeight ?? null)));
}
