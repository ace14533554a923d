import { parentPort, workerData } from 'node:worker_threads';
import {
  generateKeypair,
  decodePrivateKey,
  decodePublicKey,
  sha3,
  signEd25519,
  verifyEd25519,
} from '@bigchaindb-ts/core';

// Worker thread of measureVerifyCeiling: verifies real signatures through the core's verify (the
// node's own path: sodium-native when installed) for a window, and reports how many it did.
const { seconds, items: n } = workerData as { seconds: number; items: number };
// Distinct keys, as the node sees them.
const items = Array.from({ length: n }, (_, i) => {
  const pair = generateKeypair();
  // Transaction inputs sign 32-byte SHA3-256 digests.
  const message = sha3(`load ceiling ${i} ${Math.random()}`);
  return {
    publicKey: decodePublicKey(pair.publicKey),
    message,
    signature: signEd25519(message, decodePrivateKey(pair.privateKey)),
  };
});

parentPort?.once('message', () => {
  let ops = 0;
  let failed = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  do {
    for (const it of items) if (!verifyEd25519(it.publicKey, it.message, it.signature)) failed++;
    ops += items.length;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  parentPort?.postMessage({ ops, failed, seconds: Number(elapsed) / 1e9 });
});
parentPort?.postMessage('ready');
