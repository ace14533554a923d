import { parentPort, workerData } from 'node:worker_threads';
import { UnitBuilder, type BuildSpec } from './build.js';

// Worker thread of makeWorkload: signs ranges of units and hands the bytes back without a copy.
const builder = new UnitBuilder(workerData as BuildSpec);
parentPort?.on('message', ([from, to]: [number, number]) => {
  const b = builder.batch(from, to);
  parentPort?.postMessage(b, [
    b.ids.buffer as ArrayBuffer,
    b.bodies.buffer as ArrayBuffer,
    b.offsets.buffer as ArrayBuffer,
  ]);
});
