/** What is known of each transaction of a workload during and after a run, one slot per index. */
export const Fate = {
  /** Not asked yet, or the node could not be asked. */
  unknown: 0,
  backlog: 1,
  undecided: 2,
  valid: 3,
  invalid: 4,
  /** The node answered 404 for an accepted transaction. */
  missing: 5,
} as const;

export const fateNames = ['unknown', 'backlog', 'undecided', 'valid', 'invalid', 'missing'] as const;

export class RunRecord {
  /** Client clock (epoch ms) when the POST left; NaN when never sent. */
  readonly sentAt: Float64Array;
  /** When the answer came back. */
  readonly answeredAt: Float64Array;
  /** HTTP status of the POST; 0 when it failed or was never sent. */
  readonly httpStatus: Uint16Array;
  /** Error code of a refused POST (index into `codes`), -1 when none. */
  readonly refusal: Int16Array;
  readonly fate: Uint8Array;
  /** The node's `updated_at_ms` of a decided transaction. */
  readonly decidedAt: Float64Array;
  /** Reason code of an invalid transaction (index into `codes`), -1 when none. */
  readonly reason: Int16Array;
  private readonly codes: string[] = [];
  private readonly codeIndex = new Map<string, number>();

  constructor(readonly size: number) {
    this.sentAt = new Float64Array(size).fill(NaN);
    this.answeredAt = new Float64Array(size).fill(NaN);
    this.httpStatus = new Uint16Array(size);
    this.refusal = new Int16Array(size).fill(-1);
    this.fate = new Uint8Array(size);
    this.decidedAt = new Float64Array(size).fill(NaN);
    this.reason = new Int16Array(size).fill(-1);
  }

  sent(i: number): boolean {
    return !Number.isNaN(this.sentAt[i]!);
  }

  accepted(i: number): boolean {
    return this.httpStatus[i] === 202;
  }

  code(text: string): number {
    let k = this.codeIndex.get(text);
    if (k === undefined) {
      k = this.codes.push(text) - 1;
      this.codeIndex.set(text, k);
    }
    return k;
  }

  codeText(k: number): string | undefined {
    return k < 0 ? undefined : this.codes[k];
  }
}

/** The client's clock: the wall clock, as the node's `updated_at_ms` is, so the two subtract. */
export const clientNow = (): number => Date.now();
