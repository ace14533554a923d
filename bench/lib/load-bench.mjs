// What bench/node.mjs and bench/federation.mjs share: the load options (the same as
// `bigchaindb load`), the header (exact command and machine), signing the workload once before any
// node starts, and the closing table and JSON line. Each run itself is measureLoad's.
import { parseArgs } from 'node:util';
import { helpIfAsked } from './usage.mjs';
import { describeMachine, formatTable, machineLine, makeWorkload, measureLoad } from '@bigchaindb-ts/load';

export const loadOptions = {
  count: { type: 'string', default: '20000' },
  duration: { type: 'string' },
  rate: { type: 'string' },
  concurrency: { type: 'string', default: '64' },
  connections: { type: 'string' },
  kind: { type: 'string', default: 'mix' },
  mode: { type: 'string', default: 'async' },
  'chain-length': { type: 'string', default: '10' },
  conflicts: { type: 'string', default: '0' },
  owners: { type: 'string', default: '1' },
  threshold: { type: 'string' },
  divisible: { type: 'boolean', default: false },
  'ceiling-seconds': { type: 'string', default: '3' },
  'idle-seconds': { type: 'string', default: '10' },
};

/** Parses the script's options, prints the command and the machine. */
export function start(script, extraOptions, defaults = {}) {
  helpIfAsked(new URL(`../../${script}`, import.meta.url));
  const options = { ...loadOptions, ...extraOptions };
  for (const [k, v] of Object.entries(defaults)) options[k] = { ...options[k], default: v };
  const { values } = parseArgs({ options, strict: true });
  const command = `node ${script} ${process.argv.slice(2).join(' ')}`.trimEnd();
  const machine = describeMachine();
  console.log(`# command: ${command}`);
  console.log(machineLine(machine));
  const num = (k) => (values[k] === undefined ? undefined : Number(values[k]));
  const rate = num('rate') ?? null;
  const duration = num('duration') ?? null;
  const run = {
    rate,
    // With a rate, the duration sizes the workload; without one, it stops the sending.
    durationSeconds: rate === null ? duration : null,
    concurrency: num('concurrency'),
    ...(values.connections === undefined ? {} : { connections: num('connections') }),
    mode: values.mode,
    ceilingSeconds: num('ceiling-seconds'),
    idleSeconds: num('idle-seconds'),
  };
  const workloadOptions = {
    kind: values.kind,
    count: rate !== null && duration !== null ? Math.round(rate * duration) : num('count'),
    chainLength: num('chain-length'),
    conflicts: num('conflicts'),
    owners: num('owners'),
    ...(values.threshold === undefined ? {} : { threshold: num('threshold') }),
    divisible: values.divisible,
  };
  return { values, command, machine, run, workloadOptions };
}

/** Signs the workload (once; each target starts on an empty ledger, so it serves them all). */
export async function sign(workloadOptions) {
  const t0 = performance.now();
  const workload = await makeWorkload({
    ...workloadOptions,
    onProgress: (n, total) => status(`signing ${n}/${total}`),
  });
  const seconds = (performance.now() - t0) / 1000;
  status('');
  console.log(
    `# workload: ${workload.description}: ${workload.size} transactions in ${workload.streams} streams, ` +
      `signed in ${seconds.toFixed(1)} s (${Math.round(workload.size / seconds)}/s)`,
  );
  return workload;
}

export function measure(options) {
  return measureLoad({ ...options, onProgress: status });
}

/** The table, then one JSON line with everything. */
export function finish(bench, { command, machine }, results, extra = {}) {
  status('');
  console.log(`\n${formatTable(results)}\n`);
  console.log(JSON.stringify({ bench, command, machine, ...extra, results }));
  if (results.some((r) => !r.checks.ok)) process.exitCode = 1;
}

let lastStatus = 0;
/** Progress on stderr: in place on a terminal, a line every 5 s otherwise. */
export function status(text) {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
  else if (text && Date.now() - lastStatus > 5000) {
    process.stderr.write(`${text}\n`);
    lastStatus = Date.now();
  }
}
