// `bigchaindb miner start`: a proof-of-work node with the seed's files beside its chain path.
export { backupStamp, hashPathOf, saveChainFile } from './chain-file.js';
export { minerLogBackups, minerLogBytesMax, RotatingLog } from './rotating-log.js';
export {
  minerPaths,
  runMiner,
  saveIntervalMsDefault,
  type MinerOptions,
  type RunningMiner,
} from './run-miner.js';
export { powMode, powPeers, type PowPeers } from './pow-wiring.js';
