#!/usr/bin/env node
// Ed25519 verification rate versus full stateless validation of a 1-input 1-output TRANSFER
// (JSON.parse + schema + id + signing message + fulfillment decode + signature), single thread.
// Usage: npm run build && node bench/validation.mjs [seconds-per-case]
import { createPublicKey, verify } from 'node:crypto';
import { availableParallelism, cpus, totalmem } from 'node:os';
import * as core from '../packages/core/dist/index.js';

const seconds = Number(process.argv[2] ?? 2);
const N = 2000;

function measure(label, fn, items) {
  // Warm up, then run whole passes over distinct items until the time is used; report ops/s.
  for (let i = 0; i < Math.min(items.length, 500); i++) fn(items[i]);
  let ops = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  do {
    for (const item of items) fn(item);
    ops += items.length;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  const rate = (ops * 1e9) / Number(elapsed);
  console.log(
    `${label.padEnd(58)} ${Math.round(rate).toString().padStart(8)} /s  ${(1e6 / rate).toFixed(1).padStart(6)} µs`,
  );
  return rate;
}

console.log(
  `# node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
);
console.log(
  `# core Ed25519 backend: ${core.ed25519Backend}; ${N} distinct transactions, ${seconds} s per case`,
);
console.log(`# command: node bench/validation.mjs ${seconds}`);

// Distinct keys, CREATEs, and one TRANSFER spending each, all signed before timing.
const txs = [];
for (let i = 0; i < N; i++) {
  const a = core.generateKeypair();
  const b = core.generateKeypair();
  const create = core.signTransaction(
    core.makeCreateTransaction({ n: i }, null, [core.makeOwnerOutput(a.publicKey)], [a.publicKey]),
    a.privateKey,
  );
  const transfer = core.signTransaction(
    core.makeTransferTransaction([{ tx: create, outputIndex: 0 }], [core.makeOwnerOutput(b.publicKey)], null),
    a.privateKey,
  );
  txs.push({ transfer, text: JSON.stringify(transfer), a });
}
const triples = txs.map(({ transfer, a }) => {
  const fulfillment = Buffer.from(transfer.inputs[0].fulfillment, 'base64url');
  return {
    pk: Buffer.from(core.decodePublicKey(a.publicKey)),
    msg: core.signingMessage(transfer, 0),
    sig: fulfillment.subarray(fulfillment.length - 64),
  };
});
for (const t of triples)
  if (!core.verifyEd25519(t.pk, t.msg, t.sig)) throw new Error('bench setup: bad signature');

const verifyRate = measure(
  `Ed25519 verify (${core.ed25519Backend}, the core's path)`,
  (t) => core.verifyEd25519(t.pk, t.msg, t.sig),
  triples,
);
const keyed = triples.map((t) => ({
  ...t,
  key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: t.pk.toString('base64url') }, format: 'jwk' }),
}));
measure('Ed25519 verify (node:crypto, cached KeyObject)', (t) => verify(null, t.msg, t.key, t.sig), keyed);
const ctx = { nowMs: Date.now() };
const statelessRate = measure(
  'stateless validation of a 1-in/1-out TRANSFER (parse+schema+id+sig)',
  (t) => core.validateStateless(JSON.parse(t.text), { ctx, sizeBytes: t.text.length }),
  txs,
);
const ratio = statelessRate / verifyRate;
console.log(`stateless validation / verify = ${(ratio * 100).toFixed(1)}% (target ≥ 70%)`);
console.log(
  JSON.stringify({
    bench: 'validation',
    verifyPerSecond: Math.round(verifyRate),
    statelessPerSecond: Math.round(statelessRate),
    ratio: Number(ratio.toFixed(3)),
    backend: core.ed25519Backend,
  }),
);
