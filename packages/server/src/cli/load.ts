import type { Config } from '../config/config.js';
import {
  collectFates,
  formatReport,
  makeWorkload,
  runLoad as sendLoad,
  summarize,
  type WorkloadKind,
} from '../load/index.js';

/** How `POST /transactions` answers: at once, after validation, or once the block is decided. */
export type LoadMode = 'async' | 'sync' | 'commit';

export interface LoadOptions {
  /** How many transactions to send. */
  readonly count: number;
  /** How many requests may be in flight at once. */
  readonly concurrency: number;
  /** Transactions per second to aim for; null sends as fast as the node answers. */
  readonly rate: number | null;
  readonly mode: LoadMode;
  /** The API endpoint to send to, e.g. `http://localhost:9984/api/v1`. */
  readonly url: string;
  /** What to send: independent CREATEs, transfer chains, or a mix. */
  readonly kind?: WorkloadKind;
}

/**
 * `bigchaindb load`: signs `count` test transactions (before timing), posts them to a node, then
 * asks for every accepted transaction's fate and prints throughput and latency. The last line is
 * the same figures as JSON, for scripts.
 */
export async function runLoad(_config: Config, options: LoadOptions): Promise<void> {
  const progress = progressLine();
  const kind = options.kind ?? 'create';
  const streams = makeWorkload({
    kind,
    count: options.count,
    onProgress: (n) => progress(`signing ${n}/${options.count}`),
  });
  progress(`signed ${options.count} ${kind} transactions; sending to ${options.url}`);
  const sent = await sendLoad({
    url: options.url,
    streams,
    concurrency: options.concurrency,
    rate: options.rate,
    mode: options.mode,
    onProgress: (n) => {
      if (n % 500 === 0 || n === options.count) progress(`sent ${n}/${options.count}`);
    },
  });
  const accepted = sent.filter((s) => s.httpStatus === 202).map((s) => s.id);
  const fates = await collectFates(options.url, accepted, {
    onProgress: (n) => progress(`decided ${n}/${accepted.length}`),
  });
  progress.done();
  const report = summarize(sent, fates);
  const label = `bigchaindb load --count ${options.count} --concurrency ${options.concurrency}${
    options.rate === null ? '' : ` --rate ${options.rate}`
  } --mode ${options.mode} --kind ${kind} --url ${options.url}`;
  process.stdout.write(`${formatReport(report, label)}\n${JSON.stringify({ load: report })}\n`);
}

/** One status line on stderr: rewritten in place on a terminal, a line every few seconds otherwise. */
function progressLine(): ((text: string) => void) & { done: () => void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  const show = (text: string) => {
    const now = Date.now();
    if (tty) process.stderr.write(`\r\x1b[2K${text}`);
    else if (now - last > 2000) {
      process.stderr.write(`${text}\n`);
      last = now;
    }
  };
  return Object.assign(show, { done: () => tty && process.stderr.write('\r\x1b[2K') });
}
