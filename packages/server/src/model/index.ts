export * from './clock.js';
export * from './block.js';
export * from './vote.js';
export * from './election.js';
