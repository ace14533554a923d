// A miner (in this process, real HTTP on loopback) whose neighbours serve chains that break one
// rule each, plus one neighbour that is not there: each bad peer is refused with the fault it
// served, the dead one is evicted, and the miner goes on taking and mining transactions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  base58Encode,
  decodePrivateKey,
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  signEd25519,
  signTransaction,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import { freePort, waitFor } from '@bigchaindb-ts/testing';
import { pino } from 'pino';
import {
  blockHash,
  genesisBlock,
  networkId,
  sealBlock,
  searchProof,
  signedText,
  type PowBlock,
} from '../pow/index.js';
import { runMiner, type RunningMiner } from './run-miner.js';

const network = { name: 'e2e-bad', difficulty: 1 };
const key = generateKeypair();

function create(data: Record<string, unknown>): SignedTransaction {
  return signTransaction(
    makeCreateTransaction(data, null, [makeOwnerOutput(key.publicKey, '1')], [key.publicKey]),
    key.privateKey,
  );
}

/** A block on `parent`, then changed by `tweak` and signed again: only the rule under test breaks. */
function mine(
  parent: PowBlock,
  timestamp: number,
  txs: SignedTransaction[] = [],
  tweak: Partial<PowBlock> = {},
) {
  const proof = searchProof(parent.proof, network.difficulty, 0, 1e6)!;
  const { signature: _unused, ...unsigned } = {
    ...sealBlock(parent, { timestamp, transactions: txs, proof }, key),
    ...tweak,
  };
  const signature = base58Encode(
    signEd25519(Buffer.from(signedText(unsigned)), decodePrivateKey(key.privateKey)),
  );
  return { ...unsigned, signature };
}

/** A chain of three blocks whose last (or first) breaks one rule. */
function badChain(fault: string): PowBlock[] {
  const g = genesisBlock(network);
  const t0 = Date.now() - 60_000;
  const b1 = mine(
    g,
    t0,
    fault === 'InvalidTransaction' ? [{ ...create({ bad: 1 }), metadata: { changed: true } }] : [],
  );
  const b2 = mine(b1, t0 + 1000);
  const b3 =
    fault === 'InvalidProof'
      ? mine(b2, t0 + 2000, [], { proof: searchProof(b2.proof, 1, 0, 1e6)! + 1 })
      : fault === 'TimestampNotIncreasing'
        ? mine(b2, b2.timestamp)
        : fault === 'BrokenLink'
          ? mine(b2, t0 + 2000, [], { previous_hash: 'ab'.repeat(32) })
          : mine(b2, t0 + 2000);
  return [g, b1, b2, b3];
}

