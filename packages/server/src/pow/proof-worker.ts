// The miner's worker thread: searches proofs off the event loop, a chunk at a time, and gives up
// as soon as the shared generation counter moves (the tip changed or the miner stopped).
import { parentPort, workerData } from 'node:worker_threads';
import { proofChunkSize } from './constants.js';
import { searchProof } from './proof.js';

interface SearchRequest {
  readonly id: number;
  readonly previous: number | null;
  readonly difficulty: number;
  readonly generation: number;
}

const generation = new Int32Array((workerData as { generation: SharedArrayBuffer }).generation);

parentPort!.on('message', (req: SearchRequest) => {
  for (let from = 0; ; from += proofChunkSize) {
    if (Atomics.load(generation, 0) !== req.generation) {
      parentPort!.postMessage({ id: req.id, proof: null });
      return;
    }
    const proof = searchProof(req.previous, req.difficulty, from, from + proofChunkSize);
    if (proof !== null) {
      parentPort!.postMessage({ id: req.id, proof });
      return;
    }
  }
});
