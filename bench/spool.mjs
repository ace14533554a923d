#!/usr/bin/env node
// The SPOOL registry's cost on one real node (`bigchaindb start` in its own process, SQLite or
// PostgreSQL), two figures (issue 11):
// 1. write throughput: --editions REGISTERs of one piece, each edition then moved through a chain
//    of --chain TRANSFERs (holder A -> B -> A ...), committed per second, against plain CREATEs
//    and TRANSFER chains of the same shape in the same run (target: at least 70% of plain);
// 2. read latency: `GET /api/v1/spool/pieces/{id}/editions/{n}` for an edition with --steps steps
//    (REGISTER then TRANSFERs), p50/p99 over --requests sequential requests (target p99 < 20 ms).
// Transactions are signed before they are timed; each edition (or plain asset) is one stream,
// posted in order (`mode=async`) by --clients streams at a time; the clock stops when every
// transaction is valid.
// Usage: npm run build && node bench/spool.mjs [--backend sqlite|postgresql] [--editions N]
//        [--chain N] [--steps N] [--requests N] [--clients N] [--first plain|spool]
import { Agent, request } from 'node:http';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import {
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  signTransaction,
} from '@bigchaindb-ts/core';
import { buildStep, fileHash } from '@bigchaindb-ts/spool';
import { NodeProcess } from '@bigchaindb-ts/testing';
import { helpIfAsked } from './lib/usage.mjs';

helpIfAsked(import.meta.url);

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'sqlite' },
    editions: { type: 'string', default: '10000' },
    chain: { type: 'string', default: '1' },
    steps: { type: 'string', default: '1000' },
    requests: { type: 'string', default: '300' },
    clients: { type: 'string', default: '16' },
    // Which case runs first; the other runs on a ledger that holds the first one's transactions.
    first: { type: 'string', default: 'plain' },
    // A folder for the node's CPU profile (node --cpu-prof).
    'cpu-prof': { type: 'string' },
  },
});
const editions = Number(values.editions);
const chain = Number(values.chain);
const steps = Number(values.steps);
const requests = Number(values.requests);
const clients = Number(values.clients);

console.log(
  `# node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg()[0].toFixed(1)}`,
);
console.log(`# command: node bench/spool.mjs ${process.argv.slice(2).join(' ')}`.trimEnd());

function send(url, agent, method = 'GET', body = undefined) {
  const t0 = performance.now();
  const headers = body === undefined ? {} : { 'content-type': 'application/json' };
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          ms: performance.now() - t0,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Posts the streams, each in order, `clients` at a time; throws on any refusal. */
async function post(api, streams, mode = 'async') {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  let next = 0;
  const client = async () => {
    for (let stream = streams[next++]; stream !== undefined; stream = streams[next++])
      for (const tx of stream) {
        const r = await send(`${api}/transactions?mode=${mode}`, agent, 'POST', JSON.stringify(tx));
        if (r.status !== 202) throw new Error(`POST ${tx.id}: ${r.status} ${r.body}`);
      }
  };
  await Promise.all(Array.from({ length: clients }, client));
  agent.destroy();
}

/** Polls until every id is valid (throws on invalid). */
async function waitValid(api, ids) {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  let pending = ids;
  while (pending.length > 0) {
    const still = [];
    let next = 0;
    const client = async () => {
      for (let id = pending[next++]; id !== undefined; id = pending[next++]) {
        const r = await send(`${api}/transactions/${id}/status`, agent);
        const status = r.status === 200 ? JSON.parse(r.body).status : `HTTP ${r.status}`;
        if (status === 'invalid') throw new Error(`${id} is invalid: ${r.body}`);
        if (status !== 'valid') still.push(id);
      }
    };
    await Promise.all(Array.from({ length: 8 }, client));
    pending = still;
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 200));
  }
  agent.destroy();
}

/** Posts the streams and waits for all valid: transactions committed per second. */
async function committedPerSecond(api, streams) {
  const ids = streams.flat().map((tx) => tx.id);
  const t0 = performance.now();
  await post(api, streams);
  // Only the last of each stream needs polling: it is valid only once its inputs are.
  await waitValid(
    api,
    streams.map((s) => s[s.length - 1].id),
  );
  const s = (performance.now() - t0) / 1000;
  return {
    transactions: ids.length,
    seconds: Math.round(s * 10) / 10,
    perSecond: Math.round(ids.length / s),
  };
}

