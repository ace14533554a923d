#!/usr/bin/env node
// Committed transactions per second, accept→valid latency, correctness and memory of one real node
// (`bigchaindb start` in its own process) on SQLite and/or PostgreSQL, measured by the same
// measureLoad as `bigchaindb load`, with this machine's Ed25519 verify ceiling before each run.
// With --metrics, each backend runs twice in the one run, on the same signed workload: metrics
// off (`statsd.host` empty, nobody scraping) and then on (a scraper reading /metrics every second,
// StatsD at rate 1.0 to a UDP listener here), and the two committed rates and their ratio are
// printed (issue 13's target: metrics cost under 3%). On a shared machine one pair is noise:
// --rounds N runs N pairs in ABBA order (off, on, on, off, ...) so drift cancels, and prints each
// pair, the median of the pairs' ratios and the ratio of the summed rates.
// Usage: npm run build && node bench/node.mjs [--backends sqlite,postgresql] [--count N]
//        [--duration S] [--rate TX_PER_S] [--concurrency N] [--connections N]
//        [--kind create|transfer|mix] [--chain-length N] [--conflicts FRACTION] [--owners N]
//        [--threshold M] [--divisible] [--mode async|sync|commit] [--ceiling-seconds S]
//        [--idle-seconds S] [--metrics [--rounds N]]
import { createSocket } from 'node:dgram';
import { dropDatabase, NodeProcess } from '@bigchaindb-ts/testing';
import { finish, measure, sign, start } from './lib/load-bench.mjs';

const setup = start('bench/node.mjs', {
  backends: { type: 'string', default: 'sqlite,postgresql' },
  metrics: { type: 'boolean', default: false },
  rounds: { type: 'string', default: '1' },
});
const workload = await sign(setup.workloadOptions);

/** What the metrics-on run's observers saw: scrapes made and StatsD lines received. */
const observed = { scrapes: 0, scrapeFailures: 0, statsdLines: 0, statsdDatagrams: 0 };

/** A StatsD server stand-in: a UDP socket that counts what arrives. */
async function startStatsdListener() {
  const socket = createSocket('udp4');
  socket.on('message', (msg) => {
    observed.statsdDatagrams++;
    observed.statsdLines += msg.toString('utf8').split('\n').length;
  });
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

/** Reads /metrics every second, as a Prometheus with scrape_interval 1s would. */
function startScraper(url) {
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const res = await fetch(`${url}/metrics`);
      await res.text();
      if (res.ok) observed.scrapes++;
      else observed.scrapeFailures++;
    } catch {
      observed.scrapeFailures++;
    } finally {
      busy = false;
    }
  }, 1000);
  return () => clearInterval(timer);
}

async function runOne(backend, metrics) {
  const database =
    backend === 'postgresql'
      ? {
          backend: 'postgresql',
          host: '127.0.0.1',
          port: 5432,
          name: `bench_${Date.now()}`,
          user: 'postgres',
        }
      : { backend: 'sqlite' };
  const listener = metrics === 'on' ? await startStatsdListener() : undefined;
  const statsd =
    metrics === undefined
      ? {}
      : {
          statsd:
            listener === undefined
              ? { host: '' }
              : { host: '127.0.0.1', port: listener.address().port, rate: 1 },
        };
  const node = await NodeProcess.start({ config: { database, ...statsd } });
  node.keepOutput = false;
  const stopScraper = metrics === 'on' ? startScraper(node.url) : undefined;
  const name = backend === 'postgresql' ? '1 node, PostgreSQL' : '1 node, SQLite';
  try {
    return await measure({
      label: metrics === undefined ? name : `${name}, metrics ${metrics}`,
      targets: [`${node.url}/api/v1`],
      workload,
      pids: [node.pid],
      ...setup.run,
    });
  } finally {
    stopScraper?.();
    listener?.close();
    await node.stop('SIGTERM');
    // The whole database goes (`bigchaindb drop` empties it and leaves it behind).
    if (backend === 'postgresql')
      await dropDatabase({ ...database, name: database.name }).catch(() => undefined);
    node.cleanup();
  }
}

const results = [];
const comparisons = [];
for (const backend of setup.values.backends.split(',')) {
  if (!setup.values.metrics) {
    results.push(await runOne(backend));
    continue;
  }
  const rounds = Math.max(1, Number(setup.values.rounds));
  const pairs = [];
  for (let round = 0; round < rounds; round++) {
    // ABBA: the odd rounds run on first, so a machine getting busier or quieter favours neither.
    const order = round % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
    const pair = {};
    for (const which of order) {
      if (which === 'on')
        Object.assign(observed, { scrapes: 0, scrapeFailures: 0, statsdLines: 0, statsdDatagrams: 0 });
      pair[which] = await runOne(backend, which);
      results.push(pair[which]);
    }
    const offRate = pair.off.steady.committedPerSecond;
    const onRate = pair.on.steady.committedPerSecond;
    pairs.push({
      committedPerSecondOff: Math.round(offRate),
      committedPerSecondOn: Math.round(onRate),
      onOverOff: Number((onRate / offRate).toFixed(4)),
      ...observed,
    });
  }
  const ratios = pairs.map((p) => p.onOverOff).sort((a, b) => a - b);
  const median =
    ratios.length % 2 === 1
      ? ratios[(ratios.length - 1) / 2]
      : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
  const sumOff = pairs.reduce((t, p) => t + p.committedPerSecondOff, 0);
  const sumOn = pairs.reduce((t, p) => t + p.committedPerSecondOn, 0);
  comparisons.push({
    backend,
    pairs,
    medianOnOverOff: Number(median.toFixed(4)),
    summedOnOverOff: Number((sumOn / sumOff).toFixed(4)),
    costPercent: Number((100 * (1 - sumOn / sumOff)).toFixed(2)),
  });
}
for (const c of comparisons) {
  c.pairs.forEach((p, i) =>
    console.log(
      `# metrics cost, ${c.backend}, pair ${i + 1}: ${p.committedPerSecondOff}/s off, ` +
        `${p.committedPerSecondOn}/s on (on/off ${p.onOverOff}; ${p.scrapes} scrapes, ` +
        `${p.scrapeFailures} failed; ${p.statsdLines} StatsD lines in ${p.statsdDatagrams} datagrams)`,
    ),
  );
  console.log(
    `# metrics cost, ${c.backend}: on/off median ${c.medianOnOverOff}, summed ${c.summedOnOverOff} ` +
      `(cost ${c.costPercent}%)`,
  );
}
finish('node', setup, results, comparisons.length > 0 ? { metricsComparison: comparisons } : {});
