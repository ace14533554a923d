// The door of backups: dump, verify and restore (docs/backup.md).
export { dumpChain, type DumpOptions, type DumpSummary } from './dump.js';
export {
  dumpFormat,
  dumpFormatVersion,
  readDumpLines,
  type DumpBlockLine,
  type DumpHeader,
  type DumpTrailer,
} from './format.js';
export { progressLine, type Progress } from './progress.js';
export { ReplayClock, RestoreTargetNotEmpty, restoreChain, verifyChain } from './restore.js';
export { ChainVerifier, DumpRefusal, type ChainSummary, type DumpPosition } from './verify.js';