const registrar = generateKeypair();
const [a, b] = [generateKeypair(), generateKeypair()];
const node = await NodeProcess.start({
  config: { database: { backend: values.backend }, spool: { registrars: [registrar.publicKey] } },
  ...(values['cpu-prof'] ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] } : {}),
});
const api = `${node.url}/api/v1`;
try {
  // A piece with enough editions for both parts, registered first (not timed).
  const piece = buildStep.piece({
    registrar,
    artist: a.publicKey,
    fileHash: fileHash(new TextEncoder().encode(`bench ${Date.now()}`)),
  });
  const setEditions = buildStep.editions({
    registrar,
    pieceId: piece.id,
    numEditions: editions + 1,
    holder: a.publicKey,
  });
  await post(api, [[piece]], 'commit');
  await post(api, [[setEditions]], 'commit');

  // The transactions of both cases, signed before anything is timed.
  const t0 = performance.now();
  const spoolStreams = [];
  for (let n = 1; n <= editions; n++) {
    const stream = [buildStep.register({ registrar, pieceId: piece.id, edition: n, owner: a.publicKey })];
    for (let i = 0; i < chain; i++) {
      const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
      stream.push(
        buildStep.move({
          action: 'TRANSFER',
          edition: n,
          holder: from,
          spend: stream[stream.length - 1],
          to: to.publicKey,
        }),
      );
    }
    spoolStreams.push(stream);
  }
  const plainStreams = [];
  for (let n = 1; n <= editions; n++) {
    const stream = [
      signTransaction(
        makeCreateTransaction(
          { bench: 'spool-plain', n, run: piece.id },
          null,
          [makeOwnerOutput(a.publicKey)],
          [registrar.publicKey],
        ),
        registrar.privateKey,
      ),
    ];
    for (let i = 0; i < chain; i++) {
      const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
      stream.push(
        signTransaction(
          makeTransferTransaction(
            [{ tx: stream[stream.length - 1], outputIndex: 0 }],
            [makeOwnerOutput(to.publicKey)],
            null,
          ),
          from.privateKey,
        ),
      );
    }
    plainStreams.push(stream);
  }
  console.log(
    `# signed ${2 * editions * (chain + 1)} transactions in ${Math.round(performance.now() - t0)} ms`,
  );

  let plain, spool;
  if (values.first === 'spool') {
    spool = await committedPerSecond(api, spoolStreams);
    plain = await committedPerSecond(api, plainStreams);
  } else {
    plain = await committedPerSecond(api, plainStreams);
    spool = await committedPerSecond(api, spoolStreams);
  }
  console.log(
    JSON.stringify({
      case: 'writes',
      backend: values.backend,
      editions,
      chain,
      plain,
      spool,
      ratio: Math.round((spool.perSecond / plain.perSecond) * 100) / 100,
    }),
  );

  // One edition with `steps` steps, then its GET timed.
  const long = [
    buildStep.register({ registrar, pieceId: piece.id, edition: editions + 1, owner: a.publicKey }),
  ];
  for (let i = 1; i < steps; i++) {
    const [from, to] = i % 2 === 1 ? [a, b] : [b, a];
    long.push(
      buildStep.move({
        action: 'TRANSFER',
        edition: editions + 1,
        holder: from,
        spend: long[long.length - 1],
        to: to.publicKey,
      }),
    );
  }
  await post(api, [long]);
  await waitValid(api, [long[long.length - 1].id]);
  const url = `${api}/spool/pieces/${piece.id}/editions/${editions + 1}`;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const first = await send(url, agent);
  const history = JSON.parse(first.body).history.length;
  if (history !== steps) throw new Error(`the edition has ${history} steps, not ${steps}`);
  for (let i = 0; i < 5; i++) await send(url, agent);
  const times = [];
  for (let i = 0; i < requests; i++) times.push((await send(url, agent)).ms);
  agent.destroy();
  times.sort((x, y) => x - y);
  const q = (p) => Math.round(times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] * 10) / 10;
  console.log(
    JSON.stringify({
      case: 'edition read',
      backend: values.backend,
      steps,
      requests,
      p50: q(0.5),
      p99: q(0.99),
      max: q(1),
    }),
  );
} finally {
  await node.stop();
}
