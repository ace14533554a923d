// The door of the `bigchaindb` command line: the program itself, and the steps `start` takes that
// an embedder repeats (open the configured store, initialise it, run a node with its HTTP API).
// The executable is main.ts, which bin/bigchaindb.js loads.
export { createProgram } from './program.js';
export { runStart, type StartOptions } from './start.js';
export { initNode, type InitNodeResult } from './init-node.js';
export { describeDatabase, openNodeStore } from './open-node-store.js';
export { CliError } from './cli-error.js';
export { reportError } from './report-error.js';
