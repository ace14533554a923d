import { RunRecord } from './record.js';
import { sendWorkload, type SendMode } from './send.js';
import { Workload, type Stream } from './workload.js';

/** What happened to one transaction on its way in. */
export interface Sent {
  readonly id: string;
  readonly sentAtMs: number;
  readonly answeredAtMs: number;
  /** HTTP status of the POST, or 0 when the request failed. */
  readonly httpStatus: number;
  readonly errorCode?: string;
}

export interface LoadRunOptions {
  /** API root, e.g. `http://127.0.0.1:9984/api/v1`. */
  readonly url: string;
  readonly streams: readonly Stream[];
  readonly concurrency: number;
  /** Transactions per second to aim for; null = as fast as the node answers. */
  readonly rate: number | null;
  readonly mode: SendMode;
  readonly onProgress?: (done: number) => void;
}

/**
 * Posts given signed transactions (each stream in order, the next once the previous was accepted)
 * and says what became of each sent one. For a measured run, see `measureLoad`.
 */
export async function runLoad(options: LoadRunOptions): Promise<Sent[]> {
  const workload = Workload.fromStreams(options.streams);
  const record = new RunRecord(workload.size);
  await sendWorkload({
    targets: [options.url],
    workload,
    record,
    concurrency: options.concurrency,
    rate: options.rate,
    mode: options.mode,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const sent: Sent[] = [];
  for (let i = 0; i < workload.size; i++) {
    if (!record.sent(i)) continue;
    const code = record.codeText(record.refusal[i]!);
    sent.push({
      id: workload.id(i),
      sentAtMs: record.sentAt[i]!,
      answeredAtMs: record.answeredAt[i]!,
      httpStatus: record.httpStatus[i]!,
      ...(code === undefined ? {} : { errorCode: code }),
    });
  }
  return sent;
}