/** Posts a transaction to a miner (202 expected) and waits until the miner reports it valid. */
async function postUntilValid(
  url: string,
  tx: SignedTransaction,
  what: string,
  timeoutMs?: number,
): Promise<void> {
  const posted = await fetch(`${url}/api/v1/transactions?mode=async`, {
    method: 'POST',
    body: JSON.stringify(tx),
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(posted.status, 202);
  await waitFor(
    what,
    async () => {
      const r = await fetch(`${url}/api/v1/transactions/${tx.id}/status`);
      return r.ok && ((await r.json()) as { status: string }).status === 'valid' ? true : undefined;
    },
    timeoutMs,
  );
}

function fakePeer(chain: PowBlock[]): Server {
  const tip = chain[chain.length - 1]!;
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const from = Number(url.searchParams.get('from') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const send = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/api/v1/peers/tip')
      return send({
        network_id: networkId(network),
        node_key: 'fake',
        height: tip.height,
        hash: blockHash(tip),
      });
    if (url.pathname === '/api/v1/peers/hashes')
      return send({
        hashes: chain.slice(from, from + limit).map((b) => ({ height: b.height, hash: blockHash(b) })),
      });
    if (url.pathname === '/api/v1/peers/blocks') return send({ blocks: chain.slice(from, from + limit) });
    if (url.pathname === '/api/v1/peers') return send({ peers: [] });
    return send({});
  });
}

describe('bad and dead peers', { timeout: 60_000 }, () => {
  const faults = ['InvalidProof', 'BrokenLink', 'TimestampNotIncreasing', 'InvalidTransaction'];
  const servers: Server[] = [];
  const urls: string[] = [];
  let deadUrl: string;
  let miner: RunningMiner;
  const dir = mkdtempSync(join(tmpdir(), 'pow-bad-'));

  before(async () => {
    for (const fault of faults) {
      const server = fakePeer(badChain(fault));
      const port = await freePort();
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
      servers.push(server);
      urls.push(`http://127.0.0.1:${port}`);
    }
    deadUrl = `http://127.0.0.1:${await freePort()}`;
    const port = await freePort();
    miner = await runMiner({
      chainPath: join(dir, 'test.chain'),
      port,
      host: '127.0.0.1',
      difficulty: network.difficulty,
      network: network.name,
      neighbours: [...urls, deadUrl],
      forceNewChain: false,
      confirmations: 1,
      blockIntervalMs: 50,
      syncIntervalMs: 200,
      gossipIntervalMs: 200,
      requestTimeoutMs: 1000,
      logger: pino({ level: 'silent' }),
    });
  });
  after(async () => {
    await miner?.stop();
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('each bad chain is refused with its fault, the dead peer is evicted, and mining goes on', async () => {
    await waitFor(
      'refusals and eviction',
      () => {
        const peers = miner.report().peers;
        const done =
          urls.every((u) => peers.find((p) => p.url === u)?.state === 'refused') &&
          peers.find((p) => p.url === deadUrl)?.state === 'evicted';
        return Promise.resolve(done ? true : undefined);
      },
      30_000,
    );
    const peers = miner.report().peers;
    faults.forEach((fault, i) => {
      const p = peers.find((q) => q.url === urls[i])!;
      assert.ok(
        p.refused_reason?.startsWith(fault),
        `${urls[i]}: ${String(p.refused_reason)} (wanted ${fault})`,
      );
    });
    // Nothing of theirs was adopted, and the miner still mines what it is given.
    assert.equal(miner.chain.tip().height, 0);
    await postUntilValid(miner.url, create({ after: 'bad peers' }), 'valid');
    const health = (await (await fetch(`${miner.url}/health`)).json()) as {
      status: string;
      peers: unknown[];
    };
    assert.equal(health.status, 'ok');
    assert.equal(health.peers.length, 5);
    // The seed's answers, in plain JSON.
    const unknown = await fetch(`${miner.url}/no/such/path?x=1`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { message: "'/no/such/path' is not a valid endpoint!" });
    const empty = await fetch(`${miner.url}/add?message=`, { method: 'PUT' });
    assert.equal(empty.status, 400);
    assert.deepEqual(await empty.json(), { message: 'No Message added!', more_information: 'Missing data.' });
    const neighbours = (await (await fetch(`${miner.url}/neighbours`)).json()) as {
      neighbours: unknown[];
      length: number;
    };
    assert.equal(neighbours.length, neighbours.neighbours.length);
    assert.ok(Array.isArray(await (await fetch(`${miner.url}/data`)).json()));
    // The API keeps its own 404 body.
    const api404 = (await (await fetch(`${miner.url}/api/v1/nothing`)).json()) as { code: string };
    assert.equal(api404.code, 'NotFound');
  });
});

describe('a bounded backlog', { timeout: 30_000 }, () => {
  test('refuses new transactions visibly (503 BacklogFull) while full', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pow-full-'));
    const miner = await runMiner({
      chainPath: join(dir, 'test.chain'),
      port: await freePort(),
      host: '127.0.0.1',
      difficulty: 1,
      network: 'e2e-full',
      neighbours: [],
      forceNewChain: false,
      // The first block is mined at once, the next only an hour later: the backlog fills.
      blockIntervalMs: 3_600_000,
      backlogMax: 1,
      logger: pino({ level: 'silent' }),
    });
    const postTx = async (tx: SignedTransaction) =>
      fetch(`${miner.url}/api/v1/transactions?mode=async`, {
        method: 'POST',
        body: JSON.stringify(tx),
        headers: { 'content-type': 'application/json' },
      });
    try {
      assert.equal((await postTx(create({ n: 1 }))).status, 202);
      await waitFor('the first block', () =>
        Promise.resolve(miner.chain.tip().height === 1 ? true : undefined),
      );
      const second = create({ n: 2 });
      assert.equal((await postTx(second)).status, 202);
      let refused: Response | undefined;
      await waitFor('a refusal', async () => {
        const r = await postTx(create({ n: 3 }));
        if (r.status === 503) refused = r;
        return refused ? true : undefined;
      });
      assert.equal(((await refused!.json()) as { code: string }).code, 'BacklogFull');
      const add = await fetch(`${miner.url}/add?message=full`, { method: 'PUT' });
      assert.equal(add.status, 503);
      // A miner that meets it takes its pending transactions once (the seed's data sync).
      const other = await runMiner({
        chainPath: join(dir, 'other', 'test.chain'),
        port: await freePort(),
        host: '127.0.0.1',
        difficulty: 1,
        network: 'e2e-full',
        neighbours: [miner.url],
        forceNewChain: false,
        syncIntervalMs: 100,
        logger: pino({ level: 'silent' }),
      });
      try {
        await waitFor('the pending transaction pulled', async () => {
          const r = await fetch(`${other.url}/api/v1/transactions/${second.id}/status`);
          return r.ok ? true : undefined;
        });
      } finally {
        await other.stop();
      }
    } finally {
      await miner.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a peer that claims a better chain and never serves it', { timeout: 60_000 }, () => {
  test('is evicted, stays out while it keeps announcing, and does not hold back sealing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pow-liar-'));
    const claim = { network_id: networkId(network), node_key: 'liar', height: 1000, hash: 'ff'.repeat(32) };
    // Its tip claims height 1,000; asked for hashes or blocks, it never answers.
    const liar = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/api/v1/peers/tip')
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(claim));
      if (path === '/api/v1/peers')
        return res.writeHead(200, { 'content-type': 'application/json' }).end('{"peers":[]}');
      if (path === '/data') return res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      // hashes, blocks: the request hangs until the caller gives up
    });
    const liarPort = await freePort();
    await new Promise<void>((r) => liar.listen(liarPort, '127.0.0.1', r));
    const liarUrl = `http://127.0.0.1:${liarPort}`;
    const miner = await runMiner({
      chainPath: join(dir, 'test.chain'),
      port: await freePort(),
      host: '127.0.0.1',
      difficulty: network.difficulty,
      network: network.name,
      neighbours: [liarUrl],
      forceNewChain: false,
      confirmations: 1,
      blockIntervalMs: 50,
      syncIntervalMs: 200,
      gossipIntervalMs: 200,
      requestTimeoutMs: 500,
      logger: pino({ level: 'silent' }),
    });
    const stateOfLiar = () => miner.report().peers.find((p) => p.url === liarUrl)?.state;
    let announcing = true;
    try {
      await waitFor('the liar evicted', () =>
        Promise.resolve(stateOfLiar() === 'evicted' ? true : undefined),
      );
      // It announces its claim again and again; the miner goes on sealing what it is given.
      const announcements = (async () => {
        while (announcing) {
          await fetch(`${miner.url}/api/v1/peers/announce`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ from: liarUrl, ...claim }),
          }).catch(() => undefined);
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      await postUntilValid(
        miner.url,
        create({ while: 'a liar announces' }),
        'sealed while the liar announces',
        4_000,
      );
      assert.equal(stateOfLiar(), 'evicted');
      announcing = false;
      await announcements;
    } finally {
      announcing = false;
      await miner.stop();
      liar.closeAllConnections();
      liar.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
